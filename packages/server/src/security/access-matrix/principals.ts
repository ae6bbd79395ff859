import type { Role } from '@loket/domain';

/**
 * Who asks, and how they stand to the fixture: each matrix column is one of these (R-SEC-03). "Own" and "other"
 * are relative to the fixture referral: made by `referrer-own` for the patient of `patient-self`, sent to the
 * department `internal-medicine`, where `specialist-assigned` works and `specialist-other` does not.
 */
export const principals = [
  'anonymous',
  'patient-self',
  'patient-other',
  'referrer-own',
  'referrer-other',
  'back-office',
  'triage-supervisor',
  'specialist-assigned',
  'specialist-other',
  'care-administration',
  'transmural-team',
  'er-nurse',
  'administrator',
  'privacy-officer',
] as const;
export type Principal = (typeof principals)[number];

export const FIXTURE_DEPARTMENT = 'internal-medicine';
/** A department with work of its own in Loket (sudden-death cases), so that `specialist-other` is allowed somewhere. */
export const OTHER_DEPARTMENT = 'clinical-genetics';

export interface PrincipalSetup {
  roles: Role[];
  agbCode?: string;
  departmentIds?: string[];
}

export const setups: Record<Exclude<Principal, 'anonymous'>, PrincipalSetup> = {
  'patient-self': { roles: ['patient'] },
  'patient-other': { roles: ['patient'] },
  'referrer-own': { roles: ['referrer'], agbCode: '01999001' },
  'referrer-other': { roles: ['referrer'], agbCode: '01999002' },
  'back-office': { roles: ['back-office'], departmentIds: [FIXTURE_DEPARTMENT] },
  'triage-supervisor': { roles: ['triage-supervisor'], departmentIds: [FIXTURE_DEPARTMENT] },
  'specialist-assigned': { roles: ['specialist'], departmentIds: [FIXTURE_DEPARTMENT] },
  'specialist-other': { roles: ['specialist'], departmentIds: [OTHER_DEPARTMENT] },
  'care-administration': { roles: ['care-administration'] },
  'transmural-team': { roles: ['transmural-team'] },
  'er-nurse': { roles: ['er-nurse'], departmentIds: ['emergency-room'] },
  administrator: { roles: ['administrator'] },
  'privacy-officer': { roles: ['privacy-officer'] },
};
