import type { Role } from '../access/roles.ts';
import type { ReferralState } from './model.ts';

/**
 * The referral state machine: which action moves a referral from which states to which, who may take it
 * (role and relationship), and which guards must hold. The server enforces it; the web greys out what it
 * refuses. Pure: the caller supplies the facts.
 */
export const referralActions = [
  'submit',
  'start-triage',
  'request-information',
  'supplement',
  'accept',
  'reject',
  'forward',
  'schedule',
  'reschedule',
  'no-show',
  'record-consult',
  'refer-to-mdo',
  'complete',
  'cancel',
  'merge',
] as const;
export type ReferralAction = (typeof referralActions)[number];

/** How an actor stands to a referral. Staff relationships hold only for the referral's own department. */
export type Relationship =
  'referrer-owner' | 'family-doctor' | 'patient-self' | 'back-office' | 'triage-supervisor' | 'specialist';

interface Transition {
  from: readonly ReferralState[];
  /** The state after the action; `null` keeps the state (a reschedule). */
  to: ReferralState | null;
  who: readonly Relationship[];
  /** Guards beyond state and actor, checked against the facts. */
  guards?: readonly Guard[];
  /** A patient may take this step only on a second opinion: other referrals are their doctor's to answer. */
  patientOnSecondOpinionOnly?: true;
}

export type Guard = 'complete' | 'other-department' | 'no-blockers' | 'costs-cleared';

const dept = ['back-office', 'triage-supervisor'] as const;

export const transitions: Record<ReferralAction, Transition> = {
  // A patient submits only their own second-opinion request (R-SO-02); the service makes no other patient drafts.
  submit: {
    from: ['draft'],
    to: 'received',
    who: ['referrer-owner', 'patient-self'],
    guards: ['complete', 'no-blockers'],
  },
  'start-triage': { from: ['received'], to: 'in-triage', who: dept, guards: ['complete'] },
  'request-information': { from: ['received', 'in-triage'], to: 'awaiting-information', who: dept },
  // The patient completes the dossier of a second opinion as well as the doctor who asked (R-SO-02, R-SO-03).
  supplement: {
    from: ['awaiting-information'],
    to: 'received',
    who: ['referrer-owner', 'back-office', 'patient-self'],
    patientOnSecondOpinionOnly: true,
  },
  accept: { from: ['in-triage'], to: 'accepted', who: ['triage-supervisor'] },
  reject: { from: ['in-triage'], to: 'rejected', who: ['triage-supervisor'] },
  forward: {
    from: ['received', 'awaiting-information', 'in-triage'],
    to: 'received',
    who: dept,
    guards: ['other-department'],
  },
  schedule: { from: ['accepted'], to: 'scheduled', who: dept, guards: ['costs-cleared'] },
  reschedule: { from: ['scheduled'], to: null, who: dept },
  'no-show': { from: ['scheduled'], to: 'accepted', who: [...dept, 'specialist'] },
  'record-consult': { from: ['scheduled'], to: 'seen', who: ['specialist'] },
  'refer-to-mdo': { from: ['seen'], to: 'awaiting-mdo', who: ['specialist'] },
  complete: { from: ['seen', 'awaiting-mdo'], to: 'completed', who: ['specialist'] },
  cancel: {
    from: ['received', 'awaiting-information', 'in-triage', 'accepted', 'scheduled'],
    to: 'cancelled',
    who: ['referrer-owner', 'patient-self', 'back-office'],
  },
  merge: { from: ['received', 'awaiting-information', 'in-triage'], to: 'cancelled', who: dept },
};

export interface ActorFacts {
  userId: string;
  roles: readonly Role[];
  departmentIds: readonly string[];
  organisationId: string | null;
  /** A referrer's AGB code: the patient's family doctor follows the referral too (R-REF-08). */
  agbCode?: string | null;
  /** Patient records this user is (a patient account is linked to its own record). */
  patientIds?: readonly string[];
}

export interface ReferralFacts {
  state: ReferralState;
  departmentId: string;
  createdBy: string | null;
  /** The referring organisation; referrers of the same practice share their referrals. */
  organisationId: string | null;
  patientId: string | null;
  /** AGB code of the patient's family doctor, who sees the referral without acting on it. */
  familyDoctorAgb?: string | null;
  /** 'second-opinion', 'new-referral', ...: some steps are the patient's only on a second opinion. */
  kind?: string;
}

