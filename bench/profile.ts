import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { httpLoad, type HttpLoad } from './lib/measure.ts';
import { repoRoot, signIn, startServer, processUsage, type Target } from './lib/server.ts';
import { DEPARTMENT, TRIAGE } from './scenarios/reads.ts';
import { REFERRER, referralBody } from './scenarios/intake.ts';
import { upload } from './scenarios/upload.ts';

/**
 * Where a request's CPU goes: starts the server with V8's CPU profiler, drives one scenario for a few seconds and
 * prints the self time per package and the hottest functions. Used to find the per-request costs behind the
 * worklist and intake ratios (issue 8); the profile itself is left in .tmp/bench/profile for Chrome DevTools.
 *
 *   node bench/profile.ts --database loket_bench_10000 --scenario worklist|intake|upload --seconds 10
 */
const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'loket_bench_10000' },
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    scenario: { type: 'string', default: 'worklist' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    port: { type: 'string', default: '3490' },
    top: { type: 'string', default: '30' },
    'upload-mb': { type: 'string', default: '256' },
  },
});

const url = new URL(values['admin-url']!);
url.pathname = `/${values.database}`;
const out = join(repoRoot, '.tmp/bench/profile');
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const target: Target = { engine: 'postgres', databaseUrl: url.toString(), dataDir: join(out, 'data') };
const admin = new pg.Client({ connectionString: values['admin-url'] });
await admin.connect();
const exists = (await admin.query('select 1 from pg_database where datname = $1', [values.database]))
  .rowCount;
await admin.end();
if (!exists) throw new Error(`database ${values.database} does not exist; make it with npm run bench first`);

const server = await startServer(target, Number(values.port), {
  NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${out} --cpu-prof-interval=200`,
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const scenario = values.scenario!;
let referralCount = 0;
const load: Omit<HttpLoad, 'connections' | 'seconds'> =
  scenario === 'intake'
    ? {
        url: `${server.url}/api/referrals`,
        method: 'POST' as const,
        headers: { cookie: await signIn(server.url, REFERRER), 'content-type': 'application/json' },
        body: referralBody(),
        perRequestHeaders: () => ({ 'idempotency-key': `profile-${process.pid}-${++referralCount}` }),
        expectStatus: 201,
      }
    : {
        url: `${server.url}/api/worklist?departmentId=${DEPARTMENT}`,
        headers: { cookie: await signIn(server.url, TRIAGE) },
        expectStatus: 200,
      };
const cpu0 = processUsage(server.pid).cpuSeconds;
if (scenario === 'upload') {
  const cookie = await signIn(server.url, REFERRER);
  const ctx = {
    target,
    adminUrl: values['admin-url']!,
    seconds,
    log: (l: string) => console.log(l),
    server,
    cookie: async () => cookie,
  };
  await upload(ctx, Number(values['upload-mb']));
} else {
  const r = await httpLoad(scenario, { ...load, connections, seconds });
  const cpu = processUsage(server.pid).cpuSeconds - cpu0;
  console.log(
    `${scenario}: ${r.requests} requests, ${r.perSecond.toFixed(1)} req/s, p95 ${r.p95.toFixed(1)} ms, ` +
      `server CPU ${((cpu * 1000) / Math.max(1, r.requests)).toFixed(2)} ms per request, ${r.errors} errors`,
  );
}
await server.stop();

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const file = (await readdir(out)).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile was written');
const profile = JSON.parse(await readFile(join(out, file), 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (u: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (m) return m[1]!;
  if (u.includes('/packages/')) return u.slice(u.indexOf('/packages/') + 10).split('/')[0]!;
  return u.startsWith('node:') ? 'node internals' : u === '' ? '(native / gc / idle)' : u;
};
const sum = (key: (n: Node) => string) => {
  const m = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') continue;
    m.set(key(n), (m.get(key(n)) ?? 0) + t);
  }
  return [...m].sort((a, b) => b[1] - a[1]);
};
const busy =
  total -
  [...self]
    .filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)')
    .reduce((a, [, t]) => a + t, 0);
console.log(
  `\nbusy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms profiled\n\nself time by package:`,
);
for (const [k, t] of sum((n) => where(n.callFrame.url)).slice(0, 15))
  console.log(`  ${((100 * t) / busy).toFixed(1).padStart(5)} %  ${k}`);
console.log('\nhottest functions:');
for (const [k, t] of sum(
  (n) =>
    `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`,
).slice(0, Number(values.top)))
  console.log(`  ${((100 * t) / busy).toFixed(1).padStart(5)} %  ${k}`);

// Inclusive time of our own modules' functions: which of our steps the request spends its time under.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur)!.callFrame;
    if (!f.url.includes('/packages/') || f.url.includes('node_modules')) continue;
    const key = `${f.functionName || '(anonymous)'} ${f.url.slice(f.url.indexOf('/packages/') + 10)}:${f.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + t);
  }
}
console.log('\nour functions, inclusive:');
for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
  console.log(`  ${((100 * t) / busy).toFixed(1).padStart(5)} %  ${k}`);
