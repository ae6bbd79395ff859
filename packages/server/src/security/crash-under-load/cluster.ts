import { execFile, execFileSync } from 'node:child_process';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A private PostgreSQL cluster for the crash harness: its own data folder and port, so that stopping it with
 * `pg_ctl stop -m immediate` (a database crash: no checkpoint, recovery from the WAL at the next start) never
 * touches the shared server other tests use. PostgreSQL refuses to run as root, so the cluster belongs to the
 * `postgres` OS user and every pg_ctl call goes through runuser when we are root.
 */

const run = promisify(execFile);

export const PG_BIN = process.env.LOKET_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivateCluster {
  url: string;
  port: number;
  dir: string;
  /** A database crash: an immediate stop (no shutdown checkpoint), then a start that recovers from the WAL. */
  crash(): Promise<void>;
  stopImmediate(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
  /** For a process 'exit' hook: stops the cluster synchronously, so a crashed harness leaves no server behind. */
  stopNow(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

async function asPostgres(cmd: string, args: string[]) {
  const bin = join(PG_BIN, cmd);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', bin, ...args]) : run(bin, args);
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'loket-crash-pg-'));
  const data = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  await mkdir(socketDir);
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    const [u, g] = [Number(stdout.trim()), Number(gid.trim())];
    for (const p of [dir, socketDir]) await chown(p, u, g);
  }
  // --no-sync only speeds up initdb itself; the running server keeps fsync on, as in production.
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
  const start = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', 'start']);
  };
  const stopImmediate = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    start,
    stopImmediate,
    async crash() {
      await stopImmediate();
      await start();
    },
    stopNow() {
      const args = [join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'];
      try {
        if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' });
        else execFileSync(args[0]!, args.slice(1), { stdio: 'ignore' });
      } catch {
        // already stopped
      }
    },
    async destroy() {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
