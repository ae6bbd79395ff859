import type { FastifyReply } from 'fastify';
import { DocumentStore, isAllowedMediaType } from './storage.ts';

/**
 * Sending a stored document back: always as a download (never shown inline in our origin), with the type
 * found at upload, and with a name whose extension fits that type, so a text file named "x.html" is saved
 * as "x.html.txt" and is not opened as a web page.
 */
export interface DocumentToSend {
  storageKey: string;
  filename: string;
  mediaType: string;
  size: number;
}

const extensions: Record<string, { accepted: string[]; add: string }> = {
  'application/pdf': { accepted: ['.pdf'], add: '.pdf' },
  'image/jpeg': { accepted: ['.jpg', '.jpeg', '.jpe', '.jfif'], add: '.jpg' },
  'image/png': { accepted: ['.png'], add: '.png' },
  'image/tiff': { accepted: ['.tif', '.tiff'], add: '.tif' },
  'application/dicom': { accepted: ['.dcm', '.dicom'], add: '.dcm' },
  'text/plain': { accepted: ['.txt', '.text', '.eml'], add: '.txt' },
};

export function downloadFilename(filename: string, mediaType: string): string {
  const safe = DocumentStore.safeFilename(filename);
  const ext = extensions[mediaType];
  if (!ext) return safe;
  const lower = safe.toLowerCase();
  return ext.accepted.some((e) => lower.endsWith(e)) ? safe : `${safe}${ext.add}`;
}

/** `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266, RFC 8187). */
export function contentDisposition(filename: string): string {
  const fallback =
    filename
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\x20-\x7e]|["\\%]/g, '_')
      .trim() || 'document';
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export async function sendDocument(reply: FastifyReply, store: DocumentStore, doc: DocumentToSend) {
  const stream = await store.openRead(doc.storageKey);
  const mediaType = isAllowedMediaType(doc.mediaType) ? doc.mediaType : 'application/octet-stream';
  return reply
    .header('content-type', mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : mediaType)
    .header('content-disposition', contentDisposition(downloadFilename(doc.filename, mediaType)))
    .header('content-length', String(doc.size))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(stream);
}
