import { createHash, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { UploadRefused } from './refusal.ts';
import { ScannerUnavailable, type VirusScanner } from './scan.ts';
import { PdfObjectStreamInspector } from './pdf-object-streams.ts';

export { UploadRefused, type UploadRefusalCode } from './refusal.ts';

/**
 * Uploaded documents on disk, content-addressed: `<root>/<first two hex of sha256>/<sha256>`.
 * A file is streamed to `<root>/tmp` while it is hashed, counted and checked, fsynced, and only then renamed
 * into place, so a crash never leaves a half file under a final name and the same content is stored once.
 * The type comes from the content, never from the name or the client's content type.
 */
export interface StoredFile {
  /** Relative path under the store's root, `ab/abcdef…` (64 hex). */
  storageKey: string;
  sha256: string;
  size: number;
  mediaType: AllowedMediaType;
  /** The client's file name made safe with `DocumentStore.safeFilename`. */
  filename: string;
}

export const allowedMediaTypes = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'application/dicom',
  'text/plain',
] as const;
export type AllowedMediaType = (typeof allowedMediaTypes)[number];

export function isAllowedMediaType(type: string): type is AllowedMediaType {
  return (allowedMediaTypes as readonly string[]).includes(type);
}

/** How many leading bytes are kept for type detection (file-type's own sample size). */
export const SNIFF_BYTES = 4100;

const storageKeyPattern = /^([0-9a-f]{2})\/([0-9a-f]{64})$/;

export class DocumentStore {
  readonly rootDir: string;
  /** When set, every file is scanned before it is stored; no verdict means no file (fail closed). */
  readonly scanner: VirusScanner | undefined;

  constructor(rootDir: string, options: { scanner?: VirusScanner } = {}) {
    this.rootDir = resolve(rootDir);
    this.scanner = options.scanner;
  }

  async save(
    source: AsyncIterable<Uint8Array | string> | NodeJS.ReadableStream,
    options: { maxBytes: number; filename: string },
  ): Promise<StoredFile> {
    const filename = DocumentStore.safeFilename(options.filename);
    const tmpDir = join(this.rootDir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmpPath = join(tmpDir, `${randomUUID()}.part`);
    let handle: FileHandle | undefined = await open(tmpPath, 'wx', 0o600);
    let tmpExists = true;
    const writer = new BatchedWriter(handle);
    try {
      const hash = createHash('sha256');
      const scanner = new PdfActiveContentScanner();
      // Dictionaries hidden in compressed object streams are looked at too.
      const objectStreams = new PdfObjectStreamInspector();
      const activeFound = () => scanner.found ?? objectStreams.found;
      let size = 0;
      let pending: Uint8Array[] = [];
      let pendingBytes = 0;
      let mediaType: AllowedMediaType | undefined;
      let text: TextValidator | undefined;

      const refuseActive = () => {
        throw new UploadRefused('active-content', { found: activeFound() });
      };
      const decide = async (sample: Uint8Array, complete: boolean) => {
        mediaType = await classify(sample, complete);
        if (mediaType === 'text/plain') {
          text = new TextValidator();
          for (const chunk of pending) text.push(chunk);
        }
        pending = [];
        pendingBytes = 0;
      };

      for await (const raw of source as AsyncIterable<Uint8Array | string>) {
        const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
        if (chunk.byteLength === 0) continue;
        size += chunk.byteLength;
        if (size > options.maxBytes) throw new UploadRefused('too-large', { maxBytes: options.maxBytes });
        hash.update(chunk);
        // Active content is refused in PDFs only, so once the type is known the PDF scanners skip other files
        // (a DICOM study of a gigabyte was read byte by byte twice for nothing: bench/README.md, upload).
        if (mediaType === undefined || mediaType === 'application/pdf') {
          scanner.push(chunk);
          objectStreams.push(chunk);
        }
        if (mediaType === undefined) {
          pending.push(chunk);
          pendingBytes += chunk.byteLength;
          if (pendingBytes >= SNIFF_BYTES) await decide(concat(pending).subarray(0, SNIFF_BYTES), false);
        } else {
          text?.push(chunk);
        }
        if (mediaType === 'application/pdf' && activeFound()) refuseActive();
        await writer.push(chunk);
      }
      await writer.end();

      if (size === 0) throw new UploadRefused('empty');
      if (mediaType === undefined) await decide(concat(pending), true);
      scanner.end();
      objectStreams.end();
      if (mediaType === 'application/pdf' && activeFound()) refuseActive();
      text?.end();

      await handle.sync();
      await handle.close();
      handle = undefined;
      // Scanned whole and from disk, after our own checks and before it gets a final name.
      if (this.scanner) await scanOrRefuse(this.scanner, tmpPath);

      const sha256 = hash.digest('hex');
      const storageKey = `${sha256.slice(0, 2)}/${sha256}`;
      const shardDir = join(this.rootDir, sha256.slice(0, 2));
      const finalPath = join(shardDir, sha256);
      await mkdir(shardDir, { recursive: true });
      const existing = await stat(finalPath).catch(() => undefined);
      if (existing?.isFile() && existing.size === size) {
        await unlink(tmpPath);
      } else {
        await rename(tmpPath, finalPath);
        await syncDirectory(shardDir);
      }
      tmpExists = false;
      return { storageKey, sha256, size, mediaType: mediaType!, filename };
    } finally {
      await writer.settle();
      await handle?.close().catch(() => {});
      if (tmpExists) await unlink(tmpPath).catch(() => {});
    }
  }

  /**
   * Removes temporary files older than `olderThanMs` (left behind only when the process stopped halfway
   * through an upload). Returns how many were removed.
   */
  async removeStaleTemporaryFiles(olderThanMs = 24 * 60 * 60 * 1000): Promise<number> {
    const tmpDir = join(this.rootDir, 'tmp');
    const names = await readdir(tmpDir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith('.part')) continue;
      const path = join(tmpDir, name);
      const s = await stat(path).catch(() => undefined);
      if (s && Date.now() - s.mtimeMs > olderThanMs) {
        await unlink(path).catch(() => {});
        removed++;
      }
    }
    return removed;
  }

