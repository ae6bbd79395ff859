import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_INFLATED_OBJECT_STREAM_BYTES, PdfObjectStreamInspector } from './pdf-object-streams.ts';
import { DocumentStore, UploadRefused } from './storage.ts';

/** A PDF whose objects 4.. live in one object stream with the given dictionary entries and encoded body. */
function pdfWithObjectStream(
  objects: string[],
  dict = '/Type /ObjStm /Filter /FlateDecode',
  encode: (b: Buffer) => Buffer = (b) => deflateSync(b),
) {
  let header = '';
  let body = '';
  objects.forEach((o, i) => {
    header += `${5 + i} ${body.length} `;
    body += `${o}\n`;
  });
  const data = encode(Buffer.from(header + body, 'latin1'));
  return Buffer.concat([
    Buffer.from(
      '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>\nendobj\n' +
        '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
        '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 6 0 R >>\nendobj\n' +
        `4 0 obj\n<< ${dict} /N ${objects.length} /First ${header.length} /Length ${data.length} >>\nstream\r\n`,
      'latin1',
    ),
    data,
    Buffer.from('\r\nendstream\nendobj\nstartxref\n0\n%%EOF\n', 'latin1'),
  ]);
}

async function* chunks(list: Buffer[]) {
  yield* list;
}

function inspect(bytes: Buffer, chunk = bytes.length || 1, maxInflatedBytes?: number) {
  const i = new PdfObjectStreamInspector({ maxInflatedBytes });
  for (let o = 0; o < bytes.length; o += chunk) i.push(bytes.subarray(o, o + chunk));
  i.end();
  return i;
}

const js = '<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>';
const harmless = '<< /Type /Action /S /URI /URI (https://example.org) >>';

describe('JavaScript inside compressed PDF object streams', () => {
  it('is found, whatever the chunk size', () => {
    const bytes = pdfWithObjectStream([harmless, js]);
    for (const chunk of [1, 2, 7, 64, 1000, bytes.length]) {
      const i = inspect(bytes, chunk);
      expect(i.found, `chunk ${chunk}`).toBe('/JavaScript');
    }
  });

  it('a clean object stream passes and is counted as checked, whatever the chunk size', () => {
    const bytes = pdfWithObjectStream([harmless, '<< /Length 0 >>']);
    for (const chunk of [1, 3, 100, bytes.length]) {
      const i = inspect(bytes, chunk);
      expect(i.found, `chunk ${chunk}`).toBeNull();
      expect(i.checked).toBe(1);
    }
  });

  it('is found with escaped names, /Launch, and without /Type (only /First and /N)', () => {
    expect(inspect(pdfWithObjectStream(['<< /S /J#61vaScript /J#53 (x) >>'])).found).toBe('/JavaScript');
    expect(inspect(pdfWithObjectStream(['<< /S /Launch /F (cmd.exe) >>'])).found).toBe('/Launch');
    expect(inspect(pdfWithObjectStream([js], '/Filter /FlateDecode')).found).toBe('/JavaScript');
    expect(inspect(pdfWithObjectStream([js], '/Type /Obj#53tm /Filter /Fl#61teDecode')).found).toBe(
      '/JavaScript',
    );
  });

  it('an object stream it cannot decode, or that inflates too far, is refused rather than let through', () => {
    const hex = (b: Buffer) => Buffer.from(`${b.toString('hex')}>`, 'latin1');
    expect(inspect(pdfWithObjectStream([harmless], '/Type /ObjStm /Filter /ASCIIHexDecode', hex)).found).toBe(
      'unreadable-object-stream',
    );
    expect(
      inspect(
        pdfWithObjectStream([harmless], '/Type /ObjStm /Filter [/ASCIIHexDecode /FlateDecode]', (b) =>
          hex(deflateSync(b)),
        ),
      ).found,
    ).toBe('unreadable-object-stream');
    expect(
      inspect(
        pdfWithObjectStream(
          [harmless],
          '/Type /ObjStm /Filter /FlateDecode /DecodeParms << /Predictor 12 >>',
        ),
      ).found,
    ).toBe('unreadable-object-stream');
    // Encrypted or corrupt: not zlib.
    expect(
      inspect(pdfWithObjectStream([harmless], undefined, (b) => Buffer.from(b.map((x: number) => x ^ 0x5a))))
        .found,
    ).toBe('unreadable-object-stream');
    // Cut off: the file ends inside the stream.
    const whole = pdfWithObjectStream([harmless]);
    expect(inspect(whole.subarray(0, whole.indexOf('endstream') - 10)).found).toBe(
      'unreadable-object-stream',
    );
    // A deflate bomb in an object stream (with a 1 MB ceiling here; the store's is 64 MB).
    expect(MAX_INFLATED_OBJECT_STREAM_BYTES).toBe(64 * 1024 * 1024);
    const bomb = pdfWithObjectStream([`${harmless}${' '.repeat(2 * 1024 * 1024)}`]);
    expect(bomb.length).toBeLessThan(10_000);
    expect(inspect(bomb, 65536, 1024 * 1024).found).toBe('oversized-object-stream');
    expect(inspect(bomb, 65536).found).toBeNull();
  });

  it('other streams (content, images) are not inflated', () => {
    const content = Buffer.concat([
      Buffer.from('%PDF-1.7\n6 0 obj\n<< /Filter /FlateDecode /Length 5 >>\nstream\n', 'latin1'),
      Buffer.from([1, 2, 3, 4, 5]), // not zlib: would be "unreadable" if it were inflated
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]);
    const i = inspect(content);
    expect(i.found).toBeNull();
    expect(i.checked).toBe(0);
  });

  it('the store refuses such a PDF as active content, with a message that says what to do', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = await mkdtemp(join(tmpdir(), 'loket-objstm-'));
    try {
      const store = new DocumentStore(root);
      const refusal = await store
        .save(chunks([pdfWithObjectStream([js])]), { maxBytes: 1e6, filename: 'a.pdf' })
        .catch((e) => e);
      expect(refusal).toBeInstanceOf(UploadRefused);
      expect(refusal.code).toBe('active-content');
      expect(refusal.messageIn('nl')).toMatch(/JavaScript/);
      const unreadable = await store
        .save(
          chunks([
            pdfWithObjectStream([harmless], undefined, (b) => Buffer.from(b.map((x: number) => x ^ 0x5a))),
          ]),
          {
            maxBytes: 1e6,
            filename: 'a.pdf',
          },
        )
        .catch((e) => e);
      expect(unreadable.code).toBe('active-content');
      expect(unreadable.messageIn('en')).toMatch(/cannot be checked/);
      const ok = await store.save(chunks([pdfWithObjectStream([harmless])]), {
        maxBytes: 1e6,
        filename: 'a.pdf',
      });
      expect(ok.mediaType).toBe('application/pdf');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
