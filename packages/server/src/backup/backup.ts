import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { copyFile, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '@loket/db';
import { migrateToLatest } from '@loket/db';
import type { Config } from '../config.ts';
import {
  auditFigures,
  compareManifests,
  databaseFigures,
  documentFigures,
  type Manifest,
} from './manifest.ts';
import {
  exportPglite,
  exportPostgres,
  importPglite,
  importPostgres,
  PORTABLE_DIR,
  PortableRestoreError,
} from './portable.ts';

/**
 * `loket backup <dir>` and `loket restore <dir>` (R-SEC-04): the database, the document files and a manifest
 * of figures (rows and checksums per table, sequences, audit chain head, documents).
 *
 * - PostgreSQL: `pg_dump --format=custom` of a snapshot exported by the transaction that computes the
 *   manifest, so dump and figures are the same moment even while the server runs. Restore needs an EMPTY
 *   database and runs `pg_restore --single-transaction --exit-on-error`; the grants of the application role
 *   are re-applied by `loket_app_grants()` (migration 017) where the role exists.
 * - PGlite: `dumpDataDir` (a tar.gz of the data folder); restore loads it into an EMPTY data folder. PGlite
 *   serves one process: back up and restore with the server stopped.
 *
 * - Both: every table in COPY text format under `data/` (portable.ts), from the same snapshot. A backup restores
 *   into the OTHER engine from these files: the empty target is migrated to the backup's migrations and each table
 *   is loaded, parents first, in one transaction.
 *
 * Restore then computes the same figures and refuses to call it done unless every one agrees.
 */

const run = promisify(execFile);

/** The same JavaScript types as the app's own pool (@loket/db connect): int8 as number, date as 'YYYY-MM-DD'. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20) return (v: string) => Number(v);
    if (oid === 1082) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

const pgliteParsers = { 20: (v: string) => Number(v), 1082: (v: string) => v };

const PG_DUMP = 'database.pgdump';
const PGLITE_DUMP = 'pglite-datadir.tar.gz';
const MANIFEST = 'manifest.json';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const documentsDir = (config: Config) => join(config.dataDir, 'documents');

async function ensureEmptyDir(dir: string, what: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0) throw new BackupError(`${what} ${dir} is not empty; choose a new folder`);
}

async function copyDocuments(from: string, to: string): Promise<void> {
  const files = await readdir(from).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  await mkdir(to, { recursive: true });
  for (const f of files) {
    if (f === 'tmp') continue;
    await cp(join(from, f), join(to, f), {
      recursive: true,
      errorOnExist: true,
      force: false,
      preserveTimestamps: true,
    });
  }
}

export async function backup(config: Config, outDir: string): Promise<Manifest> {
  const out = resolve(outDir);
  await ensureEmptyDir(out, 'The backup folder');
  const createdAt = new Date().toISOString();
  let manifest: Manifest;
  if (config.databaseUrl) {
    const client = new pg.Client({ connectionString: config.databaseUrl, types: pgTypes });
    await client.connect();
    const db = new Kysely<Database>({
      // One connection, already inside the snapshot's transaction: Kysely must not begin or commit its own.
      dialect: new PostgresDialect({
        pool: {
          connect: async () => Object.assign(client, { release: () => {} }),
          end: async () => {},
        } as never,
      }),
    });
    try {
      await client.query('begin isolation level repeatable read read only');
      const snapshot = (await client.query<{ s: string }>('select pg_export_snapshot() as s')).rows[0]!.s;
      // The figures and the dump read the same snapshot while this transaction stays open.
      const figures = await databaseFigures(db);
      const audit = await auditFigures(db, config.auditKey);
      await run(
        'pg_dump',
        [
          '--format=custom',
          `--snapshot=${snapshot}`,
          '--file',
          join(out, PG_DUMP),
          '--dbname',
          config.databaseUrl,
        ],
        {
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      await mkdir(join(out, PORTABLE_DIR));
      const portable = await exportPostgres(client, out);
      manifest = {
        format: 'loket-backup/1',
        engine: 'postgres',
        createdAt,
        ...figures,
        audit,
        portable,
        documents: await documentFigures(documentsDir(config)),
      };
      await client.query('commit');
    } finally {
      await client.end().catch(() => {});
    }
  } else {
    const pglite = await PGlite.create(join(config.dataDir, 'pglite'), { parsers: pgliteParsers });
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    try {
      const figures = await db.transaction().execute(async (trx) => databaseFigures(trx));
      const audit = await auditFigures(db, config.auditKey);
      const dump = await pglite.dumpDataDir('gzip');
      await writeFile(join(out, PGLITE_DUMP), Buffer.from(await dump.arrayBuffer()));
      await mkdir(join(out, PORTABLE_DIR));
      const portable = await exportPglite(pglite, out);
      manifest = {
        format: 'loket-backup/1',
        engine: 'pglite',
        createdAt,
        ...figures,
        audit,
        portable,
        documents: await documentFigures(documentsDir(config)),
      };
    } finally {
      await db.destroy();
    }
  }
  const { damaged, keys, ...documents } = manifest.documents as Manifest['documents'] & {
    damaged: string[];
    keys: string[];
  };
  if (damaged.length > 0)
    throw new BackupError(
      `document files do not match their SHA-256 names: ${damaged.slice(0, 5).join(', ')}`,
    );
  manifest.documents = documents;
  // Exactly the files measured: an upload that lands meanwhile belongs to the next backup.
  for (const key of keys) {
    await mkdir(join(out, 'documents', dirname(key)), { recursive: true });
    await copyFile(join(documentsDir(config), key), join(out, 'documents', key), constants.COPYFILE_EXCL);
  }
  await writeFile(join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export interface RestoreResult {
  manifest: Manifest;
  restored: Manifest;
  differences: string[];
}

/** Restores into an empty database and data folder, then measures and compares. */
export async function restore(config: Config, inDir: string): Promise<RestoreResult> {
  const dir = resolve(inDir);
  const manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
  if (manifest.format !== 'loket-backup/1') throw new BackupError(`${dir} is not a Loket backup`);
  const engine = config.databaseUrl ? 'postgres' : 'pglite';
  const across = manifest.engine !== engine;
  if (across && !manifest.portable)
    throw new BackupError(
      `the backup is of a ${manifest.engine} database without the engine-neutral tables (made before they ` +
        `existed); the configuration points at ${engine}`,
    );

  const docs = documentsDir(config);
  await ensureEmptyDir(docs, 'The documents folder');
  let restored: Manifest;
  if (config.databaseUrl) {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      const n = await client.query<{ n: number }>(
        `select count(*)::int as n from information_schema.tables where table_schema in ('public', 'auth')`,
      );
      if (n.rows[0]!.n > 0)
        throw new BackupError('the target database is not empty; restore into a new database');
    } finally {
      await client.end();
    }
    if (across) await loadPortable(config, dir, manifest);
    else
      await run(
        'pg_restore',
        [
          '--single-transaction',
          '--exit-on-error',
          '--no-owner',
          '--no-privileges',
          '--dbname',
          config.databaseUrl,
          join(dir, PG_DUMP),
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      );
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1, types: pgTypes });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      // pg_restore ran without the dump's grants (the role may not exist here); migration 017 re-applies them.
      const grants = await sql<{
        f: boolean;
      }>`select to_regproc('loket_app_grants') is not null as f`.execute(db);
      if (grants.rows[0]?.f) await sql`select loket_app_grants()`.execute(db);
      restored = await measure(db, config, engine);
    } finally {
      await db.destroy();
    }
  } else {
    const dataDir = join(config.dataDir, 'pglite');
    await ensureEmptyDir(dataDir, 'The PGlite data folder');
    const pglite = across
      ? await PGlite.create(dataDir, { parsers: pgliteParsers })
      : await PGlite.create(dataDir, {
          loadDataDir: new Blob([await readFile(join(dir, PGLITE_DUMP))]),
          parsers: pgliteParsers,
        });
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    try {
      if (across) {
        await migrateLike(db, manifest);
        await importPglite(pglite, dir, manifest.portable!, manifest.sequences).catch(rethrow);
      }
      restored = await measure(db, config, engine);
    } finally {
      await db.destroy();
    }
  }
  await copyDocuments(join(dir, 'documents'), docs);
  const docFigures = await documentFigures(docs);
  const { damaged, keys: _keys, ...documents } = docFigures;
  restored.documents = documents;
  const differences = compareManifests(manifest, restored);
  for (const d of damaged) differences.push(`document ${d} does not match its SHA-256 name`);
  return { manifest, restored, differences };
}

