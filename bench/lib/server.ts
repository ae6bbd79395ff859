import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';

/**
 * Starts the real server as a child process (`node packages/server/src/main.ts --demo`), so a benchmark measures
 * what runs in production: HTTP, sessions, validation, the audit chain and the database, with the CPU and
 * memory of that one process read from /proc.
 */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const node = join(repoRoot, 'node_modules/.bin/node');
export const DEMO_PASSWORD = 'Loket-demo-2026';
const DEMO_TOTP_SECRET = 'LOKETDEMOLOKETDEMOLOKETDEMO23456';
/** Fixed bench secrets, so the data generator can extend the audit chain the server verifies. */
export const BENCH_SECRET = 'bench-secret-'.padEnd(48, 'x');
export const BENCH_AUDIT_KEY = 'bench-audit-key-'.padEnd(48, 'y');

export type EngineName = 'postgres' | 'pglite';

export interface Target {
  engine: EngineName;
  /** PostgreSQL connection string, or the folder holding PGlite's data (LOKET_DATA_DIR). */
  databaseUrl?: string;
  dataDir: string;
}

export interface RunningServer {
  url: string;
  pid: number;
  child: ChildProcess;
  startMs: number;
  stop(): Promise<void>;
}

export function serverEnv(target: Target, port: number, extra: Record<string, string> = {}) {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOKET_DATA_DIR: target.dataDir,
    LOKET_SECRET: BENCH_SECRET,
    LOKET_AUDIT_KEY: BENCH_AUDIT_KEY,
    LOKET_PUBLIC_URL: `http://localhost:${port}`,
    LOKET_SIGNIN_ATTEMPTS_PER_MINUTE: '1000',
    LOG_LEVEL: 'warn',
    DATABASE_URL: target.databaseUrl ?? '',
    ...extra,
  };
}

export async function startServer(
  target: Target,
  port: number,
  extra: Record<string, string> = {},
): Promise<RunningServer> {
  const t0 = performance.now();
  const child = spawn(node, ['packages/server/src/main.ts', '--demo'], {
    cwd: repoRoot,
    env: serverEnv(target, port, extra),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - t0;
  return {
    url,
    pid: child.pid!,
    child,
    startMs,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Signs in a demo account (with the published demo TOTP for staff) and returns the Cookie header. */
export async function signIn(url: string, email: string): Promise<string> {
  const origin = url.replace('127.0.0.1', 'localhost');
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const first = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!first.ok) throw new Error(`sign-in ${email}: ${first.status} ${await first.text()}`);
  keep(first);
  if ((await first.json()).twoFactorRedirect) {
    const code = await createOTP(base32.decode(DEMO_TOTP_SECRET)).totp();
    const second = await fetch(`${url}/api/auth/two-factor/verify-totp`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json', cookie: header() },
      body: JSON.stringify({ code }),
    });
    if (!second.ok) throw new Error(`second factor ${email}: ${second.status} ${await second.text()}`);
    keep(second);
  }
  return header();
}

/** CPU seconds (user + system) and peak resident memory of a process, from /proc (Linux). */
export function processUsage(pid: number): { cpuSeconds: number; peakRssMb: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = 100; // USER_HZ on Linux
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / ticks;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuSeconds, peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/** CPU seconds of the PostgreSQL backends serving one database (other databases on the server are not ours). */
export async function backendCpuSeconds(adminUrl: string, database: string): Promise<Map<number, number>> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const r = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [
      database,
    ]);
    const out = new Map<number, number>();
    for (const { pid } of r.rows) {
      try {
        out.set(pid, processUsage(pid).cpuSeconds);
      } catch {
        // the backend ended meanwhile
      }
    }
    return out;
  } finally {
    await client.end();
  }
}

export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

export function loadAverage(): string {
  return spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.split(' ').slice(0, 3).join(' ');
}
