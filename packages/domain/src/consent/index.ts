import { z } from 'zod';

/**
 * Consent records (R-CON-01 … 03): who gave consent, when, for what scope, how, and whether it was withdrawn.
 * A record is never edited; a withdrawal is stamped on it, so the history of who allowed what stays readable.
 */
export const consentScopes = [
  /** Records may be obtained from, and shared with, the second-opinion hospital (R-CON-01, WGBO 7:457). */
  'records-for-second-opinion',
  /** After treatment, the results letter may go to the family doctor (R-COM-02). */
  'results-letter-to-family-doctor',
] as const;
export const ConsentScopeSchema = z.enum(consentScopes);
export type ConsentScope = z.infer<typeof ConsentScopeSchema>;

/** How consent was given: by the patient in the portal, on a signed form, told to staff, or confirmed by the requesting doctor. */
export const consentMethods = ['portal', 'signed-form', 'verbal-to-staff', 'confirmed-by-referrer'] as const;
export const ConsentMethodSchema = z.enum(consentMethods);
export type ConsentMethod = z.infer<typeof ConsentMethodSchema>;

export interface ConsentFact {
  scope: ConsentScope;
  givenAt: Date;
  withdrawnAt: Date | null;
}

/** Whether consent for a scope holds at a moment: given before it and not withdrawn by then. */
export function hasConsent(
  records: readonly ConsentFact[],
  scope: ConsentScope,
  at: Date = new Date(),
): boolean {
  return records.some(
    (r) => r.scope === scope && r.givenAt <= at && (r.withdrawnAt === null || r.withdrawnAt > at),
  );
}
