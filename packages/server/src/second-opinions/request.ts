import type { Kysely, Transaction } from 'kysely';
import { insertEvent, type Database, type ReferralRow } from '@loket/db';
import {
  defaultSecondOpinionReviewWorkingDays,
  workingDayDeadline,
  type Evaluation,
  type Hospital,
  type ReferralKind,
  type ReferralPolicy,
  type SecondOpinionRequest,
  type SecondOpinionRoute,
} from '@loket/domain';
import { z } from 'zod';
import type { AuditTrail } from '../audit/trail.ts';
import { HttpError } from '../http/errors.ts';
import { recordConsent } from '../consent/records.ts';
import type { ReferralActor } from '../referrals/actor.ts';
import { todayInAmsterdam } from '../settings/service.ts';

/**
 * The second opinion inside the referral loop (R-SO-01 … R-SO-05): the referral service calls these in its own
 * transactions, so the request, the patient's consent, and the start of the review clock commit with the referral.
 */
type Executor = Kysely<Database> | Transaction<Database>;
const json = (v: unknown) => JSON.stringify(v);

/**
 * The kind of cancer must be one of the hospital's tumour types (R-SO-09): the public waiting times are grouped by
 * it, so a free value would be a group of its own.
 */
export function checkCancerKind(
  hospital: Hospital,
  draft: { kind: ReferralKind; secondOpinion?: SecondOpinionRequest | undefined },
): void {
  const kind = draft.kind === 'second-opinion' ? draft.secondOpinion?.cancerKind : null;
  if (!kind || hospital.quickDiagnosis?.tumourTypes.some((tt) => tt.id === kind)) return;
  throw new HttpError(400, 'invalid-input', {
    problems: [{ path: 'secondOpinion.cancerKind', message: 'Choose the kind of cancer from the list' }],
  });
}

/**
 * The route is who the requester is, not what the form says: a patient asks for themself, a family doctor's request
 * is flagged (seeds/002). A specialist says whether they practise abroad; nobody else can claim "patient".
 */
export function routeOf(actor: ReferralActor, asked: SecondOpinionRoute): SecondOpinionRoute {
  if (actor.roles.includes('patient') && !actor.roles.includes('referrer')) return 'patient';
  if (actor.referrerKind === 'family-doctor') return 'family-doctor';
  // A specialist may practise abroad (the demo doctor abroad has an AGB code); only that choice is theirs.
  if (actor.referrerKind === 'medical-specialist')
    return asked === 'doctor-abroad' ? 'doctor-abroad' : 'treating-specialist';
  return asked === 'patient' ? 'doctor-abroad' : asked;
}

/** Keeps the request with the referral; a referral that is no longer a second opinion loses it. */
export async function keepSecondOpinionRequest(
  trx: Transaction<Database>,
  referralId: string,
  draft: { kind: ReferralKind; secondOpinion?: SecondOpinionRequest | undefined },
  actor: ReferralActor,
  /** A referral made in this transaction has nothing to lose. */
  isNew = false,
): Promise<void> {
  if (draft.kind !== 'second-opinion' || !draft.secondOpinion) {
    if (!isNew) await trx.deleteFrom('second_opinion').where('referral_id', '=', referralId).execute();
    return;
  }
  const so = draft.secondOpinion;
  const values = {
    question: so.question,
    route: routeOf(actor, so.route),
    treating_specialist: json(so.treatingSpecialist),
    treated_abroad: so.treatedAbroad,
    imaging_done: so.imagingDone,
    patient_consulted: so.patientConsulted,
    cancer_kind: so.cancerKind,
    updated_at: new Date(),
  };
  await trx
    .insertInto('second_opinion')
    .values({ referral_id: referralId, ...values })
    .onConflict((oc) => oc.column('referral_id').doUpdateSet(values))
    .execute();
}

/** The facts the completeness evaluation needs, or null for another kind of referral. */
export async function secondOpinionFactsOf(db: Executor, r: Pick<ReferralRow, 'id' | 'kind'>) {
  if (r.kind !== 'second-opinion') return null;
  const so = await db
    .selectFrom('second_opinion')
    .selectAll()
    .where('referral_id', '=', r.id)
    .executeTakeFirst();
  if (!so) return null;
  return {
    question: so.question,
    route: so.route,
    treatedAbroad: so.treated_abroad,
    imagingDone: so.imaging_done,
    patientConsulted: so.patient_consulted,
    cancerKind: so.cancer_kind,
  };
}

export const SecondOpinionPolicySchema = z
  .object({ reviewWorkingDays: z.number().int().min(1).max(60) })
  .strict();
export type SecondOpinionPolicy = z.infer<typeof SecondOpinionPolicySchema>;
export const SECOND_OPINION_POLICY_KEY = 'second-opinion-policy';

/** The review takes "about five working days" (seeds/002); the hospital may set another number. */
export async function secondOpinionPolicy(db: Executor): Promise<SecondOpinionPolicy> {
  const row = await db
    .selectFrom('setting')
    .select('value')
    .where('key', '=', SECOND_OPINION_POLICY_KEY)
    .executeTakeFirst();
  const parsed = SecondOpinionPolicySchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : { reviewWorkingDays: defaultSecondOpinionReviewWorkingDays };
}

