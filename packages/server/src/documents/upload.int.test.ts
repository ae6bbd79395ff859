import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, languageOf, sendProblem } from '../http/errors.ts';
import { sendDocument } from './download.ts';
import {
  emailText,
  exe,
  html,
  minimalDicom,
  minimalJpeg,
  minimalPdf,
  minimalPng,
  svg,
  zip,
} from './fixtures.ts';
import { DocumentStore, UploadRefused, type StoredFile } from './storage.ts';
import { receiveUpload, registerMultipart } from './upload.ts';
import { multipartBody, multipartContentType, type Part } from '../testing/multipart.ts';

/**
 * A tiny app of its own (no database): multipart registered as the real app will, a POST that stores one
 * document, and a GET that sends it back.
 */
const maxBytes = 64 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let root: string;
let store: DocumentStore;
const documents = new Map<string, StoredFile>();

async function buildTestApp(register: (app: FastifyInstance) => Promise<void>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await register(app);
  app.setErrorHandler((error, request, reply) => {
    const e = error instanceof UploadRefused ? error.toHttpError(languageOf(request)) : error;
    if (e instanceof HttpError) return sendProblem(request, reply, e.status, e.code, e.extra);
    const status = (e as { statusCode?: number }).statusCode ?? 500;
    return reply.status(status).send({ code: 'other', message: (e as Error).message });
  });
  app.post('/documents', async (request) => {
    const { file, fields } = await receiveUpload(request, store, { maxBytes });
    documents.set(file.sha256, file);
    return { file, fields };
  });
  app.get<{ Params: { sha: string } }>('/documents/:sha', async (request, reply) => {
    const doc = documents.get(request.params.sha);
    if (!doc) throw new HttpError(404, 'not-found');
    return sendDocument(reply, store, doc);
  });
  await app.ready();
  return app;
}

let app: FastifyInstance;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'loket-upload-'));
  store = new DocumentStore(root);
  app = await buildTestApp((a) => registerMultipart(a, maxBytes));
});

afterAll(async () => {
  await app.close();
  await rm(root, { recursive: true, force: true });
});

function upload(parts: Part[], headers: Record<string, string> = {}, target = app) {
  return target.inject({
    method: 'POST',
    url: '/documents',
    headers: { 'content-type': multipartContentType, ...headers },
    payload: multipartBody(parts),
  });
}

async function tmpFiles(): Promise<string[]> {
  return readdir(join(root, 'tmp')).catch(() => []);
}

