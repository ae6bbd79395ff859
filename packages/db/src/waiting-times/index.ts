import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ReferralWaitRow {
  departmentId: string;
  kind: string;
  state: string;
  urgency: string;
  receivedAt: Date;
  appointmentStart: string | null;
  /** For a second opinion: the kind of cancer it is about, if given (R-SO-09). */
  cancerKind: string | null;
}

/** The facts behind the published waiting times: no patient data leaves this query. */
export async function listReferralWaits(
  db: Kysely<Database>,
  receivedSince: Date,
): Promise<ReferralWaitRow[]> {
  const rows = await db
    .selectFrom('referral')
    .leftJoin('second_opinion', 'second_opinion.referral_id', 'referral.id')
    .select([
      'referral.department_id',
      'referral.kind',
      'referral.state',
      'referral.urgency',
      'referral.urgency_requested',
      'referral.submitted_at',
      'referral.appointment',
      'second_opinion.cancer_kind',
    ])
    .where('referral.submitted_at', 'is not', null)
    .where('referral.submitted_at', '>=', receivedSince)
    .where('referral.merged_into', 'is', null)
    .execute();
  return rows.map((r) => ({
    departmentId: r.department_id,
    kind: r.kind,
    state: r.state,
    urgency: r.urgency ?? r.urgency_requested,
    receivedAt: new Date(r.submitted_at!),
    appointmentStart: typeof r.appointment?.start === 'string' ? r.appointment.start : null,
    cancerKind: r.kind === 'second-opinion' ? r.cancer_kind : null,
  }));
}
