import { z } from 'zod';
import type { ReferralState } from '../referrals/model.ts';
import type { Relationship } from '../referrals/machine.ts';

/**
 * Takeover of treatment (R-TO-01 … 03). A takeover is its own referral (kind `takeover`), never a second opinion;
 * it may be raised on its own or from a second opinion, to which it is then linked both ways. The external
 * specialist stays main practitioner (hoofdbehandelaar), and the current hospital stays responsible for care,
 * including acute care, until the hospital confirms the takeover after the patient chose to be treated here.
 */

const text = (max: number, message: string) => z.string().trim().min(1, { message }).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));

/** Where the patient chooses to be treated (R-TO-03). */
export const takeoverChoices = ['this-hospital', 'current-hospital'] as const;
export const TakeoverChoiceSchema = z.enum(takeoverChoices);
export type TakeoverChoice = z.infer<typeof TakeoverChoiceSchema>;

/** Who raised a takeover from a second opinion. */
export type TakeoverRequester = 'patient' | 'referrer' | 'specialist';

export const TakeoverRequestInputSchema = z
  .object({
    note: optionalText(2000),
  })
  .strict();
export type TakeoverRequestInput = z.infer<typeof TakeoverRequestInputSchema>;

export const TakeoverChoiceInputSchema = z
  .object({
    choice: TakeoverChoiceSchema,
    note: optionalText(2000),
  })
  .strict();
export type TakeoverChoiceInput = z.infer<typeof TakeoverChoiceInputSchema>;

export const TakeoverConfirmInputSchema = z
  .object({
    /** The department's specialist who becomes main practitioner; a specialist confirming may leave it out. */
    specialistId: z.string().max(100).nullish(),
    note: optionalText(2000),
  })
  .strict();
export type TakeoverConfirmInput = z.infer<typeof TakeoverConfirmInputSchema>;

/** The current main practitioner as given by whoever records it (the external specialist of a second opinion). */
export const MainPractitionerInputSchema = z
  .object({
    name: text(200, 'Give the name of the current main practitioner'),
    organisation: text(200, 'Give the hospital or practice of the current main practitioner'),
    email: z
      .union([z.email({ message: 'Enter a valid e-mail address' }), z.literal(''), z.null()])
      .optional(),
  })
  .strict();

export interface PractitionerPeriod {
  name: string;
  organisation: string;
  /** `external`: the treating specialist elsewhere; `hospital`: this hospital's specialist after a takeover. */
  kind: 'external' | 'hospital';
  since: Date;
  until: Date | null;
}

/** Who was main practitioner at a moment (R-TO-02): the period that covers it, or null before any was recorded. */
export function mainPractitionerAt(
  history: readonly PractitionerPeriod[],
  at: Date,
): PractitionerPeriod | null {
  return (
    history.find(
      (p) => p.since.getTime() <= at.getTime() && (p.until === null || at.getTime() < p.until.getTime()),
    ) ?? null
  );
}

/** Which hospital is responsible for care, including acute care (R-TO-02). */
export function responsibleHospital(confirmedAt: Date | null): 'current-hospital' | 'this-hospital' {
  return confirmedAt ? 'this-hospital' : 'current-hospital';
}

export type TakeoverRefusal =
  | 'not-permitted'
  | 'no-second-opinion'
  | 'closed'
  | 'already-requested'
  | 'choice-missing'
  | 'patient-stays'
  | 'already-confirmed';

export type TakeoverDecision = { allowed: true } | { allowed: false; reason: TakeoverRefusal };

const closed: readonly ReferralState[] = ['draft', 'rejected', 'cancelled'];

/**
 * A takeover may be requested during or after a second opinion (R-TO-01) by the patient, the requesting doctor, or
 * the department's specialist; one open takeover per second opinion.
 */
export function decideRequest(facts: {
  kind: string;
  state: ReferralState;
  relationships: readonly Relationship[];
  openTakeover: boolean;
}): TakeoverDecision {
  if (!facts.relationships.some((r) => r === 'patient-self' || r === 'referrer-owner' || r === 'specialist'))
    return { allowed: false, reason: 'not-permitted' };
  if (facts.kind !== 'second-opinion') return { allowed: false, reason: 'no-second-opinion' };
  if (closed.includes(facts.state)) return { allowed: false, reason: 'closed' };
  if (facts.openTakeover) return { allowed: false, reason: 'already-requested' };
  return { allowed: true };
}

/** The patient records the choice, or the requesting doctor or department staff record what the patient chose. */
export function decideChoice(facts: {
  state: ReferralState;
  relationships: readonly Relationship[];
  confirmed: boolean;
}): TakeoverDecision {
  const who: readonly Relationship[] = [
    'patient-self',
    'referrer-owner',
    'back-office',
    'triage-supervisor',
    'specialist',
  ];
  if (!facts.relationships.some((r) => who.includes(r))) return { allowed: false, reason: 'not-permitted' };
  if (facts.confirmed) return { allowed: false, reason: 'already-confirmed' };
  if (closed.includes(facts.state) || facts.state === 'completed')
    return { allowed: false, reason: 'closed' };
  return { allowed: true };
}

/**
 * Confirmation (R-TO-02, R-TO-03): by the department's triage supervisor or specialist, only after the patient
 * chose to be treated here. Until then the main practitioner does not change.
 */
export function decideConfirm(facts: {
  state: ReferralState;
  relationships: readonly Relationship[];
  choice: TakeoverChoice | null;
  confirmed: boolean;
}): TakeoverDecision {
  if (!facts.relationships.some((r) => r === 'triage-supervisor' || r === 'specialist'))
    return { allowed: false, reason: 'not-permitted' };
  if (facts.confirmed) return { allowed: false, reason: 'already-confirmed' };
  if (closed.includes(facts.state) || facts.state === 'completed')
    return { allowed: false, reason: 'closed' };
  if (facts.choice === null) return { allowed: false, reason: 'choice-missing' };
  if (facts.choice !== 'this-hospital') return { allowed: false, reason: 'patient-stays' };
  return { allowed: true };
}