describe('upload and download over HTTP', () => {
  it('stores a PDF with the fields sent before it, and sends the same bytes back as an attachment', async () => {
    const pdf = minimalPdf();
    const res = await upload([
      { name: 'referralId', value: 'R-123' },
      { name: 'kind', value: 'verslag' },
      { name: 'file', filename: 'Verslag é \u202Efdp.exe', type: 'application/x-anything', data: pdf },
    ]);
    expect(res.statusCode).toBe(200);
    const { file, fields } = res.json() as { file: StoredFile; fields: Record<string, string> };
    expect(fields).toEqual({ referralId: 'R-123', kind: 'verslag' });
    expect(file).toMatchObject({
      sha256: sha256(pdf),
      size: pdf.length,
      mediaType: 'application/pdf',
      filename: 'Verslag é fdp.exe',
    });

    const down = await app.inject({ method: 'GET', url: `/documents/${file.sha256}` });
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload).toEqual(pdf);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-length']).toBe(String(pdf.length));
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['cache-control']).toBe('private, no-store');
    expect(down.headers['content-disposition']).toBe(
      `attachment; filename="Verslag e fdp.exe.pdf"; filename*=UTF-8''Verslag%20%C3%A9%20fdp.exe.pdf`,
    );
  });

  it.each([
    ['PNG', minimalPng(), 'image/png', 'foto.png'],
    ['JPEG', minimalJpeg(), 'image/jpeg', 'foto.jpg'],
    ['DICOM', minimalDicom(), 'application/dicom', 'beeld.dcm'],
    ['plain text', emailText, 'text/plain', 'mail.eml'],
  ])('stores a %s file with the type from its content', async (_what, bytes, type, name) => {
    const res = await upload([{ name: 'file', filename: name, data: bytes }]);
    expect(res.statusCode).toBe(200);
    const { file } = res.json() as { file: StoredFile };
    expect(file).toMatchObject({
      sha256: sha256(bytes),
      size: bytes.length,
      mediaType: type,
      filename: name,
    });
    const down = await app.inject({ method: 'GET', url: `/documents/${file.sha256}` });
    expect(down.rawPayload).toEqual(bytes);
    expect(down.headers['content-type']).toBe(type === 'text/plain' ? 'text/plain; charset=utf-8' : type);
    expect(down.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${name}"`));
  });

  it.each([
    ['an EXE', exe(), 'application/x-msdownload'],
    ['a ZIP', zip(), 'application/zip'],
    ['an HTML file', html, 'text/html'],
    ['an SVG', svg, 'image/svg+xml'],
  ])('refuses %s named .pdf, whatever the client says its type is', async (_what, bytes, detected) => {
    const res = await upload([
      { name: 'file', filename: 'verslag.pdf', type: 'application/pdf', data: bytes },
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'upload-refused', reason: 'type-not-allowed', detected });
    expect(res.json().message).toContain('PDF, JPEG, PNG, TIFF, DICOM of platte tekst');
    expect(await tmpFiles()).toEqual([]);
  });

  it('answers in English when asked', async () => {
    const res = await upload([{ name: 'file', filename: 'x.exe', data: exe() }], {
      'accept-language': 'en-GB',
    });
    expect(res.json().message).toMatch(
      /^This kind of file is not accepted \(found: application\/x-msdownload\)/,
    );
  });

  it('refuses a PDF with JavaScript', async () => {
    const res = await upload([
      { name: 'file', filename: 'x.pdf', data: minimalPdf('/OpenAction << /S /JavaScript /JS (1) >> ') },
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ reason: 'active-content' });
  });

  it('accepts exactly the maximum and refuses one byte more, leaving no temporary file', async () => {
    const ok = await upload([{ name: 'file', filename: 'a.txt', data: Buffer.alloc(maxBytes, 'a') }]);
    expect(ok.statusCode).toBe(200);
    const tooLarge = await upload([
      { name: 'file', filename: 'a.txt', data: Buffer.alloc(maxBytes + 1, 'b') },
    ]);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.headers.connection).toBe('close');
    expect(tooLarge.json()).toMatchObject({
      code: 'upload-refused',
      reason: 'too-large',
      maxBytes,
      message: 'Dit bestand is groter dan 64 kB. Verklein het of stuur het in delen.',
    });
    const much = await upload([{ name: 'file', filename: 'a.txt', data: Buffer.alloc(maxBytes * 20, 'c') }]);
    expect(much.json()).toMatchObject({ reason: 'too-large' });
    expect(await tmpFiles()).toEqual([]);
  });

  it("turns @fastify/multipart's own size limit into too-large", async () => {
    const strict = await buildTestApp(async (a) => {
      await a.register(multipart, { limits: { fileSize: 100 } });
    });
    try {
      const res = await upload(
        [{ name: 'file', filename: 'a.txt', data: Buffer.alloc(101, 'a') }],
        {},
        strict,
      );
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ reason: 'too-large' });
      expect(await tmpFiles()).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('refuses an empty file, a form without a file, and a request that is not a form', async () => {
    const empty = await upload([{ name: 'file', filename: 'a.pdf', data: Buffer.alloc(0) }]);
    expect(empty.json()).toMatchObject({ reason: 'empty' });
    const noFile = await upload([{ name: 'kind', value: 'verslag' }]);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json()).toMatchObject({ reason: 'no-file' });
    const json = await app.inject({ method: 'POST', url: '/documents', payload: { file: 'x' } });
    expect(json.json()).toMatchObject({ reason: 'no-file' });
  });

  it('does not take a second file', async () => {
    const res = await upload([
      { name: 'file', filename: 'a.png', data: minimalPng() },
      { name: 'file2', filename: 'b.jpg', data: minimalJpeg() },
    ]);
    expect(res.statusCode).toBe(413);
  });

  it('makes a file name with a path, NUL and a right-to-left override safe', async () => {
    const res = await upload([{ name: 'file', filename: '../../\u202Egnp.exe\0.png', data: minimalPng() }]);
    expect(res.statusCode).toBe(200);
    const name = (res.json() as { file: StoredFile }).file.filename;
    expect(name).toBe('gnp.exe.png');
  });
});
