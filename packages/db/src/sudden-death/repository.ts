import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { SuddenDeathEventTable, SuddenDeathRequestTable } from './tables.ts';

type Executor = Kysely<Database> | Transaction<Database>;
export type SuddenDeathRequestRow = Selectable<SuddenDeathRequestTable>;
/** A request without its form, for lists and views. */
export type SuddenDeathRequestSummary = Omit<SuddenDeathRequestRow, 'form_pdf'>;
export type SuddenDeathEventRow = Selectable<SuddenDeathEventTable>;

const summaryColumns = [
  'id',
  'reference',
  'kind',
  'state',
  'deceased',
  'biopsies',
  'autopsy',
  'requester',
  'note',
  'requested_by',
  'organisation_id',
  'family_member_registered_at',
  'created_at',
  'updated_at',
  'form_language',
  'form_sha256',
  'version',
] as const;

/** A reference to write on the form and the pots, such as PO-2026-000012 (plots overlijden). */
export async function nextSuddenDeathReference(trx: Executor, year: number): Promise<string> {
  const r = await sql<{ n: number }>`select nextval('sudden_death_number_seq')::int as n`.execute(trx);
  return `PO-${year}-${String(r.rows[0]!.n).padStart(6, '0')}`;
}

export async function findSuddenDeathRequest(
  db: Executor,
  id: string,
): Promise<SuddenDeathRequestSummary | undefined> {
  return db.selectFrom('sudden_death_request').select(summaryColumns).where('id', '=', id).executeTakeFirst();
}

export async function lockSuddenDeathRequest(
  trx: Transaction<Database>,
  id: string,
): Promise<SuddenDeathRequestSummary | undefined> {
  return trx
    .selectFrom('sudden_death_request')
    .select(summaryColumns)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function suddenDeathForm(
  db: Executor,
  id: string,
): Promise<{ reference: string; kind: string; pdf: Uint8Array; sha256: string } | undefined> {
  return db
    .selectFrom('sudden_death_request')
    .select(['reference', 'kind', 'form_pdf as pdf', 'form_sha256 as sha256'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function suddenDeathRequestsBy(
  db: Executor,
  userId: string,
  limit: number,
): Promise<SuddenDeathRequestSummary[]> {
  return db
    .selectFrom('sudden_death_request')
    .select(summaryColumns)
    .where('requested_by', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** The hospital's list: open requests first (oldest on top), then the finished ones. */
export async function suddenDeathCases(
  db: Executor,
  filter: { open: boolean; limit: number },
): Promise<SuddenDeathRequestSummary[]> {
  let q = db.selectFrom('sudden_death_request').select(summaryColumns);
  q = filter.open
    ? q.where('state', 'not in', ['examined', 'completed']).orderBy('created_at', 'asc')
    : q.where('state', 'in', ['examined', 'completed']).orderBy('updated_at', 'desc');
  return q.limit(filter.limit).execute();
}

export async function insertSuddenDeathEvent(
  trx: Transaction<Database>,
  e: Omit<SuddenDeathEventRow, 'id' | 'data'> & { data?: Record<string, unknown> },
): Promise<void> {
  await trx
    .insertInto('sudden_death_event')
    .values({ ...e, data: JSON.stringify(e.data ?? {}) })
    .execute();
}

export async function suddenDeathEvents(db: Executor, requestId: string): Promise<SuddenDeathEventRow[]> {
  return db
    .selectFrom('sudden_death_event')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
}
