import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '@loket/db';

/**
 * A dossier is everything Loket holds about one patient's care (R-SEC-04): a root row and every row that
 * refers to it through a foreign key, transitively. The foreign keys are read from the database's own catalogue,
 * so the walk sees every table; each edge into a dossier table must be classified below, and an edge that is not
 * stops the retention job (fail closed) instead of leaving rows behind or deleting what is not the patient's.
 */

/** Roots: a patient; a referral or a sudden-death request made without a patient record. */
export const dossierRoots = ['patient', 'referral', 'sudden_death_request'] as const;
export type DossierRoot = (typeof dossierRoots)[number];

/**
 * `child.column -> parent`: `part` rows belong to the dossier and go with it; `detach` rows are another
 * record of the hospital's (a transmural incident is a quality record) that only loses the link.
 */
export const dossierEdges: Record<string, 'part' | 'detach'> = {
  'referral.patient_id -> patient': 'part',
  'patient_account.patient_id -> patient': 'part',
  'telephone_advice.patient_id -> patient': 'part',
  'apop_screening.patient_id -> patient': 'part',
  'apop_follow_up.patient_id -> patient': 'part',
  'consent_record.patient_id -> patient': 'part',
  'letter_hold.patient_id -> patient': 'part',
  'main_practitioner.patient_id -> patient': 'part',
  'referral_event.referral_id -> referral': 'part',
  'referral_document.referral_id -> referral': 'part',
  'letter.referral_id -> referral': 'part',
  'outbox_message.referral_id -> referral': 'part',
  'quick_diagnosis.referral_id -> referral': 'part',
  'second_opinion.referral_id -> referral': 'part',
  'second_opinion_document.referral_id -> referral': 'part',
  'consent_record.referral_id -> referral': 'part',
  'letter_hold.referral_id -> referral': 'part',
  'cost_case.referral_id -> referral': 'part',
  'takeover.referral_id -> referral': 'part',
  'takeover.second_opinion_referral_id -> referral': 'part',
  'main_practitioner.referral_id -> referral': 'part',
  'mdo_case.referral_id -> referral': 'part',
  'incident.referral_id -> referral': 'detach',
  'second_opinion_document.document_id -> referral_document': 'part',
  'outbox_message.letter_id -> letter': 'part',
  'letter_hold.letter_id -> letter': 'part',
  'letter_hold.outbox_message_id -> outbox_message': 'part',
  'letter_hold.released_by_consent_id -> consent_record': 'part',
  'apop_follow_up.screening_id -> apop_screening': 'part',
  'apop_letter.screening_id -> apop_screening': 'part',
  'sudden_death_event.request_id -> sudden_death_request': 'part',
};

export interface ForeignKey {
  child: string;
  column: string;
  parent: string;
  parentColumn: string;
  nullable: boolean;
}

export class UnclassifiedEdgeError extends Error {
  readonly edges: string[];
  constructor(edges: string[]) {
    super(
      `retention: ${edges.join('; ')} refer(s) to dossier rows but is not classified in retention/dossier.ts ` +
        `(part of the dossier, or detach). Nothing was deleted.`,
    );
    this.name = 'UnclassifiedEdgeError';
    this.edges = edges;
  }
}

type Db = Kysely<Database> | Transaction<Database>;
type Row = Record<string, unknown>;

/** Single-column foreign keys of the public schema (Loket has no other kind there). */
export async function foreignKeys(db: Db): Promise<ForeignKey[]> {
  const r = await sql<{
    child: string;
    column: string;
    parent: string;
    parent_column: string;
    nullable: boolean;
  }>`
    select cl.relname as child, a.attname as column, pcl.relname as parent, pa.attname as parent_column,
           not a.attnotnull as nullable
    from pg_constraint c
    join pg_class cl on cl.oid = c.conrelid
    join pg_namespace n on n.oid = cl.relnamespace
    join pg_class pcl on pcl.oid = c.confrelid
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = c.confkey[1]
    where c.contype = 'f' and n.nspname = 'public' and cardinality(c.conkey) = 1
    order by 1, 2`.execute(db);
  return r.rows.map((x) => ({
    child: x.child,
    column: x.column,
    parent: x.parent,
    parentColumn: x.parent_column,
    nullable: x.nullable,
  }));
}