/** Every relationship an actor has with a referral. */
export function relationships(actor: ActorFacts, referral: ReferralFacts): Relationship[] {
  const out: Relationship[] = [];
  if (actor.roles.includes('referrer')) {
    const own = referral.createdBy === actor.userId;
    const sameOrg = actor.organisationId !== null && actor.organisationId === referral.organisationId;
    if (own || sameOrg) out.push('referrer-owner');
    else if (actor.agbCode && referral.familyDoctorAgb && actor.agbCode === referral.familyDoctorAgb)
      out.push('family-doctor');
  }
  if (
    actor.roles.includes('patient') &&
    referral.patientId !== null &&
    actor.patientIds?.includes(referral.patientId)
  )
    out.push('patient-self');
  if (actor.departmentIds.includes(referral.departmentId)) {
    for (const r of ['back-office', 'triage-supervisor', 'specialist'] as const)
      if (actor.roles.includes(r)) out.push(r);
  }
  return out;
}

/** Whether the actor may see the referral at all (R-SEC-03, R-REF-08). */
export function canView(actor: ActorFacts, referral: ReferralFacts): boolean {
  return relationships(actor, referral).length > 0;
}

export type Refusal =
  'not-permitted' | 'wrong-state' | 'incomplete' | 'blocked' | 'same-department' | 'closed' | 'costs-open';

export type ActionDecision = { allowed: true; to: ReferralState } | { allowed: false; reason: Refusal };

export interface GuardFacts {
  /**
   * Items still missing (R-REF-03). For a submission only the essentials count (who the patient is and why):
   * a referral may be sent incomplete and staff ask for the rest; triage starts only when nothing is missing.
   */
  missing?: number;
  /** Stops and restrictions that forbid this referral (R-CAT-05). */
  blockers?: number;
  /** For a forward: the department it would go to. */
  targetDepartmentId?: string;
  /**
   * Costs that must be settled before an appointment (R-COST-03, R-COST-04): an unpaid advance, or a patient
   * insured abroad whom the costs team has not cleared.
   */
  costsOpen?: boolean;
}

export function decideAction(
  action: ReferralAction,
  actor: ActorFacts,
  referral: ReferralFacts,
  facts: GuardFacts = {},
): ActionDecision {
  const t = transitions[action];
  const rel = relationships(actor, referral);
  if (!t.who.some((w) => rel.includes(w))) return { allowed: false, reason: 'not-permitted' };
  if (
    t.patientOnSecondOpinionOnly &&
    referral.kind !== 'second-opinion' &&
    !t.who.some((w) => w !== 'patient-self' && rel.includes(w))
  )
    return { allowed: false, reason: 'not-permitted' };
  if (!t.from.includes(referral.state)) {
    return {
      allowed: false,
      reason:
        referral.state === 'rejected' || referral.state === 'completed' || referral.state === 'cancelled'
          ? 'closed'
          : 'wrong-state',
    };
  }
  for (const g of t.guards ?? []) {
    if (g === 'complete' && (facts.missing ?? 0) > 0) return { allowed: false, reason: 'incomplete' };
    if (g === 'no-blockers' && (facts.blockers ?? 0) > 0) return { allowed: false, reason: 'blocked' };
    if (g === 'costs-cleared' && facts.costsOpen) return { allowed: false, reason: 'costs-open' };
    if (
      g === 'other-department' &&
      (!facts.targetDepartmentId || facts.targetDepartmentId === referral.departmentId)
    )
      return { allowed: false, reason: 'same-department' };
  }
  return { allowed: true, to: t.to ?? referral.state };
}

/** The actions this actor could take now (guards that need input, like a forward's target, are assumed met). */
export function availableActions(
  actor: ActorFacts,
  referral: ReferralFacts,
  facts: GuardFacts = {},
): ReferralAction[] {
  return referralActions.filter((a) => {
    const d = decideAction(a, actor, referral, { targetDepartmentId: '\u0000other', ...facts });
    return d.allowed;
  });
}
