import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EICAR,
  EICAR_SIGNATURE,
  findClamd,
  startTestClamd,
  warnClamdMissing,
  type TestClamd,
} from '../security/hostile-files/clamd.ts';
import { zipArchive } from '../security/hostile-files/archives.ts';
import { minimalPdf } from './fixtures.ts';
import { ClamdScanner, parseVerdict, ScannerUnavailable } from './scan.ts';
import { DocumentStore, UploadRefused } from './storage.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loket-scan-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* chunks(list: Buffer[]) {
  yield* list;
}

/** A stand-in for clamd that answers each connection as told, to see how the client takes odd answers. */
async function fakeClamd(onConnection: (socket: Socket) => void): Promise<{ path: string; server: Server }> {
  const path = join(dir, `fake-${Math.random().toString(36).slice(2)}.sock`);
  const server = createServer(onConnection);
  await new Promise<void>((r) => server.listen(path, r));
  return { path, server };
}

describe('clamd replies', () => {
  it('reads OK, FOUND and anything else as no verdict', () => {
    expect(parseVerdict('stream: OK')).toEqual({ clean: true });
    expect(parseVerdict('stream: Win.Test.EICAR_HDB-1 FOUND')).toEqual({
      clean: false,
      signature: 'Win.Test.EICAR_HDB-1',
    });
    expect(() => parseVerdict('INSTREAM size limit exceeded. ERROR')).toThrow(ScannerUnavailable);
    expect(() => parseVerdict('')).toThrow(ScannerUnavailable);
    expect(() => parseVerdict('stream: OKAY')).toThrow(ScannerUnavailable);
  });
});

describe('a scanner that is configured but gives no verdict fails closed', () => {
  it('nobody listening on the socket', async () => {
    const scanner = new ClamdScanner({ socket: join(dir, 'nobody.sock') });
    await expect(scanner.scan([Buffer.from('hello')])).rejects.toBeInstanceOf(ScannerUnavailable);
    expect(await scanner.ping()).toBe(false);
  });

  it('a file the scanner never got to is not opened: its removal after the refusal is no error', async () => {
    const scanner = new ClamdScanner({ socket: join(dir, 'nobody.sock') });
    // Gone by the time anything could read it, as after the store's clean-up of a refused upload.
    await expect(scanner.scanFile(join(dir, 'removed-after-refusal.part'))).rejects.toBeInstanceOf(
      ScannerUnavailable,
    );
    // An error of an unread stream would surface now, as an uncaught exception that fails this run.
    await new Promise((r) => setTimeout(r, 100));
  });

  it('nobody listening on the TCP port', async () => {
    const scanner = new ClamdScanner({ host: '127.0.0.1', port: 1 }, { timeoutMs: 2000 });
    await expect(scanner.scan([Buffer.from('hello')])).rejects.toBeInstanceOf(ScannerUnavailable);
  });

  it('a scanner that never answers times out', async () => {
    const fake = await fakeClamd((s) => s.resume());
    try {
      const scanner = new ClamdScanner({ socket: fake.path }, { timeoutMs: 300 });
      await expect(scanner.scan([Buffer.from('hello')])).rejects.toThrow(/did not answer within 300 ms/);
    } finally {
      fake.server.close();
    }
  });

  it('a connection closed without an answer, an error answer, or garbage', async () => {
    for (const [answer, pattern] of [
      [null, /without an answer/],
      ['INSTREAM size limit exceeded. ERROR\0', /could not scan/],
      ['stream: OK', /incomplete answer/], // no NUL: cut short
      ['x'.repeat(10_000), /not clamd's/],
    ] as const) {
      const fake = await fakeClamd((s) => {
        s.once('data', () => {
          if (answer) s.write(answer);
          s.end();
        });
      });
      try {
        const scanner = new ClamdScanner({ socket: fake.path }, { timeoutMs: 5000 });
        await expect(scanner.scan([Buffer.from('hello')])).rejects.toThrow(pattern);
      } finally {
        fake.server.close();
      }
    }
  });

  it('the store refuses the file (scanner-unavailable, 503) and keeps nothing', async () => {
    const root = join(dir, 'store-down');
    const store = new DocumentStore(root, { scanner: new ClamdScanner({ socket: join(dir, 'none.sock') }) });
    const refusal = await store
      .save(chunks([minimalPdf()]), { maxBytes: 1e6, filename: 'a.pdf' })
      .catch((e) => e);
    expect(refusal).toBeInstanceOf(UploadRefused);
    expect(refusal.code).toBe('scanner-unavailable');
    expect(refusal.status).toBe(503);
    expect(refusal.messageIn('nl')).toMatch(/niet op virussen worden gecontroleerd/);
    expect(refusal.messageIn('en')).toMatch(/cannot be checked for viruses/);
    expect(refusal.cause).toBeInstanceOf(ScannerUnavailable);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(root)).filter((n) => n !== 'tmp')).toEqual([]);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });
});