/**
 * A doctor's request carries the patient's consent to share the records (seeds/004): it is recorded as given, by
 * the doctor's confirmation, when the request is sent.
 */
export async function recordRequestConsent(
  trx: Transaction<Database>,
  r: ReferralRow,
  actor: ReferralActor,
  audit: AuditTrail,
): Promise<void> {
  if (r.kind !== 'second-opinion' || !r.patient_id) return;
  const so = await trx
    .selectFrom('second_opinion')
    .selectAll()
    .where('referral_id', '=', r.id)
    .executeTakeFirst();
  if (!so || so.route === 'patient' || !so.patient_consulted || so.consent_record_id) return;
  const consentId = await recordConsent(trx, {
    patientId: r.patient_id,
    referralId: r.id,
    scope: 'records-for-second-opinion',
    method: 'confirmed-by-referrer',
    givenBy: { userId: actor.userId, name: actor.name, role: actor.roles.join(',') },
    note: 'The requesting doctor confirmed the patient was consulted and agrees (R-SO-02)',
  });
  await trx
    .updateTable('second_opinion')
    .set({ consent_record_id: consentId, updated_at: new Date() })
    .where('referral_id', '=', r.id)
    .execute();
  await audit.record(trx, actor.audit, {
    eventType: 'consent.record',
    action: 'C',
    objectType: 'consent',
    objectId: consentId,
    patientId: r.patient_id,
    details: { referral: r.reference, scope: 'records-for-second-opinion', method: 'confirmed-by-referrer' },
  });
}

/**
 * The review clock (R-SO-03): the moment nothing is missing any more, the case moves into review and is due the
 * set number of working days later. Called after a submission and after every upload; a no-op otherwise.
 */
export async function startReviewIfComplete(
  trx: Transaction<Database>,
  r: ReferralRow,
  actor: ReferralActor | null,
  deps: {
    evaluation: Evaluation;
    policy: ReferralPolicy;
    holidays: ReadonlySet<string>;
    audit: AuditTrail;
    now?: Date;
  },
): Promise<ReferralRow> {
  if (r.kind !== 'second-opinion') return r;
  if (r.state !== 'received' && r.state !== 'awaiting-information') return r;
  if (deps.evaluation.missing.length > 0) return r;
  const so = await trx
    .selectFrom('second_opinion')
    .selectAll()
    .where('referral_id', '=', r.id)
    .executeTakeFirst();
  if (!so || so.dossier_complete_at) return r;
  const now = deps.now ?? new Date();
  const today = todayInAmsterdam(now);
  const { reviewWorkingDays } = await secondOpinionPolicy(trx);
  const deadline = workingDayDeadline(
    'second-opinion-review',
    today,
    reviewWorkingDays,
    deps.policy,
    deps.holidays,
  );
  await trx
    .updateTable('second_opinion')
    .set({
      dossier_complete_at: now,
      review_due: deadline.due,
      review_deadline: json(deadline),
      updated_at: now,
    })
    .where('referral_id', '=', r.id)
    .execute();
  // The worklist and board sort by the triage due date: for a second opinion that is the review's due date.
  const row = await trx
    .updateTable('referral')
    .set({
      state: 'in-triage',
      triage_due: deadline.due,
      triage_deadline: json(deadline),
      updated_at: now,
      version: r.version + 1,
    })
    .where('id', '=', r.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertEvent(trx, {
    referral_id: r.id,
    at: now,
    actor_user_id: null,
    actor_name: 'Loket',
    actor_role: null,
    type: 'second-opinion-review-started',
    from_state: r.state,
    to_state: 'in-triage',
    // Worded by the reader's app from the data (R-SO-03): "dossier complete, review due <date>".
    note: null,
    visibility: 'everyone',
    data: { reviewDue: deadline.due, workingDays: reviewWorkingDays },
  });
  await deps.audit.record(
    trx,
    actor?.audit ?? { userId: null, userName: 'Loket', role: 'system', accessPoint: null },
    {
      eventType: 'second-opinion.review-started',
      action: 'U',
      objectType: 'referral',
      objectId: r.id,
      patientId: r.patient_id,
      details: { reference: r.reference, reviewDue: deadline.due },
    },
  );
  return row;
}

/** The request as the referral form edits it, for the referral view; null for another kind. */
export async function secondOpinionDraftOf(db: Executor, r: Pick<ReferralRow, 'id' | 'kind'>) {
  if (r.kind !== 'second-opinion') return null;
  const so = await db
    .selectFrom('second_opinion')
    .selectAll()
    .where('referral_id', '=', r.id)
    .executeTakeFirst();
  if (!so) return null;
  return {
    question: so.question,
    route: so.route,
    treatingSpecialist: so.treating_specialist,
    treatedAbroad: so.treated_abroad,
    imagingDone: so.imaging_done,
    patientConsulted: so.patient_consulted,
  };
}
