import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { ConsentRecordTable, Database } from '@loket/db';
import type { ConsentMethod, ConsentScope } from '@loket/domain';
import { releaseWaitingLetters } from './holds.ts';

/**
 * Writing and reading consent records. Callers pass their own transaction, so a request and the consent that
 * comes with it commit together.
 *
 * Reach of a record: one given on a referral covers that referral; one given without a referral (e.g. in the
 * patient portal, in general) covers all the patient's referrals. Results of one treatment are not released to
 * the family doctor by a consent the patient gave about another (a psychiatric one, say).
 */
export interface ConsentGiver {
  userId: string | null;
  name: string;
  role: string;
}

export interface ConsentDeclaration {
  storageKey: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface NewConsent {
  patientId: string;
  referralId: string | null;
  scope: ConsentScope;
  method: ConsentMethod;
  givenBy: ConsentGiver;
  note?: string | null;
  at?: Date;
  /** Set by a caller that names the record in its own writes first (e.g. a timeline event before the release). */
  id?: string;
  /** The signed declaration, when staff uploaded it. */
  declaration?: ConsentDeclaration | null;
}

/**
 * Records consent and, in the same transaction, releases the letters that waited for it (R-CON-03). Pass a
 * transaction: with a bare Kysely the release is not atomic with the record.
 */
export async function recordConsent(trx: Transaction<Database> | Kysely<Database>, c: NewConsent) {
  const id = c.id ?? randomUUID();
  const at = c.at ?? new Date();
  await trx
    .insertInto('consent_record')
    .values({
      id,
      patient_id: c.patientId,
      referral_id: c.referralId,
      scope: c.scope,
      method: c.method,
      given_at: at,
      given_by_user_id: c.givenBy.userId,
      given_by_name: c.givenBy.name,
      given_by_role: c.givenBy.role,
      note: c.note ?? null,
      declaration_storage_key: c.declaration?.storageKey ?? null,
      declaration_filename: c.declaration?.filename ?? null,
      declaration_media_type: c.declaration?.mediaType ?? null,
      declaration_size: c.declaration?.size ?? null,
      declaration_sha256: c.declaration?.sha256 ?? null,
    })
    .execute();
  await releaseWaitingLetters(trx, {
    consentId: id,
    patientId: c.patientId,
    referralId: c.referralId,
    scope: c.scope,
    at,
  });
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

/** The records that bear on one referral: given on it, or given without a referral. */
export function consentRecordsFor(
  db: Transaction<Database> | Kysely<Database>,
  patientId: string,
  referralId: string,
): Promise<ConsentRecordTable[]> {
  return db
    .selectFrom('consent_record')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where((eb) => eb.or([eb('referral_id', '=', referralId), eb('referral_id', 'is', null)]))
    .orderBy('given_at')
    .orderBy('id')
    .execute();
}
