import { createReadStream } from 'node:fs';
import { connect, type Socket } from 'node:net';

/**
 * Virus scanning of uploaded files with ClamAV's daemon (clamd), spoken to directly over its INSTREAM
 * protocol on a Unix socket or TCP: the file is sent in length-prefixed chunks and clamd answers
 * "stream: OK" or "stream: <signature> FOUND". No library is needed for a protocol this small, and speaking it
 * ourselves lets every failure (refused connection, timeout, size limit, garbled answer) end in the same
 * `ScannerUnavailable`, so that an upload fails closed whatever went wrong.
 */

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

export interface VirusScanner {
  /** Scans a whole file on disk. Resolves with the verdict; rejects with `ScannerUnavailable` otherwise. */
  scanFile(path: string): Promise<ScanVerdict>;
  /** Where the scanner is, for logs and /readyz (never a secret). */
  readonly description: string;
}

/** The scanner is configured but did not give a verdict: the upload must be refused, not let through. */
export class ScannerUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScannerUnavailable';
  }
}

export type ClamdTarget = { socket: string } | { host: string; port: number };

export interface ClamdOptions {
  /** How long one scan may take, connection included, before the scanner counts as down. */
  timeoutMs?: number;
  /** Bytes per INSTREAM chunk. */
  chunkBytes?: number;
}

/** Answers longer than this are not clamd's: the connection is dropped. */
const MAX_REPLY_BYTES = 4096;

export class ClamdScanner implements VirusScanner {
  readonly description: string;
  private readonly target: ClamdTarget;
  private readonly timeoutMs: number;
  private readonly chunkBytes: number;

  constructor(target: ClamdTarget, options: ClamdOptions = {}) {
    this.target = target;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.chunkBytes = options.chunkBytes ?? 64 * 1024;
    this.description =
      'socket' in target ? `clamd at ${target.socket}` : `clamd at ${target.host}:${target.port}`;
  }

  /** PING → PONG: whether clamd answers at all. */
  async ping(): Promise<boolean> {
    try {
      const reply = await this.exchange(async (socket) => {
        await write(socket, Buffer.from('zPING\0'));
      });
      return reply === 'PONG';
    } catch {
      return false;
    }
  }

  scanFile(path: string): Promise<ScanVerdict> {
    const chunkBytes = this.chunkBytes;
    // Opened only once clamd takes the stream, and closed however the scan ends: a stream opened up front and
    // never read (clamd down) outlived the upload's clean-up, and its ENOENT ended the process (found in CI).
    async function* file() {
      const stream = createReadStream(path, { highWaterMark: chunkBytes });
      try {
        yield* stream;
      } finally {
        stream.destroy();
      }
    }
    return this.scan(file());
  }

  /** Scans bytes from any source. A source that fails makes the scan fail (ScannerUnavailable), never "clean". */
  async scan(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>): Promise<ScanVerdict> {
    const reply = await this.exchange(async (socket, closed) => {
      await write(socket, Buffer.from('zINSTREAM\0'));
      for await (const raw of source) {
        const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
        // clamd may answer (size limit) and close before we have sent everything: stop sending then.
        if (closed()) return;
        for (let offset = 0; offset < chunk.byteLength; offset += this.chunkBytes) {
          const piece = chunk.subarray(offset, Math.min(offset + this.chunkBytes, chunk.byteLength));
          const length = Buffer.alloc(4);
          length.writeUInt32BE(piece.byteLength);
          await write(socket, Buffer.concat([length, piece]));
        }
      }
      await write(socket, Buffer.alloc(4)); // a zero-length chunk ends the stream
    });
    return parseVerdict(reply);
  }

  /**
   * Opens a connection, lets `send` write the command, and resolves with clamd's one NUL-terminated answer.
   * Any error, a timeout, or a connection closed without an answer rejects with ScannerUnavailable.
   */
  private exchange(send: (socket: Socket, closed: () => boolean) => Promise<void>): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const socket = 'socket' in this.target ? connect(this.target.socket) : connect(this.target);
      let received = Buffer.alloc(0);
      let done = false;
      const finish = (error: Error | null, reply?: string) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        socket.destroy();
        if (error) reject(error);
        else resolve(reply!);
      };
      const timer = setTimeout(
        () =>
          finish(new ScannerUnavailable(`${this.description} did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      socket.on('error', (e) =>
        finish(new ScannerUnavailable(`${this.description}: ${e.message}`, { cause: e })),
      );
      socket.on('data', (data: Buffer) => {
        received = Buffer.concat([received, data]);
        const end = received.indexOf(0);
        if (end >= 0) finish(null, received.subarray(0, end).toString('utf8').trim());
        else if (received.byteLength > MAX_REPLY_BYTES)
          finish(new ScannerUnavailable(`${this.description} gave an answer that is not clamd's`));
      });
      socket.on('close', () => {
        // clamd ends its answer with NUL; an answer cut short (or none) is no verdict.
        const text = received.toString('utf8').trim();
        finish(
          new ScannerUnavailable(
            text
              ? `${this.description} closed the connection after an incomplete answer: ${JSON.stringify(text.slice(0, 200))}`
              : `${this.description} closed the connection without an answer`,
          ),
        );
      });
      socket.once('connect', () => {
        send(socket, () => done || socket.destroyed).catch((e: unknown) => {
          // A write that fails because clamd already answered and closed is not an error: its answer counts.
          if (!done)
            setTimeout(
              () =>
                finish(new ScannerUnavailable(`${this.description}: ${(e as Error).message}`, { cause: e })),
              50,
            );
        });
      });
    });
  }
}

/** "stream: OK" is clean; "stream: <name> FOUND" is infected; anything else (e.g. "... ERROR") is no verdict. */
export function parseVerdict(reply: string): ScanVerdict {
  const text = reply.replace(/^\d+: /, ''); // an IDSESSION reply carries a request number
  if (text === 'stream: OK') return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found) return { clean: false, signature: found[1]! };
  throw new ScannerUnavailable(`clamd could not scan the file: ${JSON.stringify(text.slice(0, 200))}`);
}

function write(socket: Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      reject(new Error('connection closed'));
      return;
    }
    socket.write(data, (e) => (e ? reject(e) : resolve()));
  });
}

/** The scanner the configuration asks for: clamd on a Unix socket or on host:port, or none. */
export function scannerFromConfig(config: {
  clamd?: ClamdTarget | undefined;
  clamdTimeoutMs?: number;
}): ClamdScanner | undefined {
  if (!config.clamd) return undefined;
  return new ClamdScanner(config.clamd, { timeoutMs: config.clamdTimeoutMs });
}
