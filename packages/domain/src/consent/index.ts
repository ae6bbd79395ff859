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

/**
 * Which letters wait for consent (R-COM-02, R-CON-03). The one place that decides it; the referral letters and the
 * multidisciplinary-meeting report both ask here.
 * - The results letter after treatment (`feedback` written by the `complete` step) to the family doctor, and to a
 *   referrer, who for a referral from general practice is the family doctor: only with the patient's consent
 *   ("If the patient provides her or his consent, we will send a letter notifying you and the family doctor of the
 *   treatment results", seed 000, oncology center).
 * - Not held: the feedback report after a multidisciplinary meeting (R-COM-01, goes at once), and the receipt,
 *   request for information, rejection, invitation, appointment confirmation and cancellation: those concern
 *   the referral itself, not results of treatment, and a referrer must hear about them without delay.
 * - Letters to the patient are never held: they are the patient's own.
 */
export type ConsentOccasion = 'after-treatment' | 'after-mdo' | 'other';

export function needsConsent(
  letterType: string,
  recipientRole: string,
  occasion: ConsentOccasion = 'other',
): ConsentScope | null {
  if (occasion !== 'after-treatment') return null;
  if (letterType !== 'feedback') return null;
  if (recipientRole !== 'family-doctor' && recipientRole !== 'referrer') return null;
  return 'results-letter-to-family-doctor';
}

/** Who is recording consent, as far as the method goes. */
export type ConsentRecorder = 'patient' | 'staff' | 'referrer';

/**
 * How each kind of user may record consent (R-CON-01): the patient for themself in the portal; staff from a
 * signed form or from what the patient told them; the requesting doctor by confirming the patient agreed.
 */
export const methodsFor: Record<ConsentRecorder, readonly ConsentMethod[]> = {
  patient: ['portal'],
  staff: ['signed-form', 'verbal-to-staff'],
  referrer: ['confirmed-by-referrer'],
};

/** Who may withdraw: the patient and staff; a referrer cannot take back what the patient gave. */
export const mayWithdraw = (who: ConsentRecorder): boolean => who === 'patient' || who === 'staff';

const note = z
  .string()
  .trim()
  .max(2000, { message: 'At most 2000 characters' })
  .transform((s) => (s === '' ? null : s))
  .nullish();

export const ConsentInputSchema = z
  .object({
    scope: ConsentScopeSchema,
    method: ConsentMethodSchema,
    note,
  })
  .superRefine((v, ctx) => {
    // A consent told to staff has no paper behind it: what was said, and when, is the record (R-CON-01).
    if (v.method === 'verbal-to-staff' && !v.note)
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'Write down what the patient said and when',
      });
  });
export type ConsentInput = z.input<typeof ConsentInputSchema>;

export const ConsentWithdrawalSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, { message: 'Give the reason for the withdrawal' })
    .max(2000, { message: 'At most 2000 characters' }),
});
export type ConsentWithdrawal = z.infer<typeof ConsentWithdrawalSchema>;

/** Why a recorder may not use a method, or null when they may. */
export function consentMethodRefusal(
  who: ConsentRecorder,
  method: ConsentMethod,
): 'method-not-for-you' | null {
  return methodsFor[who].includes(method) ? null : 'method-not-for-you';
}

/** A signed declaration is a scan or a photo of the form. */
export const consentDeclarationTypes = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'] as const;
export const isConsentDeclarationType = (mediaType: string): boolean =>
  (consentDeclarationTypes as readonly string[]).includes(mediaType);
