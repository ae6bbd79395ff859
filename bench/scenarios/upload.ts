import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalDicom } from '../../packages/server/src/documents/fixtures.ts';
import type { HttpPhase } from '../lib/context.ts';
import { processUsage } from '../lib/server.ts';
import { referralBody, REFERRER } from './intake.ts';

/**
 * Upload: a multi-file DICOM study (default 1 GB in 20 files) through POST /api/referrals/:id/documents, streamed
 * from a generator so the client holds one chunk at a time; MB/s and the server's memory growth. Beside it the raw
 * ceiling: the same bytes written to a file on the same disk (the data folder) and fsynced.
 */
export interface UploadReport {
  megabytes: number;
  files: number;
  httpMBps: number;
  rawMBps: number;
  rssGrowthMb: number;
  peakGrowthMb: number;
}

const CHUNK = 1024 * 1024;

/** One DICOM file: preamble, meta, and a pixel data element (7FE0,0010) OB of `bytes` random bytes. */
function* dicomFile(bytes: number, noise: Buffer): Generator<Buffer> {
  const header = Buffer.alloc(12);
  header.writeUInt16LE(0x7fe0, 0);
  header.writeUInt16LE(0x0010, 2);
  header.write('OB', 4, 'ascii');
  header.writeUInt32LE(bytes, 8);
  yield Buffer.concat([minimalDicom(), header]);
  for (let left = bytes; left > 0; left -= CHUNK) yield left >= CHUNK ? noise : noise.subarray(0, left);
}

function multipart(boundary: string, bytes: number, noise: Buffer): ReadableStream<Uint8Array> {
  const parts = (function* () {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nimaging\r\n`);
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="image.dcm"\r\nContent-Type: application/dicom\r\n\r\n`,
    );
    yield* dicomFile(bytes, noise);
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  })();
  return new ReadableStream({
    pull(controller) {
      const next = parts.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
}

export async function upload(ctx: HttpPhase, totalMb: number, files = 20): Promise<UploadReport> {
  const cookie = await ctx.cookie(REFERRER);
  const created = await fetch(`${ctx.server.url}/api/referrals`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: referralBody(),
  });
  if (created.status !== 201) throw new Error(`upload: draft ${created.status} ${await created.text()}`);
  const id = (await created.json()).id as string;
  const perFile = Math.floor((totalMb * CHUNK) / files);
  const noise = randomBytes(CHUNK);
  const before = processUsage(ctx.server.pid);
  const t0 = performance.now();
  for (let i = 0; i < files; i++) {
    const boundary = `bench${randomUUID()}`;
    const r = await fetch(`${ctx.server.url}/api/referrals/${id}/documents`, {
      method: 'POST',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipart(boundary, perFile, noise),
      duplex: 'half',
    } as RequestInit);
    if (r.status !== 201) throw new Error(`upload: file ${i + 1}: ${r.status} ${await r.text()}`);
  }
  const httpSeconds = (performance.now() - t0) / 1000;
  const after = processUsage(ctx.server.pid);

  const file = join(ctx.target.dataDir, `bench-raw-${randomUUID()}.bin`);
  const t1 = performance.now();
  for (let i = 0; i < files; i++) {
    const out = createWriteStream(file, { flags: i === 0 ? 'w' : 'a' });
    for (const chunk of dicomFile(perFile, noise))
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
  const { open } = await import('node:fs/promises');
  const fh = await open(file, 'r+');
  await fh.sync();
  await fh.close();
  const rawSeconds = (performance.now() - t1) / 1000;
  await rm(file, { force: true });

  const megabytes = (perFile * files) / CHUNK;
  const report = {
    megabytes,
    files,
    httpMBps: megabytes / httpSeconds,
    rawMBps: megabytes / rawSeconds,
    rssGrowthMb: after.rssMb - before.rssMb,
    peakGrowthMb: after.peakRssMb - before.peakRssMb,
  };
  ctx.log(`upload ${JSON.stringify(report)}`);
  return report;
}
