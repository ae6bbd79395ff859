import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentStore, PdfActiveContentScanner, UploadRefused, type StoredFile } from './storage.ts';
import {
  emailText,
  exe,
  html,
  inPieces,
  minimalDicom,
  minimalJpeg,
  minimalPdf,
  minimalPng,
  svg,
  svgWithXmlDeclaration,
  zip,
} from './fixtures.ts';

const MB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let root: string;
let store: DocumentStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'loket-documents-'));
  store = new DocumentStore(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<UploadRefused> {
  const e = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(UploadRefused);
  return e as UploadRefused;
}

async function tmpFiles(): Promise<string[]> {
  return readdir(join(root, 'tmp')).catch(() => []);
}

const save = (bytes: Buffer | AsyncIterable<Uint8Array>, filename = 'file', maxBytes = 10 * MB) =>
  store.save(Buffer.isBuffer(bytes) ? Readable.from([bytes]) : bytes, { maxBytes, filename });

describe('DocumentStore.save: accepted kinds', () => {
  const cases: [string, Buffer, string][] = [
    ['a PDF', minimalPdf(), 'application/pdf'],
    ['a PNG', minimalPng(), 'image/png'],
    ['a JPEG', minimalJpeg(), 'image/jpeg'],
    ['a DICOM file', minimalDicom(), 'application/dicom'],
    ['an e-mail original (plain UTF-8 text)', emailText, 'text/plain'],
  ];
  for (const [what, bytes, type] of cases) {
    it(`stores ${what} with the type from its content, its size and SHA-256`, async () => {
      const file = await save(bytes, 'whatever.bin');
      const hash = sha256(bytes);
      expect(file).toEqual({
        storageKey: `${hash.slice(0, 2)}/${hash}`,
        sha256: hash,
        size: bytes.length,
        mediaType: type,
        filename: 'whatever.bin',
      });
      expect(await readFile(join(root, hash.slice(0, 2), hash))).toEqual(bytes);
      expect(await tmpFiles()).toEqual([]);
    });
  }

  it('finds DICOM by "DICM" at byte 128 even in a file of many small chunks', async () => {
    const bytes = minimalDicom();
    const file = await save(inPieces(bytes, [1, 64, 128, 130, 131, 140]));
    expect(file.mediaType).toBe('application/dicom');
    expect(file.sha256).toBe(sha256(bytes));
  });

  it('keeps the same content once, under the same key', async () => {
    const a = await save(minimalPng(), 'a.png');
    const b = await save(minimalPng(), 'b.png');
    expect(b.storageKey).toBe(a.storageKey);
    expect(await readdir(join(root, a.sha256.slice(0, 2)))).toEqual([a.sha256]);
    expect(await tmpFiles()).toEqual([]);
  });
});

describe('DocumentStore.save: refused kinds', () => {
  const cases: [string, Buffer, string, string][] = [
    ['an EXE', exe(), 'setup.pdf', 'application/x-msdownload'],
    ['a ZIP', zip(), 'scan.pdf', 'application/zip'],
    ['an HTML file', html, 'brief.txt', 'text/html'],
    ['an SVG named .pdf', svg, 'foto.pdf', 'image/svg+xml'],
    ['an SVG with an XML declaration named .pdf', svgWithXmlDeclaration, 'foto.pdf', 'application/xml'],
    ['binary that is no known kind', Buffer.from([0x01, 0x02, 0x00, 0xff, 0xfe]), 'x.txt', 'unknown'],
  ];
  for (const [what, bytes, name, detected] of cases) {
    it(`refuses ${what} as type-not-allowed, naming what was found`, async () => {
      const e = await refusal(save(bytes, name));
      expect(e.code).toBe('type-not-allowed');
      expect(e.detail).toEqual({ detected });
      expect(e.messageIn('nl')).toContain('PDF, JPEG, PNG, TIFF, DICOM of platte tekst');
      expect(e.messageIn('en')).toContain('PDF, JPEG, PNG, TIFF, DICOM or plain text');
      expect(await tmpFiles()).toEqual([]);
    });
  }

  it('refuses text that is not UTF-8 or has a NUL byte after the sniffed part', async () => {
    const prefix = Buffer.alloc(5000, 'a');
    expect((await refusal(save(Buffer.concat([prefix, Buffer.from([0xc3, 0x28])])))).code).toBe(
      'type-not-allowed',
    );
    expect((await refusal(save(Buffer.concat([prefix, Buffer.from([0])])))).code).toBe('type-not-allowed');
    expect((await refusal(save(Buffer.concat([prefix, Buffer.from([0xe2, 0x82])])))).code).toBe(
      'type-not-allowed',
    );
    expect(await tmpFiles()).toEqual([]);
  });

  it('accepts UTF-8 text whose multibyte character straddles the sniffed prefix', async () => {
    const bytes = Buffer.concat([Buffer.alloc(4099, 'a'), Buffer.from('é€ tekst\n')]);
    expect((await save(inPieces(bytes, [4000, 4100]))).mediaType).toBe('text/plain');
  });

  it('refuses an empty file', async () => {
    const e = await refusal(save(Buffer.alloc(0)));
    expect(e.code).toBe('empty');
    expect(e.messageIn('nl')).toMatch(/leeg/);
    expect(await tmpFiles()).toEqual([]);
  });
});

describe('DocumentStore.save: PDFs with JavaScript', () => {
  const withJs = minimalPdf('/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> ');

  it('refuses a PDF with /JavaScript', async () => {
    const e = await refusal(save(withJs));
    expect(e.code).toBe('active-content');
    expect(e.messageIn('en')).toMatch(/JavaScript/);
    expect(await tmpFiles()).toEqual([]);
  });

  it('refuses it also when the name is split over two chunks', async () => {
    const at = withJs.indexOf('/JavaScript');
    for (const cut of [at + 1, at + 5, at + 10]) {
      expect((await refusal(save(inPieces(withJs, [cut])))).code).toBe('active-content');
    }
  });

  it('refuses /JS alone, split over chunks, and far beyond the sniffed part', async () => {
    const padding = `% ${'x'.repeat(9000)}\n`;
    const bytes = minimalPdf(`${padding}/AA << /O << /S /Named /JS 12 0 R >> >> `);
    const at = bytes.indexOf('/JS ');
    expect(at).toBeGreaterThan(4100);
    const e = await refusal(save(inPieces(bytes, [100, at + 2])));
    expect(e.code).toBe('active-content');
    expect(e.detail).toEqual({ found: '/JS' });
  });

  it('refuses a name written with #xx escapes (/J#61vaScript)', async () => {
    const bytes = minimalPdf('/OpenAction << /S /J#61vaScript /J#53 (x) >> ');
    expect((await refusal(save(bytes))).code).toBe('active-content');
  });

  it('refuses a PDF whose header comes after some junk (readers still open it)', async () => {
    const bytes = Buffer.concat([Buffer.from('junk\n'), minimalPdf('/OpenAction << /S /JavaScript >> ')]);
    expect((await refusal(save(bytes))).code).toBe('active-content');
  });

  it('does not mistake other names for /JS', () => {
    const scan = (s: string) => {
      const scanner = new PdfActiveContentScanner();
      scanner.push(Buffer.from(s, 'latin1'));
      scanner.end();
      return scanner.found;
    };
    expect(scan('<< /JSON 1 /JavaScripts 2 /JSX /Jx /J#5 >>')).toBeNull();
    expect(scan('<< /J#53')).toBe('/JS');
    expect(scan('<</JS(x)>>')).toBe('/JS');
    expect(scan('/JavaScript')).toBe('/JavaScript');
  });
});

describe('DocumentStore.save: size', () => {
  const maxBytes = 1000;
  const text = (n: number) => Buffer.alloc(n, 'a');

  it('accepts exactly maxBytes', async () => {
    const file = await save(text(maxBytes), 'note.txt', maxBytes);
    expect(file.size).toBe(maxBytes);
  });

  it('refuses maxBytes + 1 as too-large and leaves no temporary file', async () => {
    const e = await refusal(save(text(maxBytes + 1), 'note.txt', maxBytes));
    expect(e.code).toBe('too-large');
    expect(e.detail).toEqual({ maxBytes });
    expect(await tmpFiles()).toEqual([]);
    expect((await readdir(root)).filter((n) => n !== 'tmp')).toEqual([]);
  });

  it('stops reading as soon as the limit is passed', async () => {
    let chunks = 0;
    async function* endless() {
      for (;;) {
        chunks++;
        yield Buffer.alloc(100, 'a');
      }
    }
    expect((await refusal(save(endless(), 'x', maxBytes))).code).toBe('too-large');
    expect(chunks).toBe(11);
    expect(await tmpFiles()).toEqual([]);
  });

  it('says the limit in the message', () => {
    const e = new UploadRefused('too-large', { maxBytes: 100 * MB });
    expect(e.messageIn('nl')).toBe('Dit bestand is groter dan 100 MB. Verklein het of stuur het in delen.');
    expect(e.messageIn('en')).toBe('This file is larger than 100 MB. Make it smaller or send it in parts.');
    expect(e.message).toBe(e.messageIn('en'));
    expect(e.status).toBe(413);
  });

  it('streams: saving 20 MB does not hold the file in memory', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const used = () => {
      const m = process.memoryUsage();
      return { heap: m.heapUsed + m.arrayBuffers, rss: m.rss };
    };
    gc();
    const before = used();
    let peak = 0;
    let peakRss = 0;
    const chunk = 64 * 1024;
    const total = 20 * MB;
    const hash = createHash('sha256');
    async function* generated() {
      for (let sent = 0; sent < total; sent += chunk) {
        // A fresh buffer each time, so that keeping them would show.
        const b = Buffer.alloc(chunk, sent === 0 ? '%PDF-1.7\n' : '0 0 0 ');
        hash.update(b);
        if ((sent / chunk) % 16 === 0) {
          gc();
          const now = used();
          peak = Math.max(peak, now.heap - before.heap);
          peakRss = Math.max(peakRss, now.rss - before.rss);
        }
        yield b;
      }
    }
    const file: StoredFile = await save(generated(), 'large.pdf', 25 * MB);
    expect(file).toMatchObject({ size: total, mediaType: 'application/pdf', sha256: hash.digest('hex') });
    console.log(
      `saving 20 MB: heap + buffers grew by at most ${(peak / MB).toFixed(1)} MB, rss by at most ${(peakRss / MB).toFixed(1)} MB`,
    );
    expect(peak).toBeLessThan(15 * MB);
  });
});

