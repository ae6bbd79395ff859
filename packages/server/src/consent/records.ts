import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { ConsentRecordTable, Database } from '@loket/db';
import type { ConsentMethod, ConsentScope } from '@loket/domain';

/**
 * Writing and reading consent records. Callers pass their own transaction, so a request and the consent that
 * comes with it commit together.
 */
export interface ConsentGiver {
  userId: string | null;
  name: string;
  role: string;
}

export interface NewConsent {
  patientId: string;
  referralId: string | null;
  scope: ConsentScope;
  method: ConsentMethod;
  givenBy: ConsentGiver;
  note?: string | null;
  at?: Date;
}

export async function recordConsent(trx: Transaction<Database> | Kysely<Database>, c: NewConsent) {
  const id = randomUUID();
  await trx
    .insertInto('consent_record')
    .values({
      id,
      patient_id: c.patientId,
      referral_id: c.referralId,
      scope: c.scope,
      method: c.method,
      given_at: c.at ?? new Date(),
      given_by_user_id: c.givenBy.userId,
      given_by_name: c.givenBy.name,
      given_by_role: c.givenBy.role,
      note: c.note ?? null,
    })
    .execute();
  return id;
}

export function consentRecordsOf(
  db: Transaction<Database> | Kysely<Database>,
  patientId: string,
): Promise<ConsentRecordTable[]> {
  return db
    .selectFrom('consent_record')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('given_at')
    .execute();
}
