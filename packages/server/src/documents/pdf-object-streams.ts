import { inflateSync } from 'node:zlib';
import { PdfActiveContentScanner } from './storage.ts';

/**
 * Since PDF 1.5 a file may keep its dictionaries (actions such as /JavaScript and /Launch included) inside
 * compressed object streams (/Type /ObjStm), where a scan of the raw bytes cannot see them. This inspector
 * finds each object stream while the file streams past, inflates it, and runs the active-content scanner on
 * what is inside. Only object streams can hold dictionaries, so content streams and images are left alone.
 *
 * It fails closed: an object stream it cannot decode (another filter, a predictor, encryption, a truncated or
 * corrupt stream) or one too large to check counts as a finding, so such a PDF is refused with advice to make a
 * new PDF ("print to PDF"), which writes plain objects.
 */

/** An object stream larger than this, compressed, is not checked but refused. Real ones are kilobytes. */
export const MAX_OBJECT_STREAM_BYTES = 16 * 1024 * 1024;
/** The most an object stream may inflate to (a deflate bomb in an object stream is refused, not unpacked). */
export const MAX_INFLATED_OBJECT_STREAM_BYTES = 64 * 1024 * 1024;
/** How much of what precedes a "stream" keyword is kept to read its dictionary. */
const DICTIONARY_WINDOW = 4096;

const STREAM = Buffer.from('stream', 'latin1');
const ENDSTREAM = Buffer.from('endstream', 'latin1');

export class PdfObjectStreamInspector {
  /** What was found: an active name (e.g. "/JavaScript") inside an object stream, or why one could not be checked. */
  found: string | null = null;
  /** How many object streams were inflated and checked. */
  checked = 0;
  private readonly maxInflatedBytes: number;

  constructor(options: { maxInflatedBytes?: number } = {}) {
    this.maxInflatedBytes = options.maxInflatedBytes ?? MAX_INFLATED_OBJECT_STREAM_BYTES;
  }

  /** Bytes outside streams, the last DICTIONARY_WINDOW of them. */
  private recent = Buffer.alloc(0);
  private mode: 'outside' | 'skip' | 'capture' = 'outside';
  /** Within a stream: the bytes of the current object stream, or for a skipped stream just its tail. */
  private captured: Buffer[] = [];
  private capturedBytes = 0;
  private tail = Buffer.alloc(0);
  private dictionary = '';

  push(chunk: Uint8Array): void {
    let data: Buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (data.length > 0 && !this.found) {
      if (this.mode === 'outside') data = this.outside(data);
      else data = this.inside(data);
    }
  }

  /** The end of the file: an object stream still open is cut off, and counts as unreadable. */
  end(): void {
    if (!this.found && this.mode === 'capture') this.found = 'unreadable-object-stream';
  }

  private outside(data: Buffer): Buffer {
    // Look for "stream" followed by an end of line, also across the chunk boundary.
    const joined = Buffer.concat([this.recent, data]);
    let from = Math.max(0, this.recent.length - STREAM.length - 2);
    for (;;) {
      const at = joined.indexOf(STREAM, from);
      if (at < 0) break;
      const after = at + STREAM.length;
      // "endstream" is not a start; the keyword must stand alone and be followed by CRLF or LF.
      const before = at > 0 ? joined[at - 1]! : 0x20;
      if (before >= 0x61 && before <= 0x7a) {
        from = after;
        continue;
      }
      if (after >= joined.length || (joined[after] === 0x0d && after + 1 >= joined.length)) {
        // Not yet known what follows: keep it and wait for the next chunk.
        this.recent = joined.subarray(Math.max(0, joined.length - DICTIONARY_WINDOW));
        return Buffer.alloc(0);
      }
      let bodyStart: number;
      if (joined[after] === 0x0a) bodyStart = after + 1;
      else if (joined[after] === 0x0d && joined[after + 1] === 0x0a) bodyStart = after + 2;
      else if (joined[after] === 0x0d) bodyStart = after + 1;
      else {
        from = after;
        continue;
      }
      this.dictionary = decodeNames(
        joined.subarray(Math.max(0, at - DICTIONARY_WINDOW), at).toString('latin1'),
      );
      const lastObj = this.dictionary.lastIndexOf(' obj');
      if (lastObj >= 0) this.dictionary = this.dictionary.slice(lastObj);
      // Readers find object streams through the cross-reference, not by /Type: /First and /N mark one too.
      const objectStream =
        /\/Type\s*\/ObjStm\b/.test(this.dictionary) ||
        (/\/First\b/.test(this.dictionary) && /\/N\b/.test(this.dictionary));
      this.mode = objectStream ? 'capture' : 'skip';
      this.captured = [];
      this.capturedBytes = 0;
      this.tail = Buffer.alloc(0);
      this.recent = Buffer.alloc(0);
      return joined.subarray(bodyStart);
    }
    this.recent = joined.subarray(Math.max(0, joined.length - DICTIONARY_WINDOW));
    return Buffer.alloc(0);
  }