describe('DocumentStore.removeStaleTemporaryFiles', () => {
  it('removes only old temporary files', async () => {
    await mkdir(join(root, 'tmp'), { recursive: true });
    await writeFile(join(root, 'tmp', 'old.part'), 'x');
    await writeFile(join(root, 'tmp', 'new.part'), 'x');
    const old = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await utimes(join(root, 'tmp', 'old.part'), old, old);
    expect(await store.removeStaleTemporaryFiles()).toBe(1);
    expect(await tmpFiles()).toEqual(['new.part']);
  });
});

describe('DocumentStore.openRead', () => {
  it('reads a stored file back', async () => {
    const bytes = minimalJpeg();
    const file = await save(bytes);
    const chunks: Buffer[] = [];
    for await (const c of await store.openRead(file.storageKey)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(bytes);
  });

  it('refuses keys that are not content-addressed', async () => {
    const hash = 'a'.repeat(64);
    for (const key of [
      '../etc/passwd',
      '/etc/passwd',
      `aa/../../${hash}`,
      `ab/${hash}`,
      `aa/${hash}/..`,
      `AA/${'A'.repeat(64)}`,
      `aa\\${hash}`,
      '',
    ]) {
      await expect(store.openRead(key)).rejects.toThrow(/Not a document storage key/);
    }
    await expect(store.openRead(`aa/${hash}`)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('DocumentStore.safeFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system.ini', 'system.ini'],
    ['verslag\0.pdf', 'verslag.pdf'],
    ['foto\u202Egpj.exe', 'fotogpj.exe'],
    ['\u2066a\u2069\u200Fb\u061C.pdf', 'ab.pdf'],
    ['line\r\nbreak\t.txt', 'linebreak.txt'],
    ['...hidden', 'hidden'],
    ['. .x', 'x'],
    ['..', 'document'],
    ['', 'document'],
    ['dir/', 'document'],
    ['Brief é 😀.pdf', 'Brief é 😀.pdf'],
  ])('%j becomes %j', (input, output) => {
    expect(DocumentStore.safeFilename(input)).toBe(output);
  });

  it('keeps at most 200 characters, with the extension', () => {
    const long = `${'😀'.repeat(300)}.pdf`;
    const safe = DocumentStore.safeFilename(long);
    expect(Array.from(safe)).toHaveLength(200);
    expect(safe.endsWith('😀.pdf')).toBe(true);
    expect(Array.from(DocumentStore.safeFilename('x'.repeat(250)))).toHaveLength(200);
  });
});
