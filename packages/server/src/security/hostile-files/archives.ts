import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

/**
 * Archives built in code for the hostile-file corpus (nothing binary is committed): ZIP with stored or
 * deflated entries and any entry name (so "../" and absolute paths too), and POSIX tar.
 */

export interface ArchiveEntry {
  name: string;
  data: Buffer;
  /** Deflate the entry (default: store it). */
  deflate?: boolean;
  /** Claim this uncompressed size instead of the real one (a lying header). */
  claimedSize?: number;
}

export function zipArchive(entries: ArchiveEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? deflateRawSync(e.data, { level: 9 }) : e.data;
    const crc = crc32(e.data);
    const size = e.claimedSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}

/**
 * A zip bomb: one entry of `megabytes` MB of zeros, deflated to about a thousandth of that; `layers` > 1
 * wraps it in ZIPs of `fanOut` copies each (the 42.zip pattern), multiplying what it unpacks to.
 */
export function zipBomb(megabytes: number, layers = 1, fanOut = 10): Buffer {
  let inner = zipArchive([{ name: 'zeros.bin', data: Buffer.alloc(megabytes * 1024 * 1024), deflate: true }]);
  for (let layer = 1; layer < layers; layer++) {
    inner = zipArchive(
      Array.from({ length: fanOut }, (_, i) => ({
        name: `layer${layer}-${i}.zip`,
        data: inner,
        deflate: true,
      })),
    );
  }
  return inner;
}

/** A POSIX (ustar) tar archive; names are written as given, "../" included. */
export function tarArchive(entries: { name: string; data: Buffer }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const header = Buffer.alloc(512);
    header.write(e.name.slice(0, 100), 0, 'utf8');
    header.write('0000644\0', 100, 'ascii');
    header.write('0000000\0', 108, 'ascii');
    header.write('0000000\0', 116, 'ascii');
    header.write(`${e.data.length.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
    header.write('00000000000\0', 136, 'ascii');
    header.write('        ', 148, 'ascii'); // checksum counts as spaces while it is summed
    header.write('0', 156, 'ascii');
    header.write('ustar\0', 257, 'ascii');
    header.write('00', 263, 'ascii');
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    blocks.push(header, e.data, Buffer.alloc((512 - (e.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export const gzip = (data: Buffer) => gzipSync(data);
