import { z } from 'zod';

/**
 * One referral model for every kind (R-REF-01): new referral, advice request, second opinion, takeover and
 * quick diagnosis share the flow; their specifics hang off it.
 */
export { referralKinds, ReferralKindSchema, type ReferralKind } from '../catalog/schema.ts';

export const referralStates = [
  'draft',
  'received',
  'awaiting-information',
  'in-triage',
  'accepted',
  'rejected',
  'scheduled',
  'seen',
  'awaiting-mdo',
  'completed',
  'cancelled',
] as const;
export const ReferralStateSchema = z.enum(referralStates);
export type ReferralState = z.infer<typeof ReferralStateSchema>;

export const closedStates: ReadonlySet<ReferralState> = new Set(['rejected', 'completed', 'cancelled']);
export function isClosed(state: ReferralState): boolean {
  return closedStates.has(state);
}

/** FHIR Task.status and businessStatus for each state: the FHIR view is a projection of this model. */
export const fhirTaskStatus: Record<ReferralState, { status: string; businessStatus: string }> = {
  draft: { status: 'draft', businessStatus: 'draft' },
  received: { status: 'received', businessStatus: 'received' },
  'awaiting-information': { status: 'on-hold', businessStatus: 'awaiting-information' },
  'in-triage': { status: 'received', businessStatus: 'in-triage' },
  accepted: { status: 'accepted', businessStatus: 'accepted' },
  rejected: { status: 'rejected', businessStatus: 'rejected' },
  scheduled: { status: 'in-progress', businessStatus: 'scheduled' },
  seen: { status: 'in-progress', businessStatus: 'seen' },
  'awaiting-mdo': { status: 'in-progress', businessStatus: 'awaiting-mdo' },
  completed: { status: 'completed', businessStatus: 'completed' },
  cancelled: { status: 'cancelled', businessStatus: 'cancelled' },
};

/** How a referral reached the hospital (R-REF-02). */
export const intakeChannels = ['portal', 'api', 'post', 'fax', 'email', 'phone'] as const;
export const IntakeChannelSchema = z.enum(intakeChannels);
export type IntakeChannel = z.infer<typeof IntakeChannelSchema>;

export const urgencies = ['routine', 'urgent'] as const;
export const UrgencySchema = z.enum(urgencies);
export type Urgency = z.infer<typeof UrgencySchema>;

/** Coded reasons for a rejection (R-REF-05); free text says more. */
export const rejectionReasons = [
  'outside-expertise',
  'better-elsewhere',
  'no-capacity',
  'insufficient-information',
  'referral-stop',
  'not-allowed-referrer',
  'other',
] as const;
export const RejectionReasonSchema = z.enum(rejectionReasons);
export type RejectionReason = z.infer<typeof RejectionReasonSchema>;
