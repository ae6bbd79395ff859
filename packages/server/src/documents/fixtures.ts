import { crc32 } from 'node:zlib';

/**
 * Small but real files of each kind, built byte by byte, for the document tests.
 */

/** A minimal valid one-page PDF; `catalogExtra` is added to the catalog dictionary. */
export function minimalPdf(catalogExtra = ''): Buffer {
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R ${catalogExtra}>>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** The PNG signature, an IHDR chunk (1×1, 8-bit RGB) and IEND. */
export function minimalPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** SOI, a JFIF APP0 segment, and EOI. */
export function minimalJpeg(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    Buffer.from([0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

function dicomElement(group: number, element: number, vr: string, value: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(element, 2);
  head.write(vr, 4, 'ascii');
  head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

/** The 128-byte preamble, "DICM", and a few explicit-VR little-endian file meta elements. */
export function minimalDicom(): Buffer {
  const uid = (s: string) => Buffer.from(s.length % 2 ? `${s}\0` : s, 'ascii');
  const meta = Buffer.concat([
    dicomElement(0x0002, 0x0002, 'UI', uid('1.2.840.10008.5.1.4.1.1.7')), // Secondary Capture
    dicomElement(0x0002, 0x0003, 'UI', uid('1.2.3.4.5.6.7.8.9')),
    dicomElement(0x0002, 0x0010, 'UI', uid('1.2.840.10008.1.2.1')), // explicit VR little endian
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(meta.length);
  const patientName = dicomElement(0x0010, 0x0010, 'PN', Buffer.from('Test^Patient', 'ascii'));
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM', 'ascii'),
    dicomElement(0x0002, 0x0000, 'UL', groupLength),
    meta,
    patientName,
  ]);
}

/** A DOS/Windows executable's start: "MZ" and the DOS stub text. */
export function exe(): Buffer {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'ascii');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('This program cannot be run in DOS mode.', 0x4e, 'ascii');
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

/** A ZIP archive with one stored file "a.txt". */
export function zip(): Buffer {
  const name = Buffer.from('a.txt');
  const data = Buffer.from('hello\n');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

export const html = Buffer.from('<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n');
export const svg = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>\n',
);
export const svgWithXmlDeclaration = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n',
);
export const emailText = Buffer.from(
  'From: huisarts@example.nl\r\nTo: loket@example.org\r\nSubject: Verwijzing dhr. Jansen\r\n\r\n' +
    'Geachte collega, graag uw oordeel over dhr. Jansen (zie bijlage). Met vriendelijke groet, één huisarts.\r\n',
);

/** Yields the bytes in pieces cut at the given offsets. */
export async function* inPieces(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
}
