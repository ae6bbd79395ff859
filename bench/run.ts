import { mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import os from 'node:os';
import pg from 'pg';
import { connect } from '@loket/db';
import { generate } from './generate.ts';
import { combine, fmt, median, type LoadResult } from './lib/measure.ts';
import { openRaw } from './lib/raw.ts';
import { loadAverage, repoRoot, signIn, startServer, type EngineName, type Target } from './lib/server.ts';
import type { BenchContext } from './lib/context.ts';
import { intakeHttp, intakeRaw } from './scenarios/intake.ts';
import { readsHttp, readsRaw, samples } from './scenarios/reads.ts';
import { upload, type UploadReport } from './scenarios/upload.ts';
import { twoProcesses, type TwoProcessReport } from './scenarios/two-processes.ts';
import { ensureWebBuilt, web, type WebPageReport } from './scenarios/web.ts';

/**
 * `npm run bench`: fills a database per engine with N synthetic referrals, then, per run, starts the real server
 * (cold start to /readyz), drives the HTTP scenarios with autocannon, stops it and runs the same work through a
 * bare driver (the raw ceiling). Reports the median of the runs with min and max, and writes JSON under
 * .tmp/bench/. Options: --engines postgres,pglite --n 1000000 --runs 3 --seconds 10
 * --scenarios intake,reads,web,growth,two-processes (and upload)
 * --growth-n 10000 (intake on a small database too) --reuse (keep generated data between invocations).
 */
const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: 'postgres,pglite' },
    n: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    scenarios: { type: 'string', default: 'intake,reads,web,upload,growth,two-processes' },
    'growth-n': { type: 'string', default: '10000' },
    'upload-mb': { type: 'string', default: '1024' },
    'admin-url': {
      type: 'string',
      default: process.env.LOKET_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    reuse: { type: 'boolean', default: false },
    port: { type: 'string', default: '3480' },
  },
});
const n = Number(values.n);
const runs = Number(values.runs);
const seconds = Number(values.seconds);
const scenarios = new Set(values.scenarios!.split(','));
const port = Number(values.port);
const adminUrl = values['admin-url']!;
const work = join(repoRoot, '.tmp/bench');
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function prepareTarget(engine: EngineName, size: number): Promise<Target & { database?: string }> {
  const name = `loket_bench_${size}`;
  const dataDir = join(work, `${engine}-${size}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const target: Target & { database?: string } =
    engine === 'postgres'
      ? { engine, databaseUrl: url.toString(), dataDir, database: name }
      : { engine, dataDir };
  const admin = new pg.Client({ connectionString: adminUrl });
  if (engine === 'postgres') await admin.connect();
  try {
    const exists =
      engine === 'postgres'
        ? (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0
        : existsSync(join(dataDir, 'pglite'));
    if (exists && values.reuse) return target;
    if (engine === 'postgres') {
      await admin.query(`drop database if exists ${name}`);
      await admin.query(`create database ${name}`);
    }
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true });
  } finally {
    if (engine === 'postgres') await admin.end();
  }
  const first = await startServer(target, port);
  log(`${engine}: first start (migrate, catalog, demo data) ${first.startMs.toFixed(0)} ms`);
  await first.stop();
  const handle = await connect({ databaseUrl: target.databaseUrl, dataDir: `${dataDir}/pglite` });
  const t0 = performance.now();
  await generate(handle.db, { n: size, log: (l) => log(`${engine} generate: ${l}`) });
  log(`${engine}: ${size} referrals generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await handle.close();
  return target;
}

interface EngineReport {
  engine: EngineName;
  n: number;
  startMs: number[];
  results: Record<string, LoadResult[]>;
  twoProcesses?: TwoProcessReport;
  upload?: UploadReport[];
  web?: WebPageReport[][];
}

async function runEngine(engine: EngineName): Promise<EngineReport> {
  const target = await prepareTarget(engine, n);
  const base: BenchContext = {
    target,
    adminUrl,
    seconds,
    log,
    ...(target.database ? { database: target.database } : {}),
  };
  const report: EngineReport = { engine, n, startMs: [], results: {} };
  const keep = (rs: LoadResult[]) => rs.forEach((r) => (report.results[r.label] ??= []).push(r));
  for (let run = 1; run <= runs; run++) {
    log(`${engine} run ${run}/${runs} (load average ${loadAverage()})`);
    // Samples first, through the bare driver: PGlite's folder opens in one process at a time.
    const rawForSamples = await openRaw(target, 1);
    const s = await samples((text) => rawForSamples.query(text));
    await rawForSamples.close();

    const server = await startServer(target, port);
    report.startMs.push(server.startMs);
    log(`${engine}: cold start to /readyz ${server.startMs.toFixed(0)} ms`);
    const cookies = new Map<string, string>();
    const http = {
      ...base,
      server,
      cookie: async (email: string) => {
        if (!cookies.has(email)) cookies.set(email, await signIn(server.url, email));
        return cookies.get(email)!;
      },
    };
    try {
      if (scenarios.has('reads')) keep(await readsHttp(http, s));
      if (scenarios.has('intake')) keep(await intakeHttp(http));
      if (scenarios.has('web')) (report.web ??= []).push(await web(http));
      if (scenarios.has('upload'))
        (report.upload ??= []).push(await upload(http, Number(values['upload-mb'])));
    } finally {
      await server.stop();
    }
    const raw = { ...base, raw: (c: number) => openRaw(target, c) };
    if (scenarios.has('reads')) keep(await readsRaw(raw, s));
    if (scenarios.has('intake')) keep(await intakeRaw(raw));
  }
  if (scenarios.has('growth')) {
    const small = await prepareTarget(engine, Number(values['growth-n']));
    for (let run = 1; run <= runs; run++) {
      const server = await startServer(small, port);
      const cookie = await signIn(server.url, 'huisarts@demo.loket.nl');
      try {
        const ctx = {
          ...base,
          target: small,
          ...(small.database ? { database: small.database } : {}),
          server,
          cookie: async () => cookie,
        };
        for (const r of await intakeHttp(ctx, [16]))
          keep([{ ...r, label: `growth: ${r.label} at ${values['growth-n']}` }]);
      } finally {
        await server.stop();
      }
    }
  }
  if (scenarios.has('two-processes') && target.databaseUrl) {
    report.twoProcesses = await twoProcesses(target as Target & { databaseUrl: string }, {
      port,
      seconds,
      connections: 16,
      log,
    });
    keep([report.twoProcesses.result]);
  }
  return report;
}

function table(reports: EngineReport[]): string {
  const lines = [
    '| engine | scenario | conn | req/s | p50 ms | p95 ms | p99 ms | CPU (cores) | peak RSS MB | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of reports) {
    const s = [...r.startMs].sort((a, b) => a - b);
    lines.push(
      `| ${r.engine} | cold start to /readyz at ${r.n} | | ${fmt(s[Math.floor(s.length / 2)], 0)} ms (${fmt(s[0], 0)}–${fmt(s.at(-1), 0)}) | | | | | | |`,
    );
    for (const [label, rs] of Object.entries(r.results)) {
      const c = combine(rs);
      const range = (k: 'perSecond' | 'p95') => `${fmt(c[k])} (${fmt(c.min[k])}–${fmt(c.max[k])})`;
      lines.push(
        `| ${r.engine} | ${label.replace(/ c=\d+$/, '')} | ${c.connections} | ${range('perSecond')} | ${fmt(c.p50)} | ${range('p95')} | ${fmt(c.p99)} | ${fmt(c.cpu, 2)} | ${fmt(c.peakRssMb, 0)} | ${c.errors} |`,
      );
    }
  }
  return lines.join('\n');
}

function ratios(reports: EngineReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const m = (label: string) => (r.results[label] ? combine(r.results[label]).perSecond : NaN);
    for (const c of [1, 16, 50])
      out.push(
        `${r.engine}: intake c=${c} is ${fmt((m(`intake http c=${c}`) / m(`intake raw c=${c}`)) * 100, 0)}% of the raw insert + audit ceiling`,
      );
    out.push(
      `${r.engine}: worklist is ${fmt((m('worklist http c=16') / m('worklist raw c=16')) * 100, 0)}% of the raw query`,
    );
    out.push(
      `${r.engine}: search is ${fmt((m('search name+birth http c=16') / m('search name+birth raw c=16')) * 100, 0)}% of the raw query`,
    );
    const t = r.twoProcesses;
    if (t)
      out.push(
        `${r.engine}: two server processes, every request sent to both with one Idempotency-Key: ${t.keys} keys, ` +
          `${t.referrals} referrals (${t.duplicateReferrals} duplicates), ${t.submitted} submitted, ${t.messagesQueued} messages queued, ` +
          `${t.mailsReceived} mails received (${t.duplicateMails} duplicate Message-IDs, ${t.messagesPending} still pending)`,
      );
    if (r.upload?.length) {
      const u = (k: keyof UploadReport) => fmt(median(r.upload!.map((x) => x[k])));
      out.push(
        `${r.engine}: upload of ${u('megabytes')} MB in ${r.upload[0]!.files} DICOM files: ${u('httpMBps')} MB/s over HTTP, ` +
          `raw write ${u('rawMBps')} MB/s; server memory growth ${u('rssGrowthMb')} MB (peak +${u('peakGrowthMb')} MB)`,
      );
    }
    for (const page of r.web?.[0] ?? []) {
      const lcp = r.web!.flatMap((run) => run.find((p) => p.page === page.page)!.lcpMs);
      out.push(
        `${r.engine}: ${page.page}: ${fmt(page.scriptKbGzip)} KB of script (gzip) in ${page.scripts} files on first load; ` +
          `largest contentful paint ${fmt(median(lcp), 0)} ms (${fmt(Math.min(...lcp), 0)}–${fmt(Math.max(...lcp), 0)}, ${lcp.length} cold visits)`,
      );
    }
    const growth = Object.keys(r.results).find((k) => k.startsWith('growth'));
    if (growth)
      out.push(
        `${r.engine}: intake c=16 at ${r.n} is ${fmt((m('intake http c=16') / m(growth)) * 100, 0)}% of intake at ${values['growth-n']}`,
      );
  }
  return out.map((l) => `- ${l}`).join('\n');
}

await mkdir(work, { recursive: true });
if (scenarios.has('web')) ensureWebBuilt();
const reports: EngineReport[] = [];
for (const engine of values.engines!.split(',') as EngineName[]) reports.push(await runEngine(engine));
const header =
  `${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
  `Node ${process.versions.node}, n=${n}, ${runs} runs × ${seconds} s, load average at end ${loadAverage()}`;
const markdown = `${header}\n\n${table(reports)}\n\n${ratios(reports)}\n`;
console.log(`\n${markdown}`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
await writeFile(join(work, `results-${stamp}.json`), JSON.stringify({ header, reports }, null, 2));
await writeFile(join(work, `results-${stamp}.md`), markdown);