  /**
   * Opens a stored file for reading. Only the content-addressed form `ab/<64 hex>` is accepted, so a key can
   * never point outside the store. The file is opened before this returns: a missing file rejects here
   * (ENOENT), not halfway through a response.
   */
  async openRead(storageKey: string): Promise<ReadStream> {
    const path = this.pathOf(storageKey);
    const handle = await open(path, 'r');
    return handle.createReadStream({ autoClose: true });
  }

  /** The absolute path of a stored file; throws for anything that is not a content-addressed key. */
  pathOf(storageKey: string): string {
    const m = storageKeyPattern.exec(storageKey);
    if (!m || !m[2]!.startsWith(m[1]!))
      throw new Error(`Not a document storage key: ${JSON.stringify(storageKey)}`);
    return join(this.rootDir, m[1]!, m[2]!);
  }

  /**
   * A file name that is safe to store and to offer for download: no directory parts, no control or bidi
   * characters (a right-to-left override can disguise "exe.pdf" as "fdp.exe"), no leading dots,
   * at most 200 characters (keeping the extension), and "document" when nothing is left.
   */
  static safeFilename(name: string): string {
    let s = String(name ?? '').normalize('NFC');
    s = s.replace(/[\p{Cc}\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/gu, '');
    s = s.split(/[/\\]/).pop() ?? '';
    s = s.replace(/^[\s.]+/u, '').replace(/\s+$/u, '');
    const chars = Array.from(s);
    if (chars.length > 200) {
      const dot = s.lastIndexOf('.');
      const ext = dot > 0 ? Array.from(s.slice(dot)) : [];
      const keep = ext.length > 0 && ext.length <= 16 ? ext : [];
      s = chars.slice(0, 200 - keep.length).join('') + keep.join('');
    }
    return s === '' ? 'document' : s;
  }
}

async function scanOrRefuse(scanner: VirusScanner, path: string): Promise<void> {
  let verdict;
  try {
    verdict = await scanner.scanFile(path);
  } catch (e) {
    throw new UploadRefused('scanner-unavailable', {}, e instanceof ScannerUnavailable ? e : undefined);
  }
  if (!verdict.clean) throw new UploadRefused('infected', { signature: verdict.signature });
}

/**
 * Writes an upload in batches of about a megabyte, one batch on disk while the next is read from the network: a
 * write per network chunk (64 KB) left the upload waiting on the disk thousands of times per gigabyte.
 */
const WRITE_BATCH = 1024 * 1024;

class BatchedWriter {
  private readonly handle: FileHandle;
  private batch: Uint8Array[] = [];
  private batchBytes = 0;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(handle: FileHandle) {
    this.handle = handle;
  }