  private inside(data: Buffer): Buffer {
    const joined = Buffer.concat([this.tail, data]);
    const at = joined.indexOf(ENDSTREAM);
    const body =
      at < 0 ? joined.subarray(0, Math.max(0, joined.length - ENDSTREAM.length)) : joined.subarray(0, at);
    if (this.mode === 'capture' && body.length > 0) {
      this.capturedBytes += body.length;
      if (this.capturedBytes > MAX_OBJECT_STREAM_BYTES) {
        this.found = 'oversized-object-stream';
        return Buffer.alloc(0);
      }
      this.captured.push(Buffer.from(body));
    }
    if (at < 0) {
      this.tail = Buffer.from(joined.subarray(body.length));
      return Buffer.alloc(0);
    }
    if (this.mode === 'capture') this.check(Buffer.concat(this.captured));
    this.mode = 'outside';
    this.captured = [];
    this.tail = Buffer.alloc(0);
    this.recent = Buffer.alloc(0);
    return joined.subarray(at + ENDSTREAM.length);
  }

  private check(raw: Buffer): void {
    this.checked++;
    const filters = [
      ...this.dictionary.matchAll(
        /\/(FlateDecode|Fl|ASCIIHexDecode|AHx|ASCII85Decode|A85|LZWDecode|LZW|RunLengthDecode|RL|Crypt|DCTDecode|JPXDecode|JBIG2Decode|CCITTFaxDecode)\b/g,
      ),
    ].map((m) => m[1]);
    const predictor = /\/Predictor\s+(\d+)/.exec(this.dictionary);
    let decoded: Buffer;
    if (filters.length === 0) {
      decoded = raw; // not compressed: the raw-byte scan already saw it, but check it the same way
    } else if (
      filters.every((f) => f === 'FlateDecode' || f === 'Fl') &&
      filters.length === 1 &&
      (!predictor || predictor[1] === '1')
    ) {
      try {
        decoded = inflateSync(trimEol(raw), { maxOutputLength: this.maxInflatedBytes });
      } catch (e) {
        this.found =
          (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
            ? 'oversized-object-stream'
            : 'unreadable-object-stream';
        return;
      }
    } else {
      this.found = 'unreadable-object-stream';
      return;
    }
    const scanner = new PdfActiveContentScanner();
    scanner.push(decoded);
    scanner.end();
    if (scanner.found) this.found = scanner.found;
  }
}

/** "#xx" escapes in names written out, so /Obj#53tm reads as /ObjStm and /Fl#61teDecode as /FlateDecode. */
function decodeNames(text: string): string {
  return text.replace(/#([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The end of line before "endstream" is not part of the data. */
function trimEol(raw: Buffer): Buffer {
  let end = raw.length;
  if (end > 0 && raw[end - 1] === 0x0a) end--;
  if (end > 0 && raw[end - 1] === 0x0d) end--;
  return raw.subarray(0, end);
}
