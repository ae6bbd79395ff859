import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@loket/db';
import { createTestDatabase, repoRoot, testEngine, type TestDatabase } from '../testing/harness.ts';

const exec = promisify(execFile);
const cli = join(repoRoot, 'packages/server/src/cli/loket.ts');

let dataDir: string;
let database: TestDatabase | null = null;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'loket-cli-'));
  env = {
    PATH: process.env.PATH ?? '',
    LOKET_MODE: 'production',
    LOKET_SECRET: 'cli-test-secret-0123456789-0123456789',
    LOKET_AUDIT_KEY: 'cli-test-audit-key-0123456789-012345',
    LOKET_PUBLIC_URL: 'https://loket.example.org',
    LOKET_DATA_DIR: dataDir,
    LOKET_ADMIN_PASSWORD: 'a long enough password',
  };
  if (testEngine === 'postgres') {
    database = await createTestDatabase();
    await database.handle.close();
    env.DATABASE_URL = database.url!;
  }
});
afterAll(async () => {
  await database?.drop();
});

async function run(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await exec(process.execPath, [cli, ...args], { env, cwd: repoRoot });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

// Each step starts a fresh Node process that opens the database; a busy shared machine can take a while.
describe('the loket command', { timeout: 180_000 }, () => {
  it('makes the first administrator in production mode, and refuses a second with the same address', async () => {
    const first = await run(['create-admin', '--email', 'admin@hospital.example', '--name', 'First Admin']);
    expect(first.out).toMatch(/Administrator admin@hospital.example created/);
    expect(first.code).toBe(0);
    const again = await run(['create-admin', '--email', 'admin@hospital.example', '--name', 'Again']);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/already-exists/);
  });

  it('R-SEC-01: audit-verify passes on an intact chain and names the first altered record', async () => {
    const ok = await run(['audit-verify']);
    expect(ok.out).toMatch(/Audit chain intact: \d+ records verified/);
    expect(ok.code).toBe(0);

    const handle = await connect(
      env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: join(dataDir, 'pglite') },
    );
    await sql.raw('alter table audit_event disable trigger audit_event_no_update').execute(handle.db);
    await sql.raw(`update audit_event set user_name = 'tampered' where seq = 2`).execute(handle.db);
    await handle.close();

    const broken = await run(['audit-verify']);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/Audit chain BROKEN at record #2 \(hash-mismatch\)/);
  });

  it('refuses to start without the production secrets, naming them', async () => {
    const saved = env;
    env = { PATH: saved.PATH!, LOKET_DATA_DIR: dataDir, PORT: 'eighty' };
    try {
      const r = await run(['audit-verify']);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/PORT must be a whole number between 1 and 65535 \(got "eighty"\)/);
      env = { PATH: saved.PATH!, LOKET_DATA_DIR: dataDir };
      const r2 = await run(['audit-verify']);
      expect(r2.out).toMatch(/LOKET_SECRET is required in production mode/);
      expect(r2.out).toMatch(/LOKET_AUDIT_KEY is required/);
    } finally {
      env = saved;
    }
  });

  it('checks catalog files', async () => {
    const r = await run(['catalog-check', join(repoRoot, 'catalog')]);
    expect(r.out).toMatch(/Catalog OK: 32 departments/);
  });
});