  async push(chunk: Uint8Array): Promise<void> {
    this.batch.push(chunk);
    this.batchBytes += chunk.byteLength;
    if (this.batchBytes >= WRITE_BATCH) await this.flush();
  }

  /** Writes what is left and waits for every write. */
  async end(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  /** Waits for a write still under way, without failing (for clean-up after an error). */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => {});
  }

  private async flush(): Promise<void> {
    await this.inFlight;
    if (this.batchBytes === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    this.inFlight = writeAll(this.handle, batch);
  }
}

async function writeAll(handle: FileHandle, chunks: Uint8Array[]): Promise<void> {
  let pending = chunks;
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending);
    // A short write: drop what was written and continue with the rest.
    while (pending.length > 0 && bytesWritten >= pending[0]!.byteLength) {
      bytesWritten -= pending[0]!.byteLength;
      pending = pending.slice(1);
    }
    if (bytesWritten > 0) pending = [pending[0]!.subarray(bytesWritten), ...pending.slice(1)];
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable. Not every platform can open a directory (Windows cannot); then the
  // rename is still atomic, only perhaps not yet on disk.
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    /* best effort */
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const DICM = ascii('DICM');
const PDF_HEADER = Buffer.from('%PDF-', 'latin1');

function hasAt(bytes: Uint8Array, offset: number, pattern: number[]): boolean {
  if (bytes.byteLength < offset + pattern.length) return false;
  return pattern.every((b, i) => bytes[offset + i] === b);
}

/**
 * The type from the first bytes. `complete` says the sample is the whole file (so a UTF-8 sequence may not
 * be cut off at its end).
 */
export async function classify(sample: Uint8Array, complete: boolean): Promise<AllowedMediaType> {
  const detected = await fileTypeFromBuffer(sample);
  if (detected) {
    if (isAllowedMediaType(detected.mime) && detected.mime !== 'text/plain') return detected.mime;
    throw new UploadRefused('type-not-allowed', { detected: detected.mime });
  }
  if (hasAt(sample, 128, DICM)) return 'application/dicom';
  // Markup first: a page that carries a PDF header is still a page to a browser (an HTML/PDF polyglot).
  const markup = markupKind(sample);
  if (markup) throw new UploadRefused('type-not-allowed', { detected: markup });
  // PDF readers accept a header anywhere in the first kilobyte; such a file is a PDF, whatever else it seems.
  if (Buffer.from(sample.buffer, sample.byteOffset, Math.min(sample.byteLength, 1024)).includes(PDF_HEADER))
    return 'application/pdf';
  if (sample.includes(0) || !isUtf8(sample, !complete))
    throw new UploadRefused('type-not-allowed', { detected: 'unknown' });
  return 'text/plain';
}

function isUtf8(bytes: Uint8Array, allowCutOffEnd: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: allowCutOffEnd });
    return true;
  } catch {
    return false;
  }
}

/**
 * Text that a browser or mail program would treat as markup (HTML, SVG, XML) is not plain text: it can carry
 * scripts. Plain text starting with "<" is refused as markup too.
 */
