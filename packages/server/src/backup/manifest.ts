import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { verifyAuditChain, type Database } from '@loket/db';
import type { PortablePart } from './portable.ts';

/**
 * What a backup must reproduce, measured the same way on both sides: rows and a checksum of every table, the
 * sequences, the head of the audit chain, and the document files. Restore compares these figures with the ones
 * written at backup time, so "restored" means "every table is byte-for-byte the same", not "pg_restore said 0".
 */

export interface TableFigure {
  rows: number;
  /** md5 over the sorted md5s of each row's text form: independent of physical row order. */
  checksum: string;
}

export interface Manifest {
  format: 'loket-backup/1';
  engine: 'postgres' | 'pglite';
  createdAt: string;
  migrations: string[];
  tables: Record<string, TableFigure>;
  sequences: Record<string, number | null>;
  audit: { records: number; lastSeq: number; lastHash: string; chainOk: boolean };
  documents: { files: number; bytes: number; digest: string };
  /** Every table in COPY text format, for a restore into the other engine (absent in older backups). */
  portable?: PortablePart;
}

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Table and sequence figures. Run inside a transaction (a Kysely one, or a connection already in one) so
 * `set local` pins the text form of timestamps.
 */
export async function databaseFigures(
  trx: Db,
): Promise<Pick<Manifest, 'tables' | 'sequences' | 'migrations'>> {
  await sql`set local timezone = 'UTC'`.execute(trx);
  await sql`set local extra_float_digits = 3`.execute(trx);
  const tables = await sql<{ schema: string; name: string }>`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema in ('public', 'auth')
    order by 1, 2`.execute(trx);
  const figures: Record<string, TableFigure> = {};
  for (const t of tables.rows) {
    const r = await sql<{ rows: number; checksum: string }>`
      select count(*)::int as rows, md5(coalesce(string_agg(h, '' order by h), '')) as checksum
      from (select md5(x::text) as h from ${sql.table(`${t.schema}.${t.name}`)} x) rows`.execute(trx);
    figures[`${t.schema}.${t.name}`] = r.rows[0]!;
  }
  const seqs = await sql<{ name: string; last_value: number | null }>`
    select schemaname || '.' || sequencename as name, last_value from pg_sequences
    where schemaname in ('public', 'auth') order by 1`.execute(trx);
  const migrations = await sql<{ name: string }>`select name from loket_migration order by name`
    .execute(trx)
    .then((r) => r.rows.map((m) => m.name))
    .catch(() => [] as string[]);
  return {
    tables: figures,
    sequences: Object.fromEntries(
      seqs.rows.map((s) => [s.name, s.last_value === null ? null : Number(s.last_value)]),
    ),
    migrations,
  };
}

export async function auditFigures(db: Db, auditKey: string): Promise<Manifest['audit']> {
  const v = await verifyAuditChain(db as Kysely<Database>, auditKey);
  const n = await sql<{ n: number }>`select count(*)::int as n from audit_event`.execute(db);
  return { records: n.rows[0]!.n, lastSeq: v.lastSeq, lastHash: v.lastHash, chainOk: v.ok };
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * The document store's files (not its `tmp/` of uploads in flight). Files are named by their SHA-256, so each
 * one is also checked against its own name: a damaged copy shows as a mismatch.
 */
export async function documentFigures(
  dir: string,
): Promise<Manifest['documents'] & { damaged: string[]; keys: string[] }> {
  let entries: { parentPath: string; name: string; isFile(): boolean }[] = [];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const keys: string[] = [];
  const damaged: string[] = [];
  let bytes = 0;
  for (const e of entries) {
    if (!e.isFile()) continue;
    const key = relative(dir, join(e.parentPath, e.name)).split('\\').join('/');
    if (key.startsWith('tmp/')) continue;
    keys.push(key);
    const path = join(dir, key);
    const { size } = await stat(path);
    bytes += size;
    if (/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key) && (await sha256File(path)) !== key.slice(3))
      damaged.push(key);
  }
  keys.sort();
  return {
    files: keys.length,
    bytes,
    digest: createHash('sha256').update(keys.join('\n')).digest('hex'),
    damaged,
    keys,
  };
}

/** Differences between two manifests, as lines a person can read; empty when they agree. */
export function compareManifests(expected: Manifest, actual: Manifest): string[] {
  const out: string[] = [];
  const names = new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)]);
  for (const n of [...names].sort()) {
    const a = expected.tables[n];
    const b = actual.tables[n];
    if (!a || !b) out.push(`${n}: ${a ? 'missing after restore' : 'not in the backup'}`);
    else if (a.rows !== b.rows) out.push(`${n}: ${a.rows} rows in the backup, ${b.rows} after restore`);
    else if (a.checksum !== b.checksum) out.push(`${n}: same ${a.rows} rows but different content`);
  }
  for (const [s, v] of Object.entries(expected.sequences))
    if (actual.sequences[s] !== v)
      out.push(`sequence ${s}: ${v} in the backup, ${actual.sequences[s]} after restore`);
  const ea = expected.audit;
  const aa = actual.audit;
  if (!aa.chainOk) out.push('audit chain does not verify after restore');
  if (ea.lastSeq !== aa.lastSeq || ea.lastHash !== aa.lastHash)
    out.push(`audit chain head: #${ea.lastSeq} in the backup, #${aa.lastSeq} after restore`);
  const ed = expected.documents;
  const ad = actual.documents;
  if (ed.files !== ad.files || ed.bytes !== ad.bytes || ed.digest !== ad.digest)
    out.push(
      `documents: ${ed.files} files (${ed.bytes} bytes) in the backup, ${ad.files} (${ad.bytes}) after restore`,
    );
  return out;
}
