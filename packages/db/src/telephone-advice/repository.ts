import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { TelephoneAdviceTable } from './tables.ts';

type Executor = Kysely<Database> | Transaction<Database>;
export type TelephoneAdviceRow = Selectable<TelephoneAdviceTable>;

/** A human reference such as TA-2026-000012. */
export async function nextTelephoneAdviceReference(trx: Executor, year: number): Promise<string> {
  const r = await sql<{ n: number }>`select nextval('telephone_advice_number_seq')::int as n`.execute(trx);
  return `TA-${year}-${String(r.rows[0]!.n).padStart(6, '0')}`;
}

export async function findTelephoneAdvice(db: Executor, id: string): Promise<TelephoneAdviceRow | undefined> {
  return db.selectFrom('telephone_advice').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads a record for a change, locking it so two uploads of a consent are applied one after the other. */
export async function lockTelephoneAdvice(
  trx: Transaction<Database>,
  id: string,
): Promise<TelephoneAdviceRow | undefined> {
  return trx.selectFrom('telephone_advice').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** What the recorder sees: every record they made, waiting for consent or in the file, newest first. */
export async function telephoneAdviceOfRecorder(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom('telephone_advice')
    .selectAll()
    .where('recorded_by', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** What a department sees: only the records that joined the file (R-CON-02). */
export async function filedTelephoneAdviceOfDepartments(
  db: Executor,
  departmentIds: readonly string[],
  limit: number,
) {
  if (departmentIds.length === 0) return [];
  return db
    .selectFrom('telephone_advice')
    .selectAll()
    .where('department_id', 'in', departmentIds)
    .where('state', '=', 'in-file')
    .orderBy('consulted_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function filedTelephoneAdviceOfPatient(db: Executor, patientId: string) {
  return db
    .selectFrom('telephone_advice')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('state', '=', 'in-file')
    .orderBy('consulted_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function findPatientIdByBsn(db: Executor, bsn: string): Promise<string | undefined> {
  const row = await db.selectFrom('patient').select('id').where('bsn', '=', bsn).executeTakeFirst();
  return row?.id;
}

/** The departments that have a patient: through a sent referral or a telephone advice in the file. */
export async function departmentsOfPatient(db: Executor, patientId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('referral')
    .select('department_id')
    .where('patient_id', '=', patientId)
    .where('state', '!=', 'draft')
    .union(
      db
        .selectFrom('telephone_advice')
        .select('department_id')
        .where('patient_id', '=', patientId)
        .where('state', '=', 'in-file'),
    )
    .execute();
  return rows.map((r) => r.department_id);
}