function markupKind(sample: Uint8Array): string | undefined {
  const head = Buffer.from(sample.buffer, sample.byteOffset, Math.min(sample.byteLength, 1024))
    .toString('latin1')
    .replace(/^\u00EF\u00BB\u00BF/, '')
    .trimStart()
    .toLowerCase();
  if (!head.startsWith('<')) return undefined;
  if (/<svg[\s>/]/.test(head) || head.includes('<!doctype svg')) return 'image/svg+xml';
  if (
    /^<(!doctype html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|!--)[\s>]/.test(
      head,
    )
  )
    return 'text/html';
  if (head.startsWith('<?xml')) return 'application/xml';
  return 'text/html';
}

/** Checks a whole file is UTF-8 without NUL bytes, chunk by chunk. */
class TextValidator {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  push(chunk: Uint8Array): void {
    if (chunk.includes(0)) throw new UploadRefused('type-not-allowed', { detected: 'unknown' });
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      throw new UploadRefused('type-not-allowed', { detected: 'unknown' });
    }
  }
  end(): void {
    try {
      this.decoder.decode();
    } catch {
      throw new UploadRefused('type-not-allowed', { detected: 'unknown' });
    }
  }
}

const SLASH = 0x2f;
const HASH = 0x23;
/** PDF whitespace and delimiters: a name ends at any of these. */
const ends = new Uint8Array(256);
for (const b of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20, ...ascii('()<>[]{}/%')]) ends[b] = 1;
// /Launch starts a program on the reader's computer.
const activeNames = ['JavaScript', 'JS', 'Launch'];
const longestActiveName = Math.max(...activeNames.map((n) => n.length));

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/**
 * Finds the PDF names /JavaScript and /JS in a byte stream, also when written with #xx escapes
 * (/J#61vaScript) or split over chunks: the state carries from one chunk to the next. It reads all bytes,
 * strings and streams included, so it errs on the side of refusing.
 */
export class PdfActiveContentScanner {
  found: string | null = null;
  private inName = false;
  private name = '';
  private tooLong = false;
  /** Within a #xx escape: the digits seen so far. */
  private escape: number[] | null = null;

  push(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.byteLength;
    while (i < n && !this.found) {
      if (!this.inName) {
        const next = chunk.indexOf(SLASH, i);
        if (next < 0) return;
        this.startName();
        i = next + 1;
        continue;
      }
      const b = chunk[i]!;
      if (this.escape) {
        // As PDF readers do: "#" and two hex digits is one byte; otherwise the "#" and what follows count as
        // they are, and a delimiter still ends the name.
        const first = this.escape[0];
        if (first === undefined) {
          if (ends[b]) {
            this.escape = null;
            this.add(HASH);
            this.endName();
            continue;
          }
          if (hexValue(b) >= 0) this.escape = [b];
          else {
            this.escape = null;
            this.add(HASH);
            this.add(b);
          }
          i++;
          continue;
        }
        this.escape = null;
        if (hexValue(b) >= 0) {
          this.add(hexValue(first) * 16 + hexValue(b));
          i++;
          continue;
        }
        this.add(HASH);
        this.add(first);
        if (ends[b]) {
          this.endName();
          continue;
        }
        this.add(b);
        i++;
        continue;
      }
      if (ends[b]) {
        this.endName();
        continue; // the delimiter itself is looked at again (a "/" starts the next name)
      }
      if (b === HASH) this.escape = [];
      else this.add(b);
      i++;
    }
  }

  end(): void {
    if (this.inName && !this.found) {
      if (this.escape) {
        this.add(HASH);
        if (this.escape[0] !== undefined) this.add(this.escape[0]);
      }
      this.endName();
    }
  }

  private startName() {
    this.inName = true;
    this.name = '';
    this.tooLong = false;
    this.escape = null;
  }

  private add(b: number) {
    if (this.tooLong) return;
    if (this.name.length >= longestActiveName) {
      this.tooLong = true;
      return;
    }
    this.name += String.fromCharCode(b);
  }

  private endName() {
    if (!this.tooLong && activeNames.includes(this.name)) this.found = `/${this.name}`;
    this.inName = false;
    this.escape = null;
  }
}