const clamdPath = findClamd();
if (!clamdPath) warnClamdMissing();

describe.skipIf(!clamdPath)('with a real clamd (own socket, EICAR-only signature database)', () => {
  let clamd: TestClamd;
  beforeAll(async () => {
    clamd = await startTestClamd(clamdPath!);
  }, 90_000);
  afterAll(async () => {
    await clamd?.stop();
  });

  it('answers PING', async () => {
    expect(await clamd.scanner.ping()).toBe(true);
  });

  it('finds nothing in a clean PDF', async () => {
    expect(await clamd.scanner.scan([minimalPdf()])).toEqual({ clean: true });
  });

  it('finds the EICAR file, alone, sent in one-byte chunks, inside a text and inside a ZIP', async () => {
    const found = { clean: false, signature: expect.stringContaining(EICAR_SIGNATURE) };
    expect(await clamd.scanner.scan([EICAR])).toEqual(found);
    expect(await clamd.scanner.scan(Array.from(EICAR, (b) => Buffer.from([b])))).toEqual(found);
    expect(await clamd.scanner.scan([Buffer.from('Dear colleague,\n'), EICAR, Buffer.from('\n')])).toEqual(
      found,
    );
    expect(await clamd.scanner.scan([zipArchive([{ name: 'eicar.com', data: EICAR }])])).toEqual(found);
  });

  it('scans a file on disk in chunks larger than one INSTREAM chunk', async () => {
    const path = join(dir, 'large.txt');
    await writeFile(path, Buffer.concat([Buffer.alloc(300_000, 'a'), EICAR]));
    const small = new ClamdScanner({ socket: clamd.socket }, { chunkBytes: 1000 });
    expect((await small.scanFile(path)).clean).toBe(false);
  });

  it('the store refuses an infected file (infected, 422) with the signature, and keeps nothing', async () => {
    const root = join(dir, 'store-infected');
    const store = new DocumentStore(root, { scanner: clamd.scanner });
    const text = Buffer.concat([Buffer.from('Verwijzing\n'), EICAR, Buffer.from('\n')]);
    const refusal = await store
      .save(chunks([text]), { maxBytes: 1e6, filename: 'brief.txt' })
      .catch((e) => e);
    expect(refusal).toBeInstanceOf(UploadRefused);
    expect(refusal.code).toBe('infected');
    expect(refusal.status).toBe(422);
    expect(refusal.messageIn('nl')).toMatch(/virus of andere schadelijke inhoud gevonden/);
    expect(refusal.messageIn('en')).toContain(EICAR_SIGNATURE);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(root)).filter((n) => n !== 'tmp')).toEqual([]);
    // A clean file is stored as before.
    const ok = await store.save(chunks([minimalPdf()]), { maxBytes: 1e6, filename: 'a.pdf' });
    expect(ok.mediaType).toBe('application/pdf');
  });
});