/** Primary-key columns of every table of the public schema. */
export async function primaryKeys(db: Db): Promise<Map<string, string[]>> {
  const r = await sql<{ table: string; column: string }>`
    select cl.relname as table, a.attname as column
    from pg_index i
    join pg_class cl on cl.oid = i.indrelid
    join pg_namespace n on n.oid = cl.relnamespace
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indisprimary and n.nspname = 'public'
    order by 1, 2`.execute(db);
  const map = new Map<string, string[]>();
  for (const x of r.rows) map.set(x.table, [...(map.get(x.table) ?? []), x.column]);
  return map;
}

export interface DossierGraph {
  primaryKeys: Map<string, string[]>;
  /** Edges followed into the dossier, and edges to detach. */
  parts: ForeignKey[];
  detaches: ForeignKey[];
  /** Dossier tables, children before parents: the order to delete in. */
  deleteOrder: string[];
}

const edgeName = (e: ForeignKey) => `${e.child}.${e.column} -> ${e.parent}`;

/** Classifies the database's foreign keys; throws when one that points into a dossier is not classified. */
export function dossierGraph(fks: ForeignKey[], pks: Map<string, string[]>): DossierGraph {
  const tables = new Set<string>(dossierRoots);
  const parts: ForeignKey[] = [];
  const detaches: ForeignKey[] = [];
  const unclassified = new Set<string>();
  // Grow the set of dossier tables until every edge into it has been seen.
  for (let grew = true; grew;) {
    grew = false;
    for (const e of fks) {
      if (!tables.has(e.parent)) continue;
      const kind = dossierEdges[edgeName(e)];
      if (kind === undefined) unclassified.add(edgeName(e));
      else if (kind === 'part' && !parts.includes(e)) {
        parts.push(e);
        if (!tables.has(e.child)) {
          tables.add(e.child);
          grew = true;
        }
      } else if (kind === 'detach' && !detaches.includes(e)) detaches.push(e);
    }
  }
  if (unclassified.size > 0) throw new UnclassifiedEdgeError([...unclassified].sort());
  // Children before parents (no table-level cycles among dossier tables).
  const order: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (order.includes(t)) return;
    if (path.has(t)) throw new Error(`retention: foreign keys form a cycle through ${t}`);
    path.add(t);
    for (const e of parts) if (e.parent === t && e.child !== t) visit(e.child, path);
    path.delete(t);
    order.push(t);
  };
  for (const t of [...tables].sort()) visit(t, new Set());
  const missing = order.filter((t) => !pks.has(t));
  if (missing.length > 0)
    throw new Error(`retention: dossier tables without a primary key: ${missing.join(', ')}`);
  return { primaryKeys: pks, parts, detaches, deleteOrder: order };
}

export interface Dossier {
  root: DossierRoot;
  id: string;
  rows: Map<string, Row[]>;
}

/** Every row of one dossier, following `part` edges from its root. */
export async function collectDossier(
  db: Db,
  graph: DossierGraph,
  root: DossierRoot,
  id: string,
): Promise<Dossier> {
  const rows = new Map<string, Row[]>();
  const seen = new Map<string, Set<string>>();
  const add = (table: string, found: Row[]): Row[] => {
    const pk = graph.primaryKeys.get(table) ?? [];
    const primaryKeyOf = (r: Row) => JSON.stringify(pk.map((c) => r[c]));
    const keys = seen.get(table) ?? new Set<string>();
    seen.set(table, keys);
    const fresh = found.filter((r) => !keys.has(primaryKeyOf(r)));
    for (const r of fresh) keys.add(primaryKeyOf(r));
    rows.set(table, [...(rows.get(table) ?? []), ...fresh]);
    return fresh;
  };
  const first = await sql<Row>`select * from ${sql.table(root)} where id = ${id}`.execute(db);
  let frontier: { table: string; rows: Row[] }[] = [{ table: root, rows: add(root, first.rows) }];
  while (frontier.length > 0) {
    const next: { table: string; rows: Row[] }[] = [];
    for (const f of frontier) {
      for (const e of graph.parts.filter((p) => p.parent === f.table)) {
        const values = [...new Set(f.rows.map((r) => r[e.parentColumn]).filter((v) => v !== null))];
        if (values.length === 0) continue;
        const found = await sql<Row>`
          select * from ${sql.table(e.child)} where ${sql.ref(e.column)} in (${sql.join(values)})`.execute(
          db,
        );
        const fresh = add(e.child, found.rows);
        if (fresh.length > 0) next.push({ table: e.child, rows: fresh });
      }
    }
    frontier = next;
  }
  return { root, id, rows };
}

