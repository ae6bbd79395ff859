import type { Role } from './roles.ts';
import { needsSecondFactor } from './roles.ts';

/**
 * The one place where access is decided (R-SEC-03). Every route names the permission it needs; the server
 * asks `decide` before the handler runs. Relationship checks (own referral, own department) build on this.
 */
export const permissions = [
  'catalog.read',
  'catalog.edit',
  'catalog.export',
  'catalog.import',
  'users.read',
  'users.manage',
  'audit.read',
  'audit.verify',
  'account.self',
  'referrals.use',
  'referrals.register',
  'worklist.read',
  'patients.search',
  'telephone-advice.record',
  'incidents.report',
  'incidents.handle',
  'gp-registry.self',
  'gp-registry.manage',
  'apop.screen',
  'apop.configure',
  'sudden-death.request',
  'sudden-death.handle',
  'second-opinions.request',
  'second-opinions.review',
  'consent.record',
  'consent.read',
  'costs.self',
  'costs.manage',
  'takeover.request',
  'takeover.confirm',
  'mdo.manage',
  'patient-portal.self',
  'fhir.use',
] as const;
export type Permission = (typeof permissions)[number];

const grants: Record<Role, readonly Permission[]> = {
  referrer: [
    'account.self',
    'referrals.use',
    'fhir.use',
    'telephone-advice.record',
    'incidents.report',
    'gp-registry.self',
    'sudden-death.request',
    'second-opinions.request',
    'consent.record',
    'consent.read',
    'takeover.request',
  ],
  patient: [
    'account.self',
    'referrals.use',
    'fhir.use',
    'second-opinions.request',
    'consent.record',
    'consent.read',
    'costs.self',
    'takeover.request',
    'patient-portal.self',
  ],
  'back-office': [
    'account.self',
    'referrals.use',
    'fhir.use',
    'referrals.register',
    'worklist.read',
    'patients.search',
    'telephone-advice.record',
    'incidents.report',
    'gp-registry.manage',
    'sudden-death.handle',
    'second-opinions.request',
    'second-opinions.review',
    'consent.record',
    'consent.read',
    'mdo.manage',
  ],
  'triage-supervisor': [
    'account.self',
    'referrals.use',
    'fhir.use',
    'worklist.read',
    'patients.search',
    'telephone-advice.record',
    'incidents.report',
    'second-opinions.review',
    'consent.read',
    'takeover.confirm',
    'mdo.manage',
  ],
  specialist: [
    'account.self',
    'referrals.use',
    'fhir.use',
    'worklist.read',
    'patients.search',
    'telephone-advice.record',
    'incidents.report',
    'sudden-death.handle',
    'second-opinions.review',
    'consent.read',
    'takeover.confirm',
    'mdo.manage',
  ],
  'care-administration': ['account.self', 'gp-registry.manage', 'costs.manage'],
  'transmural-team': ['account.self', 'incidents.report', 'incidents.handle'],
  'er-nurse': ['account.self', 'incidents.report', 'apop.screen'],
  administrator: [
    'account.self',
    'catalog.edit',
    'catalog.export',
    'catalog.import',
    'users.read',
    'users.manage',
    'apop.configure',
  ],
  'privacy-officer': ['account.self', 'audit.read', 'audit.verify', 'users.read'],
};

/** Open to everyone, signed in or not. */
const publicPermissions: ReadonlySet<Permission> = new Set<Permission>(['catalog.read']);

export interface Principal {
  userId: string;
  roles: readonly Role[];
  /** Whether this session passed a second factor. */
  secondFactorVerified: boolean;
  /** Whether the user has a second factor set up. */
  secondFactorEnrolled: boolean;
  departmentIds: readonly string[];
  organisationId: string | null;
}

export type DenyReason = 'sign-in-required' | 'second-factor-required' | 'not-permitted' | 'account-disabled';

export type Decision = { allowed: true } | { allowed: false; status: 401 | 403; reason: DenyReason };

export function rolePermissions(role: Role): readonly Permission[] {
  return grants[role];
}

export function decide(principal: Principal | null, permission: Permission): Decision {
  if (publicPermissions.has(permission)) return { allowed: true };
  if (principal === null) return { allowed: false, status: 401, reason: 'sign-in-required' };
  // Staff without a second factor may only reach their own account, to set one up.
  if (
    needsSecondFactor(principal.roles) &&
    !principal.secondFactorVerified &&
    permission !== 'account.self'
  ) {
    return { allowed: false, status: 403, reason: 'second-factor-required' };
  }
  if (principal.roles.some((r) => grants[r].includes(permission))) return { allowed: true };
  return { allowed: false, status: 403, reason: 'not-permitted' };
}
