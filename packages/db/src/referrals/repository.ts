import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, ReferralEventTable, ReferralTable } from '../schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;
export type ReferralRow = Selectable<ReferralTable>;
export type ReferralEventRow = Selectable<ReferralEventTable>;

/**
 * A human reference such as VW-2026-000123, unique and gap-tolerant, as an expression to put in the insert itself:
 * intake then takes no round trip of its own for it.
 */
export function nextReferralReferenceSql(year: number) {
  return sql<string>`${`VW-${year}-`}::text || lpad(nextval('referral_number_seq')::text, 6, '0')`;
}

export async function nextReferralReference(trx: Executor, year: number): Promise<string> {
  const r = await sql<{ reference: string }>`select ${nextReferralReferenceSql(year)} as reference`.execute(
    trx,
  );
  return r.rows[0]!.reference;
}

export async function findReferral(db: Executor, id: string): Promise<ReferralRow | undefined> {
  return db.selectFrom('referral').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads a referral for an update, locking the row so concurrent actions are applied one at a time. */
export async function lockReferral(trx: Transaction<Database>, id: string): Promise<ReferralRow | undefined> {
  return trx.selectFrom('referral').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertEvent(
  trx: Transaction<Database>,
  e: Omit<ReferralEventRow, 'id' | 'data'> & { data?: Record<string, unknown> },
): Promise<void> {
  await trx
    .insertInto('referral_event')
    .values({ ...e, data: JSON.stringify(e.data ?? {}) })
    .execute();
}

export async function listEvents(db: Executor, referralId: string): Promise<ReferralEventRow[]> {
  return db
    .selectFrom('referral_event')
    .selectAll()
    .where('referral_id', '=', referralId)
    .orderBy('id')
    .execute();
}

export interface WorklistFilter {
  departmentIds: readonly string[];
  states?: readonly string[];
  kind?: string;
  carePathId?: string;
  urgency?: string;
  dueBefore?: string;
  claimedBy?: string;
  limit: number;
}

/** The triage worklist (R-REF-04): open referrals of the departments, by due date, urgent first on the same day. */
export async function worklist(db: Executor, f: WorklistFilter) {
  if (f.departmentIds.length === 0) return [];
  let q = db
    .selectFrom('referral as r')
    .select([
      'r.id',
      'r.reference',
      'r.kind',
      'r.state',
      'r.department_id',
      'r.care_path_id',
      'r.channel',
      'r.urgency_requested',
      'r.urgency',
      'r.triage_due',
      'r.seen_within',
      'r.submitted_at',
      'r.claimed_by',
      'r.claimed_by_name',
      'r.duplicate_of',
      'r.referrer_name',
      sql<string>`coalesce(r.patient->>'familyName', '')`.as('patient_family_name'),
      sql<string | null>`r.patient->>'givenName'`.as('patient_given_name'),
      sql<string | null>`r.patient->>'birthDate'`.as('patient_birth_date'),
    ])
    .where('r.department_id', 'in', f.departmentIds)
    .where('r.state', 'not in', ['draft', 'rejected', 'completed', 'cancelled']);
  if (f.states && f.states.length > 0) q = q.where('r.state', 'in', f.states);
  if (f.kind) q = q.where('r.kind', '=', f.kind);
  if (f.carePathId) q = q.where('r.care_path_id', '=', f.carePathId);
  if (f.urgency) q = q.where(sql`coalesce(r.urgency, r.urgency_requested)`, '=', f.urgency);
  if (f.dueBefore) q = q.where(sql`coalesce(r.triage_due, r.seen_within)`, '<=', f.dueBefore);
  if (f.claimedBy) q = q.where('r.claimed_by', '=', f.claimedBy);
  return q
    .orderBy(
      sql`coalesce(case when r.state in ('received', 'in-triage', 'awaiting-information') then r.triage_due else r.seen_within end, '9999-12-31')`,
    )
    .orderBy(sql`case coalesce(r.urgency, r.urgency_requested) when 'urgent' then 0 else 1 end`)
    .orderBy('r.submitted_at')
    .limit(f.limit)
    .execute();
}

/** A referrer's referrals: their own and their practice's, newest first. */
export async function referralsOfReferrer(
  db: Executor,
  userId: string,
  organisationId: string | null,
  limit: number,
) {
  let q = db
    .selectFrom('referral')
    .select([
      'id',
      'reference',
      'kind',
      'state',
      'department_id',
      'urgency_requested',
      'created_at',
      'updated_at',
      'submitted_at',
      sql<string>`coalesce(patient->>'familyName', '')`.as('patient_family_name'),
      sql<string | null>`patient->>'givenName'`.as('patient_given_name'),
    ]);
  q = organisationId
    ? q.where((eb) => eb.or([eb('created_by', '=', userId), eb('organisation_id', '=', organisationId)]))
    : q.where('created_by', '=', userId);
  return q.orderBy('updated_at', 'desc').limit(limit).execute();
}

/** Referrals of one patient (the patient's own portal, and family doctors). */
export async function referralsOfPatients(db: Executor, patientIds: readonly string[], limit: number) {
  if (patientIds.length === 0) return [];
  return db
    .selectFrom('referral')
    .select(['id', 'reference', 'kind', 'state', 'department_id', 'updated_at', 'submitted_at'])
    .where('patient_id', 'in', patientIds)
    .where('state', '!=', 'draft')
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
}

/** Open referrals for the same patient, department and kind since a date: likely duplicates (R-REF-10). */
export async function likelyDuplicates(
  db: Executor,
  r: { id: string; patientId: string; departmentId: string; kind: string; since: Date },
) {
  return db
    .selectFrom('referral')
    .select(['id', 'reference', 'channel', 'submitted_at'])
    .where('patient_id', '=', r.patientId)
    .where('department_id', '=', r.departmentId)
    .where('kind', '=', r.kind)
    .where('id', '!=', r.id)
    .where('state', 'not in', ['draft', 'cancelled', 'rejected'])
    .where('submitted_at', '>=', r.since)
    .orderBy('submitted_at')
    .execute();
}
