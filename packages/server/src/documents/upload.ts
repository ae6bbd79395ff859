import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UploadRefused } from './refusal.ts';
import type { DocumentStore, StoredFile } from './storage.ts';

/**
 * Receiving one document from a multipart/form-data request, streamed straight into the store: text fields
 * (the client should send them before the file) and exactly one file part.
 */

/** The @fastify/multipart options that go with a maximum document size. */
export function multipartOptions(maxBytes: number) {
  return {
    // One byte more than allowed, so that the store sees the excess and refuses it with its own message.
    limits: { fileSize: maxBytes + 1, files: 1, fields: 20 },
    // File names in UTF-8, as browsers send them.
    defParamCharset: 'utf8',
  };
}

/**
 * Registers @fastify/multipart with those limits. A refused upload is answered before the client has sent
 * all of it; Node would then leave the connection open without reading from it, so such a response closes
 * the connection instead.
 */
export async function registerMultipart(app: FastifyInstance<any, any, any, any, any>, maxBytes: number) {
  await app.register(multipart, multipartOptions(maxBytes));
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.raw.httpVersionMajor === 1 && request.isMultipart() && !request.raw.complete)
      reply.header('connection', 'close');
  });
}

export async function receiveUpload(
  request: FastifyRequest,
  store: DocumentStore,
  options: { maxBytes: number },
): Promise<{ file: StoredFile; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw new UploadRefused('no-file');
  const fields: Record<string, string> = {};
  let file: StoredFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (file) {
        // A second file: the files limit normally stops it earlier; never store it.
        part.file.resume();
        continue;
      }
      file = await store.save(refuseTruncated(part, options.maxBytes), {
        maxBytes: options.maxBytes,
        filename: part.filename,
      });
    }
  } catch (e) {
    throw translate(e, options.maxBytes);
  }
  if (!file) throw new UploadRefused('no-file');
  return { file, fields };
}

/** The file's bytes; when @fastify/multipart cut the file off at its own size limit, that is an error, not the end. */
async function* refuseTruncated(part: MultipartFile, maxBytes: number): AsyncGenerator<Uint8Array> {
  for await (const chunk of part.file) yield chunk as Uint8Array;
  if (part.file.truncated) throw new UploadRefused('too-large', { maxBytes });
}

function translate(e: unknown, maxBytes: number): unknown {
  if (e instanceof UploadRefused) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new UploadRefused('too-large', { maxBytes });
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new UploadRefused('no-file');
  // A body that is not the multipart it claims (busboy's parse errors carry no code): no file was sent.
  if (code === undefined && e instanceof Error && /multipart|part header|boundary/i.test(e.message))
    return new UploadRefused('no-file');
  return e;
}
