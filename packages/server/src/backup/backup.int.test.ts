import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest, type Database } from '@loket/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { systemActor } from '../audit/trail.ts';
import type { Config } from '../config.ts';
import { seedDemo } from '../demo/seed.ts';
import { prepare } from '../start.ts';
import { createTestDatabase, testConfig, testEngine, type TestDatabase } from '../testing/harness.ts';
import { backup, BackupError, restore, type RestoreResult } from './backup.ts';
import { compareManifests, databaseFigures, type Manifest } from './manifest.ts';

/**
 * Backup and restore on the engine under test (R-SEC-04): the demo desk (every table, documents on disk) is
 * backed up, restored into a fresh database and data folder, and every table's rows and checksum, the
 * sequences, the audit chain head and the document files are compared.
 */
const dirs: string[] = [];
const otherEngine = testEngine === 'pglite' ? 'postgres' : 'pglite';
const dropOther: (() => Promise<void>)[] = [];
const databases: TestDatabase[] = [];
let source: Config;
let target: Config;
let backupDir: string;
let manifest: Manifest;
let result: RestoreResult;

async function tmp(name: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), `loket-${name}-`));
  dirs.push(d);
  return d;
}

async function configFor(name: string): Promise<Config> {
  const env: Record<string, string> = { LOKET_DATA_DIR: await tmp(name) };
  if (testEngine === 'postgres') {
    const d = await createTestDatabase();
    databases.push(d);
    await d.handle.close();
    env.DATABASE_URL = d.url!;
  }
  return testConfig(env);
}

/**
 * A fresh target on the OTHER engine: a PGlite data folder, or a new PostgreSQL database (made here with the
 * harness's admin connection, whatever engine the run is for).
 */
