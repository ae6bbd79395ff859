import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * The engine-neutral part of a backup (R-SEC-04): every table of the `public` and `auth` schemas in PostgreSQL's
 * own COPY text format, one file per table, written in the same snapshot as the manifest's figures. Both engines
 * read and write that format themselves (PostgreSQL through `pg-copy-streams`, PGlite through `/dev/blob`), so
 * nothing here parses SQL or values. A backup restores into the other engine by migrating an empty database to
 * the backup's migrations and loading each table, parents before children, in one transaction; the sequences
 * are then set to the manifest's values and the usual comparison decides whether the restore is the backup.
 */

export const PORTABLE_DIR = 'data';

export interface PortableTable {
  /** `schema.table`, as in the manifest's `tables`. */
  name: string;
  columns: string[];
  /** Relative to the backup folder. */
  file: string;
  rows: number;
}

export interface PortablePart {
  format: 'copy-text';
  tables: PortableTable[];
}

/** The one query interface both engines offer here (a pg client inside a transaction, or a PGlite transaction). */
interface Query {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * Fixed text forms for COPY in both directions: timestamps in UTC ISO, exact floats, hex bytea. Run inside the
 * transaction (`set local`).
 */
async function pinTextForms(q: Query): Promise<void> {
  for (const s of [
    `set local timezone = 'UTC'`,
    `set local datestyle = 'ISO, YMD'`,
    `set local intervalstyle = 'postgres'`,
    `set local extra_float_digits = 3`,
    `set local bytea_output = 'hex'`,
  ])
    await q.query(s);
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteTable = (qualified: string) => {
  const dot = qualified.indexOf('.');
  return `${quoteIdent(qualified.slice(0, dot))}.${quoteIdent(qualified.slice(dot + 1))}`;
};

/** Base tables of `public` and `auth` with their stored (not generated) columns in column order. */
async function tablesOf(q: Query): Promise<{ name: string; columns: string[] }[]> {
  const r = await q.query<{ name: string; columns: string[] | string }>(`
    select n.nspname || '.' || c.relname as name, json_agg(a.attname::text order by a.attnum) as columns
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    where c.relkind = 'r' and n.nspname in ('public', 'auth')
    group by 1 order by 1`);
  return r.rows.map((t) => ({
    name: t.name,
    columns: typeof t.columns === 'string' ? (JSON.parse(t.columns) as string[]) : t.columns,
  }));
}

/**
 * Tables in an order that loads parents before children (foreign keys within one table are checked at the end of
 * its COPY). A cycle between tables cannot be loaded that way and stops the restore.
 */
async function loadOrder(q: Query, tables: string[]): Promise<string[]> {
  const r = await q.query<{ child: string; parent: string }>(`
    select cn.nspname || '.' || cl.relname as child, pn.nspname || '.' || pcl.relname as parent
    from pg_constraint c
    join pg_class cl on cl.oid = c.conrelid join pg_namespace cn on cn.oid = cl.relnamespace
    join pg_class pcl on pcl.oid = c.confrelid join pg_namespace pn on pn.oid = pcl.relnamespace
    where c.contype = 'f' and c.conrelid <> c.confrelid`);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const e of r.rows) parents.get(e.child)?.add(e.parent);
  const order: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (order.includes(t)) return;
    if (path.has(t)) throw new Error(`restore: foreign keys form a cycle through ${t}`);
    path.add(t);
    for (const p of [...(parents.get(t) ?? [])].sort()) if (parents.has(p)) visit(p, path);
    path.delete(t);
    order.push(t);
  };
  for (const t of [...tables].sort()) visit(t, new Set());
  return order;
}

const fileOf = (table: string) => `${PORTABLE_DIR}/${table}.copy`;

/** Writes every table from PostgreSQL, on a client already inside the backup's snapshot transaction. */
export async function exportPostgres(client: pg.Client, outDir: string): Promise<PortablePart> {
  await pinTextForms(client);
  const tables: PortableTable[] = [];
  for (const t of await tablesOf(client)) {
    const stream = client.query(
      copyTo(`copy ${quoteTable(t.name)} (${t.columns.map(quoteIdent).join(', ')}) to stdout`),
    );
    await pipeline(stream, createWriteStream(join(outDir, fileOf(t.name)), { flags: 'wx' }));
    tables.push({ ...t, file: fileOf(t.name), rows: stream.rowCount });
  }
  return { format: 'copy-text', tables };
}

