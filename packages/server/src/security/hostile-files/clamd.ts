import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ClamdScanner } from '../../documents/scan.ts';

/**
 * A private clamd for tests: its own temporary folder, config, socket and signature database. There is no
 * signature download here (no internet), so the database is one custom body signature (.ndb) for the EICAR
 * test string at any offset, plus its whole-file MD5 (.hdb): enough to prove that an infected upload is
 * refused, and that the scanner sees the string inside other files and archives too.
 */

/** The EICAR anti-virus test file (68 bytes), built here rather than committed. */
export const EICAR = Buffer.from(
  'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*',
  'latin1',
);
export const EICAR_SIGNATURE = 'Loket.Test.EICAR';

/** Where clamd is installed, or null (then the tests that need it say so loudly and are skipped). */
export function findClamd(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'clamd');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return null;
}

export function warnClamdMissing(): void {
  const line = '!'.repeat(100);
  console.warn(
    `${line}\n!! clamd (Debian package clamav-daemon) is NOT installed: the ClamAV upload tests are SKIPPED.\n` +
      `!! Install it with: apt-get install -y clamav-daemon\n${line}`,
  );
}

export interface TestClamd {
  socket: string;
  scanner: ClamdScanner;
  /** Stops clamd (SIGTERM) and removes its folder. */
  stop(): Promise<void>;
}

export async function startTestClamd(clamdPath: string): Promise<TestClamd> {
  const dir = await mkdtemp(join(tmpdir(), 'loket-clamd-'));
  const dbDir = join(dir, 'db');
  const socket = join(dir, 'clamd.sock');
  await mkdir(dbDir);
  const md5 = createHash('md5').update(EICAR).digest('hex');
  await writeFile(join(dbDir, 'loket-test.hdb'), `${md5}:${EICAR.length}:${EICAR_SIGNATURE}.File\n`);
  await writeFile(join(dbDir, 'loket-test.ndb'), `${EICAR_SIGNATURE}:0:*:${EICAR.toString('hex')}\n`);
  await writeFile(
    join(dir, 'clamd.conf'),
    [
      `LocalSocket ${socket}`,
      'Foreground yes',
      `DatabaseDirectory ${dbDir}`,
      `LogFile ${join(dir, 'clamd.log')}`,
      `PidFile ${join(dir, 'clamd.pid')}`,
      // The test corpus has files of the upload limit and one byte more.
      'StreamMaxLength 200M',
      'MaxFileSize 200M',
      'MaxScanSize 400M',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(clamdPath, ['-c', join(dir, 'clamd.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));

  const scanner = new ClamdScanner({ socket }, { timeoutMs: 30_000 });
  const stop = async () => {
    if (!exited) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (!(await scanner.ping())) {
    if (exited || Date.now() > deadline) {
      const log = await readFile(join(dir, 'clamd.log'), 'utf8').catch(() => '');
      await stop();
      throw new Error(`clamd did not start:\n${stderr}\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { socket, scanner, stop };
}
