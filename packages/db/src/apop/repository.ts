import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { ApopFollowUpTable, ApopModelTable, ApopScreeningTable } from './tables.ts';

type Executor = Kysely<Database> | Transaction<Database>;
export type ApopModelRow = Selectable<ApopModelTable>;
export type ApopScreeningRow = Selectable<ApopScreeningTable>;
export type ApopFollowUpRow = Selectable<ApopFollowUpTable>;

/** The model in force: the newest version, or none when the hospital has not configured one. */
export async function currentApopModel(db: Executor): Promise<ApopModelRow | undefined> {
  return db.selectFrom('apop_model').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function apopModelHistory(db: Executor, limit = 20): Promise<ApopModelRow[]> {
  return db.selectFrom('apop_model').selectAll().orderBy('version', 'desc').limit(limit).execute();
}

/** A new version; the unique version refuses a concurrent writer, who then tries again. */
export async function insertApopModel(
  trx: Transaction<Database>,
  values: Omit<ApopModelRow, 'id' | 'version' | 'created_at' | 'coefficients'> & {
    coefficients: Record<string, number>;
  },
): Promise<ApopModelRow> {
  const next = await sql<{
    v: number;
  }>`select coalesce(max(version), 0)::int + 1 as v from apop_model`.execute(trx);
  return trx
    .insertInto('apop_model')
    .values({ ...values, version: next.rows[0]!.v, coefficients: JSON.stringify(values.coefficients) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const patientColumns = [
  'p.given_name as patient_given_name',
  'p.family_name as patient_family_name',
  'p.birth_date as patient_birth_date',
  'p.phone as patient_phone',
] as const;

export type ApopScreeningWithPatient = ApopScreeningRow & {
  patient_given_name: string | null;
  patient_family_name: string;
  patient_birth_date: string;
  patient_phone: string | null;
};

export async function findApopScreening(
  db: Executor,
  id: string,
): Promise<ApopScreeningWithPatient | undefined> {
  return db
    .selectFrom('apop_screening as s')
    .innerJoin('patient as p', 'p.id', 's.patient_id')
    .selectAll('s')
    .select(patientColumns)
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function lockApopScreening(
  trx: Transaction<Database>,
  id: string,
): Promise<ApopScreeningRow | undefined> {
  return trx.selectFrom('apop_screening').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function recentApopScreenings(
  db: Executor,
  departmentIds: readonly string[],
  limit: number,
): Promise<ApopScreeningWithPatient[]> {
  if (departmentIds.length === 0) return [];
  return db
    .selectFrom('apop_screening as s')
    .innerJoin('patient as p', 'p.id', 's.patient_id')
    .selectAll('s')
    .select(patientColumns)
    .where('s.department_id', 'in', departmentIds)
    .orderBy('s.screened_at', 'desc')
    .limit(limit)
    .execute();
}

/** What an earlier screening of this patient recorded, to prefill what does not change between visits. */
export async function lastApopAnswers(
  db: Executor,
  patientId: string,
): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .selectFrom('apop_screening')
    .select('answers')
    .where('patient_id', '=', patientId)
    .orderBy('screened_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.answers;
}

export type ApopFollowUpItem = ApopFollowUpRow & {
  patient_given_name: string | null;
  patient_family_name: string;
  patient_birth_date: string;
  patient_phone: string | null;
  outcome: string;
  discharged_at: Date | null;
};

/** The call list: open calls by deadline first (the most urgent on top), or the closed ones, newest first. */
export async function apopFollowUps(
  db: Executor,
  filter: { departmentIds: readonly string[]; open: boolean; limit: number },
): Promise<ApopFollowUpItem[]> {
  if (filter.departmentIds.length === 0) return [];
  let q = db
    .selectFrom('apop_follow_up as f')
    .innerJoin('patient as p', 'p.id', 'f.patient_id')
    .innerJoin('apop_screening as s', 's.id', 'f.screening_id')
    .selectAll('f')
    .select(patientColumns)
    .select(['s.outcome', 's.discharged_at'])
    .where('f.department_id', 'in', filter.departmentIds);
  q = filter.open
    ? q.where('f.closed_at', 'is', null).orderBy('f.due_at', 'asc')
    : q.where('f.closed_at', 'is not', null).orderBy('f.closed_at', 'desc');
  return q.limit(filter.limit).execute();
}

export async function findApopFollowUpOfScreening(
  db: Executor,
  screeningId: string,
): Promise<ApopFollowUpRow | undefined> {
  return db
    .selectFrom('apop_follow_up')
    .selectAll()
    .where('screening_id', '=', screeningId)
    .executeTakeFirst();
}

export async function lockApopFollowUp(
  trx: Transaction<Database>,
  id: string,
): Promise<ApopFollowUpRow | undefined> {
  return trx.selectFrom('apop_follow_up').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function apopLetterOf(
  db: Executor,
  screeningId: string,
): Promise<{ id: string; language: string; pdf: Uint8Array; sha256: string; created_at: Date } | undefined> {
  return db
    .selectFrom('apop_letter')
    .select(['id', 'language', 'pdf', 'sha256', 'created_at'])
    .where('screening_id', '=', screeningId)
    .executeTakeFirst();
}
