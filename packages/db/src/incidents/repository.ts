import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { IncidentEventTable, IncidentTable } from './tables.ts';

type Executor = Kysely<Database> | Transaction<Database>;
export type IncidentRow = Selectable<IncidentTable>;
export type IncidentEventRow = Selectable<IncidentEventTable>;

/** A human reference such as TI-2026-000007. */
export async function nextIncidentReference(trx: Executor, year: number): Promise<string> {
  const r = await sql<{ n: number }>`select nextval('incident_number_seq')::int as n`.execute(trx);
  return `TI-${year}-${String(r.rows[0]!.n).padStart(6, '0')}`;
}

export async function findIncident(db: Executor, id: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('incident').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads a report for a change, locking it so concurrent steps are applied one at a time. */
export async function lockIncident(trx: Transaction<Database>, id: string): Promise<IncidentRow | undefined> {
  return trx.selectFrom('incident').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertIncidentEvent(
  trx: Transaction<Database>,
  e: Omit<IncidentEventRow, 'id'>,
): Promise<void> {
  await trx.insertInto('incident_event').values(e).execute();
}

export async function listIncidentEvents(db: Executor, incidentId: string): Promise<IncidentEventRow[]> {
  return db
    .selectFrom('incident_event')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('id')
    .execute();
}

const listColumns = [
  'id',
  'reference',
  'state',
  'department_id',
  'care_setting',
  'occurred_on',
  'occurred_until',
  'created_at',
  'updated_at',
  'closed_at',
  sql<string>`reporter->>'name'`.as('reporter_name'),
  sql<string | null>`reporter->>'organisation'`.as('reporter_organisation'),
] as const;

/** A reporter's own reports, newest change first. */
export async function incidentsOfReporter(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom('incident')
    .select(listColumns)
    .where('reported_by', '=', userId)
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
}

/** The transmural team's list: open reports first, oldest first, so nothing waits unseen. */
export async function incidentList(
  db: Executor,
  f: { states?: readonly IncidentRow['state'][]; limit: number },
) {
  let q = db.selectFrom('incident').select(listColumns);
  if (f.states && f.states.length > 0) q = q.where('state', 'in', f.states);
  return q
    .orderBy(sql`case state when 'closed' then 1 else 0 end`)
    .orderBy('created_at')
    .limit(f.limit)
    .execute();
}
