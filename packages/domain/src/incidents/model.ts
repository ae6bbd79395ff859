import type { ActorFacts } from '../referrals/machine.ts';

/**
 * How a transmural incident report is handled (R-INC-01): the transmural team takes it in triage, may
 * investigate it, and closes it with a conclusion; the reporter follows every step. Pure.
 */
export const incidentStates = ['received', 'in-triage', 'under-investigation', 'closed'] as const;
export type IncidentState = (typeof incidentStates)[number];

export const incidentActions = ['start-triage', 'investigate', 'close'] as const;
export type IncidentAction = (typeof incidentActions)[number];

const transitions: Record<IncidentAction, { from: readonly IncidentState[]; to: IncidentState }> = {
  'start-triage': { from: ['received'], to: 'in-triage' },
  investigate: { from: ['in-triage'], to: 'under-investigation' },
  // Triage may find nothing to investigate; the conclusion says why.
  close: { from: ['in-triage', 'under-investigation'], to: 'closed' },
};

/** How an actor stands to a report: the transmural team handles every report, a reporter follows their own. */
export type IncidentAccess = 'team' | 'reporter';

export function incidentAccess(
  actor: Pick<ActorFacts, 'userId' | 'roles'>,
  report: { reportedBy: string },
): IncidentAccess | null {
  if (actor.roles.includes('transmural-team')) return 'team';
  if (report.reportedBy === actor.userId) return 'reporter';
  return null;
}

export type IncidentDecision =
  { allowed: true; to: IncidentState } | { allowed: false; reason: 'not-permitted' | 'wrong-state' };

export function decideIncidentAction(
  action: IncidentAction,
  access: IncidentAccess | null,
  state: IncidentState,
): IncidentDecision {
  if (access !== 'team') return { allowed: false, reason: 'not-permitted' };
  const t = transitions[action];
  if (!t.from.includes(state)) return { allowed: false, reason: 'wrong-state' };
  return { allowed: true, to: t.to };
}

export function availableIncidentActions(
  access: IncidentAccess | null,
  state: IncidentState,
): IncidentAction[] {
  return incidentActions.filter((a) => decideIncidentAction(a, access, state).allowed);
}

/** Both sides may write while the report is open; a closed report is read-only. */
export function mayWriteIncidentMessage(access: IncidentAccess | null, state: IncidentState): boolean {
  return access !== null && state !== 'closed';
}