async function configForOther(name: string): Promise<Config> {
  const env: Record<string, string> = { LOKET_DATA_DIR: await tmp(name) };
  if (otherEngine === 'postgres') {
    const adminUrl = process.env.LOKET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const db = `loket_t_cross_${Math.random().toString(16).slice(2, 14)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${db}`);
    await admin.end();
    dropOther.push(async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${db} with (force)`).finally(() => a.end());
    });
    const url = new URL(adminUrl);
    url.pathname = `/${db}`;
    env.DATABASE_URL = url.toString();
  }
  return testConfig(env);
}

/**
 * PGlite writing to disk makes seeding the demo desk slow; seed in memory and write the data folder once from
 * PGlite's own dump. The backup under test then reads that folder like any other.
 */
async function seedPgliteInMemory(config: Config): Promise<void> {
  const pglite = await PGlite.create('memory://', {
    parsers: { 20: (v: string) => Number(v), 1082: (v: string) => v },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  const database = { db, engine: 'pglite' as const, location: 'memory://', close: () => db.destroy() };
  try {
    await migrateToLatest(db);
    const app = await buildApp({ config, database, logger: false });
    await app.loket.catalog.seedFromFilesIfEmpty(config.catalogDir, systemActor);
    await seedDemo(app.loket);
    await app.close();
    const dump = await pglite.dumpDataDir('gzip');
    const onDisk = await PGlite.create(join(config.dataDir, 'pglite'), { loadDataDir: dump });
    await onDisk.close();
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  source = await configFor('backup-source');
  target = await configFor('backup-target');
  if (testEngine === 'pglite') await seedPgliteInMemory(source);
  else {
    const s = await prepare(source, false);
    try {
      await seedDemo(s.app.loket);
    } finally {
      await s.app.close();
      await s.database.close();
    }
  }
  backupDir = join(await tmp('backup'), 'out');
  const started = Date.now();
  manifest = await backup(source, backupDir);
  const backedUp = Date.now() - started;
  result = await restore(target, backupDir);
  const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
  console.log(
    `[backup ${testEngine}] ${Object.keys(manifest.tables).length} tables, ${rows} rows, ` +
      `${manifest.audit.records} audit records, ${manifest.documents.files} documents; backup ${backedUp} ms, ` +
      `restore+compare ${Date.now() - started - backedUp} ms; differences: ${result.differences.length}`,
  );
}, 600_000);

afterAll(async () => {
  for (const d of databases) await d.drop();
  for (const drop of dropOther) await drop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe(`backup and restore on ${testEngine} (R-SEC-04)`, () => {
  it('R-SEC-04: a restore into a fresh database has every table, row and document of the backup', () => {
    expect(manifest.engine).toBe(testEngine);
    expect(Object.keys(manifest.tables).length).toBeGreaterThan(30);
    for (const t of ['public.patient', 'public.referral', 'public.letter', 'public.audit_event', 'auth.user'])
      expect(manifest.tables[t]!.rows).toBeGreaterThan(0);
    expect(manifest.documents.files).toBeGreaterThan(0);
    expect(result.differences).toEqual([]);
    expect(result.restored.tables).toEqual(manifest.tables);
    expect(result.restored.sequences).toEqual(manifest.sequences);
  });

  it('R-SEC-01: the audit chain verifies after restore, up to the same last record', () => {
    expect(manifest.audit.chainOk).toBe(true);
    expect(result.restored.audit).toEqual(manifest.audit);
  });

  it('R-SEC-04: the restored database serves Loket, and a change after restore shows in the comparison', async () => {
    const r = await prepare(target, false);
    try {
      expect(r.migrations).toEqual([]);
      expect((await r.app.loket.audit.verify()).ok).toBe(true);
      const id = (
        await sql<{ id: string }>`select id from patient order by id limit 1`.execute(r.app.loket.db)
      ).rows[0]!.id;
      await sql`update patient set city = 'Elders' where id = ${id}`.execute(r.app.loket.db);
      const after = await r.app.loket.db.transaction().execute((trx) => databaseFigures(trx));
      const diff = compareManifests(manifest, { ...result.restored, ...after });
      expect(diff).toEqual([
        'public.patient: same ' + manifest.tables['public.patient']!.rows + ' rows but different content',
      ]);
    } finally {
      await r.app.close();
      await r.database.close();
    }
  });

  it('R-SEC-04: restore refuses a target that is not empty, and backup a folder that is not empty', async () => {
    await expect(restore(target, backupDir)).rejects.toThrow(BackupError);
    const busy = await tmp('busy');
    await writeFile(join(busy, 'x'), 'x');
    await expect(backup(source, busy)).rejects.toThrow(/not empty/);
    expect(await readdir(busy)).toEqual(['x']);
  });
});

describe(`restore across engines: ${testEngine} backup into ${otherEngine} (R-SEC-04)`, () => {
  let cross: Config;
  let crossResult: RestoreResult;

  beforeAll(async () => {
    cross = await configForOther('backup-cross');
    const started = Date.now();
    crossResult = await restore(cross, backupDir);
    console.log(
      `[backup ${testEngine} -> ${otherEngine}] restore (migrate, load ${manifest.portable!.tables.length} tables) ` +
        `+ compare ${Date.now() - started} ms; differences: ${crossResult.differences.length}`,
    );
  }, 300_000);

  it(`R-SEC-04: a ${testEngine} backup restores into ${otherEngine} with every table, row, sequence, audit record and document`, () => {
    expect(manifest.portable!.tables.map((t) => t.name).sort()).toEqual(Object.keys(manifest.tables).sort());
    for (const t of manifest.portable!.tables) expect(t.rows).toBe(manifest.tables[t.name]!.rows);
    expect(crossResult.restored.engine).toBe(otherEngine);
    expect(crossResult.differences).toEqual([]);
    expect(crossResult.restored.tables).toEqual(manifest.tables);
    expect(crossResult.restored.sequences).toEqual(manifest.sequences);
    expect(crossResult.restored.migrations).toEqual(manifest.migrations);
    expect(crossResult.restored.documents).toEqual(manifest.documents);
  });

  it(`R-SEC-01: the audit chain verifies on ${otherEngine} to the backup's last record, and Loket serves it`, async () => {
    expect(crossResult.restored.audit).toEqual(manifest.audit);
    const r = await prepare(cross, false);
    try {
      expect(r.migrations).toEqual([]);
      expect((await r.app.loket.audit.verify()).ok).toBe(true);
      // The sequences continue where the backup left them: the next referral number is not one already used.
      const next = await sql<{ n: number }>`select nextval('referral_number_seq')::int as n`.execute(
        r.app.loket.db,
      );
      expect(next.rows[0]!.n).toBe((manifest.sequences['public.referral_number_seq'] ?? 0) + 1);
    } finally {
      await r.app.close();
      await r.database.close();
    }
  });

  it(`R-SEC-04: restore into ${otherEngine} refuses a target that is not empty, and a changed table file shows`, async () => {
    await expect(restore(cross, backupDir)).rejects.toThrow(BackupError);
    // One value changed in the engine-neutral copy of the patients: the restore loads it and says so.
    const altered = join(await tmp('backup-altered'), 'out');
    await cp(backupDir, altered, { recursive: true });
    const table = manifest.portable!.tables.find((t) => t.name === 'public.patient')!;
    const file = join(altered, table.file);
    const [first, ...rest] = (await readFile(file, 'utf8')).split('\n');
    const fields = first!.split('\t');
    fields[table.columns.indexOf('city')] = 'Elders';
    await writeFile(file, [fields.join('\t'), ...rest].join('\n'));
    const r = await restore(await configForOther('backup-cross-altered'), altered);
    expect(r.differences).toEqual([`public.patient: same ${table.rows} rows but different content`]);
  });
});
