import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ReferralWaitRow {
  departmentId: string;
  kind: string;
  state: string;
  urgency: string;
  receivedAt: Date;
  appointmentStart: string | null;
}

/** The facts behind the published waiting times: no patient data leaves this query. */
export async function listReferralWaits(
  db: Kysely<Database>,
  receivedSince: Date,
): Promise<ReferralWaitRow[]> {
  const rows = await db
    .selectFrom('referral')
    .select(['department_id', 'kind', 'state', 'urgency', 'urgency_requested', 'submitted_at', 'appointment'])
    .where('submitted_at', 'is not', null)
    .where('submitted_at', '>=', receivedSince)
    .where('merged_into', 'is', null)
    .execute();
  return rows.map((r) => ({
    departmentId: r.department_id,
    kind: r.kind,
    state: r.state,
    urgency: r.urgency ?? r.urgency_requested,
    receivedAt: new Date(r.submitted_at!),
    appointmentStart: typeof r.appointment?.start === 'string' ? r.appointment.start : null,
  }));
}