/** Writes every table from PGlite (in one transaction, so the files are one moment). */
export async function exportPglite(pglite: PGlite, outDir: string): Promise<PortablePart> {
  return pglite.transaction(async (tx) => {
    await pinTextForms(tx);
    const tables: PortableTable[] = [];
    for (const t of await tablesOf(tx)) {
      const r = await tx.query(
        `copy ${quoteTable(t.name)} (${t.columns.map(quoteIdent).join(', ')}) to '/dev/blob'`,
      );
      const data = r.blob ? Buffer.from(await r.blob.arrayBuffer()) : Buffer.alloc(0);
      await writeFile(join(outDir, fileOf(t.name)), data, { flag: 'wx' });
      tables.push({ ...t, file: fileOf(t.name), rows: r.affectedRows ?? 0 });
    }
    return { format: 'copy-text', tables };
  });
}

export class PortableRestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortableRestoreError';
  }
}

/**
 * Loads the tables into a database just migrated to the backup's migrations: empties what the migrations wrote
 * (their own bookkeeping), loads each table parents first, sets the sequences. The caller runs this inside one
 * transaction, so a failure leaves the migrated, empty database.
 */
async function load(
  q: Query,
  part: PortablePart,
  sequences: Record<string, number | null>,
  copyIn: (table: PortableTable) => Promise<void>,
): Promise<void> {
  await pinTextForms(q);
  const here = await tablesOf(q);
  const byName = new Map(part.tables.map((t) => [t.name, t]));
  const problems: string[] = [];
  for (const t of here) {
    const b = byName.get(t.name);
    if (!b) problems.push(`${t.name} is not in the backup`);
    else if (b.columns.join(',') !== t.columns.join(','))
      problems.push(`${t.name}: columns ${b.columns.join(', ')} in the backup, ${t.columns.join(', ')} here`);
  }
  for (const name of byName.keys())
    if (!here.some((t) => t.name === name)) problems.push(`${name} has no table here`);
  if (problems.length > 0)
    throw new PortableRestoreError(`the schema differs from the backup's: ${problems.join('; ')}`);
  const order = await loadOrder(
    q,
    here.map((t) => t.name),
  );
  for (const name of [...order].reverse()) await q.query(`delete from ${quoteTable(name)}`);
  for (const name of order) await copyIn(byName.get(name)!);
  for (const [name, value] of Object.entries(sequences)) {
    if (value === null) await q.query(`alter sequence ${quoteTable(name)} restart`);
    else await q.query(`select setval($1::regclass, $2, true)`, [quoteTable(name), value]);
  }
}

/** Loads into PostgreSQL on a client inside the caller's transaction. */
export async function importPostgres(
  client: pg.Client,
  dir: string,
  part: PortablePart,
  sequences: Record<string, number | null>,
): Promise<void> {
  await load(client, part, sequences, async (t) => {
    const stream = client.query(
      copyFrom(`copy ${quoteTable(t.name)} (${t.columns.map(quoteIdent).join(', ')}) from stdin`),
    );
    await pipeline(createReadStream(join(dir, t.file)), stream);
    if (stream.rowCount !== t.rows)
      throw new PortableRestoreError(`${t.name}: ${t.rows} rows in the backup, ${stream.rowCount} loaded`);
  });
}

/** Loads into PGlite in one transaction. */
export async function importPglite(
  pglite: PGlite,
  dir: string,
  part: PortablePart,
  sequences: Record<string, number | null>,
): Promise<void> {
  await pglite.transaction(async (tx: PGliteTransaction) =>
    load(tx, part, sequences, async (t) => {
      const blob = new Blob([await readFile(join(dir, t.file))]);
      const r = await tx.query(
        `copy ${quoteTable(t.name)} (${t.columns.map(quoteIdent).join(', ')}) from '/dev/blob'`,
        [],
        { blob },
      );
      if ((r.affectedRows ?? 0) !== t.rows)
        throw new PortableRestoreError(`${t.name}: ${t.rows} rows in the backup, ${r.affectedRows} loaded`);
    }),
  );
}
