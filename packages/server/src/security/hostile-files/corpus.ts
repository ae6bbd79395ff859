import { crc32, deflateSync } from 'node:zlib';
import type { UploadRefusalCode } from '../../documents/refusal.ts';
import { exe, minimalDicom, minimalJpeg, minimalPdf, minimalPng } from '../../documents/fixtures.ts';
import { EICAR } from './clamd.ts';
import { gzip, tarArchive, zipArchive, zipBomb } from './archives.ts';

/**
 * The hostile-file corpus, generated here (no binaries are committed). Each file says what must happen to it
 * on the referral-document upload:
 * - `refused`, with the refusal reason the sender is told; nothing is stored.
 * - `neutralised`: stored byte for byte, but only as one of the allowed inert types, under a name with no path,
 *   control or bidi characters and an extension that fits the type, and sent back only as an attachment with
 *   `nosniff` and a sandboxing content security policy. That is what makes e.g. a JPEG carrying HTML in a
 *   comment harmless: no browser is ever asked to read it as anything but a downloaded JPEG.
 *
 * `needsScanner` files are only refused when the virus scanner runs (they are otherwise valid text/PDF/PNG).
 */
export interface HostileFile {
  id: string;
  what: string;
  filename: string;
  /** The type the client claims (never believed). */
  contentType: string;
  data: Buffer;
  expect: 'refused' | 'neutralised';
  reason?: UploadRefusalCode;
  /** For neutralised files: the type the content must be stored as. */
  storedAs?: string;
  needsScanner?: boolean;
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** A small PDF made of the given object bodies (object 1 is the catalog), with a plausible xref. */
export function pdf(objects: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [latin1('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(length);
    const piece = Buffer.concat([
      latin1(`${i + 1} 0 obj\n`),
      typeof o === 'string' ? latin1(o) : o,
      latin1('\nendobj\n'),
    ]);
    parts.push(piece);
    length += piece.length;
  });
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) tail += `${String(off).padStart(10, '0')} 00000 n \n`;
  tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(latin1(tail));
  return Buffer.concat(parts);
}

const pages = [
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
];

/** A stream object with the given dictionary entries and (already encoded) data. */
function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([
    latin1(`<< ${dict} /Length ${data.length} >>\nstream\n`),
    data,
    latin1('\nendstream'),
  ]);
}

/** A PDF whose JavaScript action sits inside a compressed object stream, invisible in the raw bytes. */
function pdfWithJavaScriptInObjectStream(): Buffer {
  const action = '<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>';
  const header = '5 0 ';
  const inner = latin1(header + action);
  const compressed = deflateSync(inner);
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>',
    ...pages,
    stream(`/Type /ObjStm /N 1 /First ${header.length} /Filter /FlateDecode`, compressed),
  ]);
}