const rethrow = (e: unknown): never => {
  if (e instanceof PortableRestoreError) throw new BackupError(e.message);
  throw e;
};

/**
 * Builds the empty target with this Loket's migrations; they must be the backup's, or its tables would not fit
 * (the load compares every table's columns as well).
 */
async function migrateLike(db: Kysely<Database>, manifest: Manifest): Promise<void> {
  await migrateToLatest(db);
  const here = await sql<{ name: string }>`select name from loket_migration order by name`.execute(db);
  const names = here.rows.map((m) => m.name);
  if (names.join(',') !== [...manifest.migrations].sort().join(','))
    throw new BackupError(
      `the backup was made by a Loket with migrations up to ${manifest.migrations.at(-1)}; this one has ` +
        `${names.at(-1)}: restore with the same version of Loket`,
    );
}

/** Into an empty PostgreSQL database: migrate, then load every table in one transaction. */
async function loadPortable(config: Config, dir: string, manifest: Manifest): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.databaseUrl!, max: 1, types: pgTypes });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateLike(db, manifest);
  } finally {
    await db.destroy();
  }
  const client = new pg.Client({ connectionString: config.databaseUrl! });
  await client.connect();
  try {
    await client.query('begin');
    await importPostgres(client, dir, manifest.portable!, manifest.sequences).catch(rethrow);
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
}

async function measure(db: Kysely<Database>, config: Config, engine: Manifest['engine']): Promise<Manifest> {
  const figures = await db.transaction().execute(async (trx) => databaseFigures(trx));
  const audit = await auditFigures(db, config.auditKey);
  return {
    format: 'loket-backup/1',
    engine,
    createdAt: new Date().toISOString(),
    ...figures,
    audit,
    documents: { files: 0, bytes: 0, digest: '' },
  };
}
