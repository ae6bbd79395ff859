import { z } from 'zod';

export const roles = [
  'referrer',
  'patient',
  'back-office',
  'triage-supervisor',
  'specialist',
  'care-administration',
  'transmural-team',
  'er-nurse',
  'administrator',
  'privacy-officer',
] as const;
export const RoleSchema = z.enum(roles);
export type Role = z.infer<typeof RoleSchema>;

/** Hospital staff must use a second factor; referrers and patients may. */
export const staffRoles: ReadonlySet<Role> = new Set<Role>([
  'back-office',
  'triage-supervisor',
  'specialist',
  'care-administration',
  'transmural-team',
  'er-nurse',
  'administrator',
  'privacy-officer',
]);

export function isStaff(role: Role): boolean {
  return staffRoles.has(role);
}

export function needsSecondFactor(userRoles: readonly Role[]): boolean {
  return userRoles.some(isStaff);
}