/** The newest moment any row of the dossier was written or is due (timestamps only; dates are days, not changes). */
export function lastChange(d: Dossier): Date | null {
  let newest: number | null = null;
  for (const list of d.rows.values())
    for (const row of list)
      for (const v of Object.values(row))
        if (v instanceof Date && (newest === null || v.getTime() > newest)) newest = v.getTime();
  return newest === null ? null : new Date(newest);
}

/** Document files the dossier's rows point at (`storage_key`, `*_storage_key`). */
export function storageKeys(d: Dossier): string[] {
  const keys = new Set<string>();
  for (const list of d.rows.values())
    for (const row of list)
      for (const [k, v] of Object.entries(row))
        if ((k === 'storage_key' || k.endsWith('_storage_key')) && typeof v === 'string') keys.add(v);
  return [...keys];
}

/** Deletes the dossier's rows, children first, after detaching the records that only refer to it. */
export async function deleteDossier(
  trx: Transaction<Database>,
  graph: DossierGraph,
  d: Dossier,
): Promise<Record<string, number>> {
  for (const e of graph.detaches) {
    const ids = (d.rows.get(e.parent) ?? []).map((r) => r[e.parentColumn]);
    if (ids.length === 0) continue;
    await sql`update ${sql.table(e.child)} set ${sql.ref(e.column)} = null
              where ${sql.ref(e.column)} in (${sql.join(ids)})`.execute(trx);
  }
  const counts: Record<string, number> = {};
  for (const table of graph.deleteOrder) {
    const list = d.rows.get(table) ?? [];
    if (list.length === 0) continue;
    const pk = graph.primaryKeys.get(table)!;
    let deleted = 0;
    if (pk.length === 1) {
      const r =
        await sql`delete from ${sql.table(table)} where ${sql.ref(pk[0]!)} in (${sql.join(list.map((x) => x[pk[0]!]))})`.execute(
          trx,
        );
      deleted = Number(r.numAffectedRows ?? 0);
    } else {
      // A composite key (patient_account): one row at a time.
      for (const x of list) {
        const where = pk.map((c) => sql`${sql.ref(c)} = ${x[c]}`);
        const r = await sql`delete from ${sql.table(table)} where ${sql.join(where, sql` and `)}`.execute(
          trx,
        );
        deleted += Number(r.numAffectedRows ?? 0);
      }
    }
    counts[table] = deleted;
  }
  return counts;
}

/** Whether any row anywhere still points at a document file. */
export async function storageKeyInUse(db: Db, key: string): Promise<boolean> {
  const cols = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and (column_name = 'storage_key' or column_name like '%\\_storage\\_key')`.execute(
    db,
  );
  for (const c of cols.rows) {
    const hit =
      await sql`select 1 from ${sql.table(c.table_name)} where ${sql.ref(c.column_name)} = ${key} limit 1`.execute(
        db,
      );
    if (hit.rows.length > 0) return true;
  }
  return false;
}

/**
 * Deletes the login accounts (`auth.user`, with their sessions, passwords and second factors through the
 * foreign keys' cascade) of a deleted patient dossier: the users its `patient_account` rows linked. Run after
 * `deleteDossier` in the same transaction. A user is left alone when it still has another patient record linked
 * or any role besides `patient` (a member of staff who was also linked keeps their account). Returns the number
 * deleted.
 */
export async function deletePatientLogins(trx: Transaction<Database>, d: Dossier): Promise<number> {
  const users = [
    ...new Set(
      (d.rows.get('patient_account') ?? []).map((r) => r.user_id).filter((v) => typeof v === 'string'),
    ),
  ];
  if (users.length === 0) return 0;
  const r = await sql`
    delete from "auth"."user" u
    where u.id in (${sql.join(users)})
      and not exists (select 1 from patient_account pa where pa.user_id = u.id)
      and not exists (select 1 from user_role ur where ur.user_id = u.id and ur.role <> 'patient')`.execute(
    trx,
  );
  return Number(r.numAffectedRows ?? 0);
}