/** A PNG with an extra text chunk. */
function pngWithText(text: Buffer): Buffer {
  const png = minimalPng();
  const iend = png.subarray(png.length - 12);
  const body = Buffer.concat([latin1('tEXt'), latin1('Comment\0'), text]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length - 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([png.subarray(0, png.length - 12), len, body, crc, iend]);
}

/** A PNG header claiming 100000 × 100000 pixels: a decompression bomb for any server that would decode it. */
function pngPixelBomb(): Buffer {
  const png = minimalPng();
  const out = Buffer.from(png);
  out.writeUInt32BE(100_000, 16);
  out.writeUInt32BE(100_000, 20);
  const crc = crc32(out.subarray(12, 29));
  out.writeUInt32BE(crc, 29);
  return out;
}

/** A JPEG whose comment segment holds an HTML page (the classic image/HTML polyglot). */
function jpegWithHtmlComment(): Buffer {
  const jpeg = minimalJpeg();
  const html = latin1('<html><body><script>alert(document.cookie)</script></body></html>');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(html.length + 2);
  return Buffer.concat([
    jpeg.subarray(0, jpeg.length - 2),
    Buffer.from([0xff, 0xfe]),
    len,
    html,
    jpeg.subarray(jpeg.length - 2),
  ]);
}

/** A DICOM file whose 128-byte preamble is something else (the DICOM polyglot, CVE-2019-11687). */
function dicomWithPreamble(preamble: Buffer): Buffer {
  const dicom = minimalDicom();
  const head = Buffer.alloc(128);
  preamble.copy(head, 0, 0, Math.min(128, preamble.length));
  return Buffer.concat([head, dicom.subarray(128)]);
}

function randomBytes(n: number, seed = 1): Buffer {
  // Deterministic noise (xorshift), so a failure reproduces.
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const html = utf8('<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n');
const svg = utf8(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>\n',
);
const letter = utf8(
  'Geachte collega,\n\nGraag uw oordeel over mevrouw Jansen.\n\nMet vriendelijke groet,\nDe huisarts\n',
);

/**
 * The corpus for an upload limit of `limitBytes` (the "limit + 1 byte" file depends on it).
 */
export function hostileCorpus(limitBytes: number): HostileFile[] {
  const refused = (
    id: string,
    what: string,
    reason: UploadRefusalCode,
    data: Buffer,
    filename: string,
    contentType = 'application/pdf',
    needsScanner = false,
  ): HostileFile => ({ id, what, filename, contentType, data, expect: 'refused', reason, needsScanner });
  const neutral = (
    id: string,
    what: string,
    storedAs: string,
    data: Buffer,
    filename: string,
    contentType = 'application/pdf',
  ): HostileFile => ({ id, what, filename, contentType, data, expect: 'neutralised', storedAs });

  const cleanPdf = minimalPdf();
  return [
    // Viruses: the EICAR test file, alone and inside files that are otherwise acceptable.
    refused('eicar', 'the EICAR test file', 'infected', EICAR, 'eicar.com', 'application/octet-stream', true),
    refused(
      'eicar-as-pdf',
      'EICAR named as a PDF',
      'infected',
      EICAR,
      'verslag.pdf',
      'application/pdf',
      true,
    ),
    refused(
      'eicar-in-letter',
      'EICAR inside a plain-text letter',
      'infected',
      Buffer.concat([letter, EICAR, utf8('\n')]),
      'brief.txt',
      'text/plain',
      true,
    ),
    refused(
      'eicar-after-pdf',
      "EICAR appended after a PDF's %%EOF",
      'infected',
      Buffer.concat([cleanPdf, EICAR]),
      'scan.pdf',
      'application/pdf',
      true,
    ),
    refused(
      'eicar-in-png',
      'EICAR in a PNG text chunk',
      'infected',
      pngWithText(EICAR),
      'foto.png',
      'image/png',
      true,
    ),
    refused(
      'eicar-zip',
      'EICAR in a ZIP',
      'type-not-allowed',
      zipArchive([{ name: 'eicar.com', data: EICAR }]),
      'eicar.zip',
      'application/zip',
    ),

    // Archives: bombs, nesting, path traversal. No upload route unpacks anything; archives are refused by type.
    refused(
      'zip-bomb',
      'a zip bomb (64 MB of zeros in ~64 kB)',
      'type-not-allowed',
      zipBomb(64),
      'bomb.zip',
      'application/zip',
    ),
    refused(
      'zip-bomb-as-pdf',
      'a zip bomb named as a PDF',
      'type-not-allowed',
      zipBomb(16),
      'uitslag.pdf',
      'application/pdf',
    ),
    refused(
      'zip-bomb-nested',
      'a nested zip bomb (3 layers × 10)',
      'type-not-allowed',
      zipBomb(8, 3),
      '42.zip',
      'application/zip',
    ),
    refused(
      'zip-lying-size',
      'a ZIP whose entry claims a false size',
      'type-not-allowed',
      zipArchive([{ name: 'a.txt', data: letter, claimedSize: 4 }]),
      'a.zip',
      'application/zip',
    ),
    refused(
      'zip-nested',
      'a ZIP in a ZIP in a ZIP',
      'type-not-allowed',
      zipArchive([
        {
          name: 'b.zip',
          data: zipArchive([{ name: 'c.zip', data: zipArchive([{ name: 'd.pdf', data: cleanPdf }]) }]),
        },
      ]),
      'nested.zip',
      'application/zip',
    ),
    refused(
      'zip-traversal',
      'a ZIP with "../../" entry names',
      'type-not-allowed',
      zipArchive([{ name: '../../../../etc/cron.d/loket', data: utf8('* * * * * root sh\n') }]),
      'scans.zip',
      'application/zip',
    ),
    refused(
      'zip-absolute',
      'a ZIP with an absolute entry path',
      'type-not-allowed',
      zipArchive([{ name: '/etc/passwd', data: utf8('root::0:0::/:/bin/sh\n') }]),
      'scans.zip',
      'application/zip',
    ),
    refused(
      'zip-backslash',
      'a ZIP with Windows "..\\" entry names',
      'type-not-allowed',
      zipArchive([{ name: '..\\..\\Windows\\System32\\evil.dll', data: exe() }]),
      'photos.zip',
      'application/zip',
    ),
    refused(
      'zip-as-pdf',
      'a photo folder (ZIP) named as a PDF',
      'type-not-allowed',
      zipArchive([{ name: 'IMG_0001.jpg', data: minimalJpeg() }]),
      "foto's.pdf",
      'application/pdf',
    ),
    refused(
      'tar-traversal',
      'a tar with "../" entry names',
      'type-not-allowed',
      tarArchive([{ name: '../../../tmp/evil.sh', data: utf8('#!/bin/sh\nid\n') }]),
      'archief.tar',
      'application/x-tar',
    ),
    refused(
      'tgz',
      'a gzipped tar',
      'type-not-allowed',
      gzip(tarArchive([{ name: 'a.pdf', data: cleanPdf }])),
      'archief.tar.gz',
      'application/gzip',
    ),
    refused(
      'gzip-bomb',
      'a gzip of 32 MB of zeros',
      'type-not-allowed',
      gzip(Buffer.alloc(32 * 1024 * 1024)),
      'verslag.pdf.gz',
      'application/gzip',
    ),
    refused(
      '7z',
      '7-Zip signature',
      'type-not-allowed',
      Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]), randomBytes(64)]),
      'a.7z',
      'application/x-7z-compressed',
    ),
    refused(
      'rar',
      'RAR signature',
      'type-not-allowed',
      Buffer.concat([latin1('Rar!\x1a\x07\x01\x00'), randomBytes(64)]),
      'a.rar',
      'application/vnd.rar',
    ),
    refused(
      'docx',
      'an Office document (ZIP with [Content_Types].xml)',
      'type-not-allowed',
      zipArchive([
        { name: '[Content_Types].xml', data: utf8('<?xml version="1.0"?><Types/>') },
        { name: 'word/document.xml', data: utf8('<w:document/>') },
      ]),
      'brief.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ),

    // PDFs with active content.
    refused(
      'pdf-js',
      'a PDF with an /OpenAction JavaScript',
      'active-content',
      minimalPdf('/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>'),
      'verwijzing.pdf',
    ),
    refused(
      'pdf-js-escaped',
      'a PDF with /J#61vaScript (name escapes)',
      'active-content',
      minimalPdf('/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>'),
      'verwijzing.pdf',
    ),
    refused(
      'pdf-js-names',
      'a PDF with document-level /Names /JavaScript',
      'active-content',
      minimalPdf('/Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (this.print\\(\\)) >>] >> >>'),
      'verwijzing.pdf',
    ),
    refused(
      'pdf-js-aa',
      'a PDF with an additional-action /JS on a page',
      'active-content',
      pdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        pages[0]!,
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /AA << /O << /S /JavaScript /JS 4 0 R >> >> >>',
        stream('', latin1('app.alert(1)')),
      ]),
      'verwijzing.pdf',
    ),
    refused(
      'pdf-js-objstm',
      'a PDF with JavaScript hidden in a compressed object stream',
      'active-content',
      pdfWithJavaScriptInObjectStream(),
      'verwijzing.pdf',
    ),
    refused(
      'pdf-launch',
      'a PDF with a /Launch action (starts a program)',
      'active-content',
      minimalPdf('/OpenAction << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >>'),
      'verwijzing.pdf',
    ),
    refused(
      'html-pdf-polyglot',
      'an HTML page carrying a PDF header in its first kilobyte',
      'type-not-allowed',
      utf8(`<html><body><script>alert(1)</script><!--\n${cleanPdf.toString('latin1')}--></body></html>`),
      'brief.pdf',
    ),

    // Markup dressed as a document or image.
    refused('html-as-pdf', 'HTML named .pdf', 'type-not-allowed', html, 'uitslag.pdf', 'application/pdf'),
    refused('html-as-png', 'HTML named .png', 'type-not-allowed', html, 'foto.png', 'image/png'),
    refused(
      'html-bom',
      'HTML after a UTF-8 BOM and blank lines',
      'type-not-allowed',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('\n\n   <HTML><BODY onload=alert(1)>')]),
      'brief.txt',
      'text/plain',
    ),
    refused(
      'html-fragment',
      'an HTML fragment (<img onerror>)',
      'type-not-allowed',
      utf8('<img src=x onerror=alert(1)>'),
      'notitie.txt',
      'text/plain',
    ),
    refused('svg-as-png', 'SVG with script named .png', 'type-not-allowed', svg, 'foto.png', 'image/png'),
    refused(
      'svg-as-pdf',
      'SVG with an XML declaration named .pdf',
      'type-not-allowed',
      utf8(`<?xml version="1.0"?>\n${svg.toString()}`),
      'scan.pdf',
      'application/pdf',
    ),
    refused(
      'xml-xxe',
      'XML with an external entity (XXE)',
      'type-not-allowed',
      utf8('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'),
      'bericht.xml',
      'application/xml',
    ),
    refused(
      'html-utf16',
      'HTML in UTF-16 (NUL bytes)',
      'type-not-allowed',
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('<html><script>alert(1)</script></html>', 'utf16le'),
      ]),
      'brief.txt',
      'text/plain',
    ),

    // Programs and other types with their own magic bytes.
    refused('exe-as-pdf', 'a Windows program named .pdf', 'type-not-allowed', exe(), 'verwijzing.pdf'),
    refused(
      'elf',
      'a Linux program',
      'type-not-allowed',
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]),
      'scan.txt',
      'text/plain',
    ),
    refused(
      'java-class',
      'a Java class file',
      'type-not-allowed',
      Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]), randomBytes(64, 7)]),
      'a.pdf',
    ),
    refused(
      'swf',
      'a Flash file',
      'type-not-allowed',
      Buffer.concat([latin1('FWS\x0a'), Buffer.from([0x20, 0, 0, 0]), randomBytes(24, 9)]),
      'film.pdf',
    ),
    refused(
      'rtf',
      'an RTF document',
      'type-not-allowed',
      latin1('{\\rtf1\\ansi{\\object\\objemb{\\*\\objdata 0105}}}'),
      'brief.pdf',
    ),
    refused(
      'gif',
      'a GIF image (not an allowed type)',
      'type-not-allowed',
      Buffer.concat([latin1('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), latin1(';')]),
      'foto.png',
      'image/png',
    ),
    refused(
      'bmp',
      'a BMP image',
      'type-not-allowed',
      Buffer.concat([latin1('BM'), Buffer.alloc(60)]),
      'foto.jpg',
      'image/jpeg',
    ),
    refused(
      'dicom-exe-preamble',
      'a DICOM file whose preamble is a Windows program',
      'type-not-allowed',
      dicomWithPreamble(exe()),
      'beeld.dcm',
      'application/dicom',
    ),

    // Wrong or missing magic bytes; sizes.
    refused(
      'png-bad-magic',
      'a PNG with a broken signature',
      'type-not-allowed',
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x58, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(100, 3)]),
      'foto.png',
      'image/png',
    ),
    refused('random', 'random bytes named .pdf', 'type-not-allowed', randomBytes(4096, 5), 'scan.pdf'),
    refused(
      'nul-text',
      'text with NUL bytes',
      'type-not-allowed',
      Buffer.concat([letter, Buffer.from([0]), letter]),
      'brief.txt',
      'text/plain',
    ),
    refused(
      'latin1-text',
      'text that is not UTF-8',
      'type-not-allowed',
      latin1('Caf\u00e9 \u00e9\u00e9n\n'),
      'brief.txt',
      'text/plain',
    ),
    refused('empty', 'an empty file', 'empty', Buffer.alloc(0), 'leeg.pdf'),
    refused(
      'over-limit',
      'the upload limit plus one byte (a valid PDF padded)',
      'too-large',
      Buffer.concat([cleanPdf, Buffer.alloc(limitBytes + 1 - cleanPdf.length, 0x20)]),
      'groot.pdf',
    ),

    // Accepted only as inert content, never rendered.
    neutral(
      'pdf-zip-polyglot',
      'a PDF with a ZIP appended (PDF/ZIP polyglot)',
      'application/pdf',
      Buffer.concat([cleanPdf, zipArchive([{ name: 'x.html', data: html }])]),
      'verslag.pdf',
    ),
    neutral(
      'jpeg-html-polyglot',
      'a JPEG carrying HTML in a comment',
      'image/jpeg',
      jpegWithHtmlComment(),
      'foto.jpg',
      'image/jpeg',
    ),
    neutral(
      'png-pixel-bomb',
      'a PNG claiming 100000 × 100000 pixels (never decoded here)',
      'image/png',
      pngPixelBomb(),
      'foto.png',
      'image/png',
    ),
    neutral(
      'dicom-html-preamble',
      'a DICOM file whose preamble is HTML',
      'application/dicom',
      dicomWithPreamble(utf8('<html><script>alert(1)</script></html>')),
      'beeld.dcm',
      'application/dicom',
    ),
    neutral(
      'script-as-text',
      'a shell script named .pdf',
      'text/plain',
      utf8('#!/bin/sh\nrm -rf / --no-preserve-root\n'),
      'uitslag.pdf',
    ),
    neutral(
      'js-as-text',
      'JavaScript named .js',
      'text/plain',
      utf8('fetch("/api/users").then(r => r.text()).then(alert)\n'),
      'app.js',
      'text/javascript',
    ),
    neutral(
      'text-as-html',
      'a letter with a <script> tag inside, named .html',
      'text/plain',
      utf8('Beste collega, zie <script>alert(1)</script>\n'),
      'brief.html',
      'text/html',
    ),
    neutral(
      'mhtml',
      'an MHTML web archive (MIME text with an HTML part)',
      'text/plain',
      utf8(
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n--x--\r\n',
      ),
      'pagina.mht',
      'message/rfc822',
    ),

    // Hostile names on harmless content.
    neutral(
      'name-traversal',
      'name "../../../../etc/passwd.pdf"',
      'application/pdf',
      cleanPdf,
      '../../../../etc/passwd.pdf',
    ),
    neutral(
      'name-windows-traversal',
      'name "..\\..\\Windows\\win.ini.pdf"',
      'application/pdf',
      cleanPdf,
      '..\\..\\Windows\\win.ini.pdf',
    ),
    neutral(
      'name-rtlo',
      'name with a right-to-left override (shows as "verslagexe.pdf")',
      'application/pdf',
      cleanPdf,
      'verslag\u202Efdp.exe',
    ),
    neutral(
      'name-nul',
      'name with a NUL byte ("a.pdf\\0.exe")',
      'application/pdf',
      cleanPdf,
      'a.pdf\u0000.exe',
    ),
    neutral(
      'name-double-ext',
      'double extension "scan.pdf.exe"',
      'application/pdf',
      cleanPdf,
      'scan.pdf.exe',
    ),
    neutral(
      'name-double-ext-html',
      'text named "brief.txt.html"',
      'text/plain',
      letter,
      'brief.txt.html',
      'text/html',
    ),
    neutral('name-dotfile', 'name ".htaccess"', 'text/plain', letter, '.htaccess', 'text/plain'),
    neutral(
      'name-zero-width',
      'name with zero-width and bidi marks',
      'application/pdf',
      cleanPdf,
      'ver\u200Bslag\u2066.pdf\u2069.exe',
    ),
    neutral('name-long', 'a 1,000-character name', 'application/pdf', cleanPdf, `${'a'.repeat(1000)}.pdf`),
    neutral('name-empty', 'an empty name', 'application/pdf', cleanPdf, ''),
    neutral('name-only-dots', 'name "../.."', 'application/pdf', cleanPdf, '../..'),
    neutral(
      'name-control',
      'name with control characters and a tab',
      'application/pdf',
      cleanPdf,
      'uit\u0007slag\u001b[31m\t.pdf',
    ),
    neutral(
      'name-quote',
      'name with quotes and a semicolon (header injection)',
      'application/pdf',
      cleanPdf,
      "x.pdf'; filename=evil.html",
    ),
    neutral(
      'name-percent',
      'name with percent-encoding ("%2e%2e%2fetc.pdf")',
      'application/pdf',
      cleanPdf,
      '%2e%2e%2fetc%2fpasswd.pdf',
    ),
  ];
}
