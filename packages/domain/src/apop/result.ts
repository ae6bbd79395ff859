import { z } from 'zod';
import { apopFunctionalRisk, type ApopModel } from './model.ts';
import { apopApplies, apopCognitiveDomain, type ApopAnswers, type ApopCognitiveDomain } from './screening.ts';

/**
 * The screening result (R-APOP-04): low risk, high risk of functional decline, impaired cognition, or both.
 * Without a configured model the functional risk is unknown and said to be so: impaired cognition alone still
 * makes the patient high risk, but intact cognition cannot make the result "low".
 */
export const apopOutcomes = [
  'low-risk',
  'high-risk-functional',
  'impaired-cognition',
  'both',
  'undetermined',
] as const;
export type ApopOutcome = (typeof apopOutcomes)[number];

export type ApopRisk = 'high' | 'low' | 'unknown';

export type ApopFunctionalDomain =
  { status: 'not-configured' } | { status: 'computed'; probability: number; high: boolean };

export interface ApopAssessment {
  age: number;
  cognitive: ApopCognitiveDomain;
  functional: ApopFunctionalDomain;
  outcome: ApopOutcome;
  risk: ApopRisk;
}

export function assessApop(age: number, answers: ApopAnswers, model: ApopModel | null): ApopAssessment {
  if (!apopApplies(age)) throw new RangeError(`APOP screening does not apply at age ${age}`);
  const cognitive = apopCognitiveDomain(answers);
  const functional: ApopFunctionalDomain = model
    ? { status: 'computed', ...apopFunctionalRisk(model, age, answers, cognitive.impaired) }
    : { status: 'not-configured' };
  const functionalHigh = functional.status === 'computed' ? functional.high : null;
  let outcome: ApopOutcome;
  if (cognitive.impaired) outcome = functionalHigh ? 'both' : 'impaired-cognition';
  else if (functionalHigh === null) outcome = 'undetermined';
  else outcome = functionalHigh ? 'high-risk-functional' : 'low-risk';
  const risk: ApopRisk =
    cognitive.impaired || functionalHigh === true ? 'high' : functionalHigh === false ? 'low' : 'unknown';
  return { age, cognitive, functional, outcome, risk };
}

export const apopDispositions = ['admitted', 'sent-home'] as const;
export type ApopDisposition = (typeof apopDispositions)[number];

export const ApopDispositionInputSchema = z
  .object({
    disposition: z.enum(apopDispositions, { message: 'Choose admitted or sent home' }),
    /** When the patient left the ER; now when not given. */
    dischargedAt: z.iso.datetime({ offset: true, message: 'Enter a date and time' }).optional(),
  })
  .strict();
export type ApopDispositionInput = z.input<typeof ApopDispositionInputSchema>;

/** A high-risk patient sent home gets a call from an ER nurse within 24 hours of discharge (R-APOP-04). */
export const APOP_FOLLOW_UP_HOURS = 24;

export function apopNeedsFollowUpCall(risk: ApopRisk, disposition: ApopDisposition): boolean {
  return risk === 'high' && disposition === 'sent-home';
}

export function apopFollowUpDue(dischargedAt: Date): Date {
  return new Date(dischargedAt.getTime() + APOP_FOLLOW_UP_HOURS * 3_600_000);
}

export type ApopFollowUpStatus = 'open' | 'overdue' | 'closed';

export function apopFollowUpStatus(dueAt: Date, closedAt: Date | null, now: Date): ApopFollowUpStatus {
  if (closedAt) return 'closed';
  return now.getTime() > dueAt.getTime() ? 'overdue' : 'open';
}

export const apopCallOutcomes = ['reached', 'not-reached'] as const;
export type ApopCallOutcome = (typeof apopCallOutcomes)[number];

/** The call: questions answered and discharge instructions repeated; the family doctor called when needed. */
export const ApopCallOutcomeInputSchema = z
  .object({
    outcome: z.enum(apopCallOutcomes, { message: 'Say whether the patient was reached' }),
    instructionsRepeated: z.boolean(),
    familyDoctorContacted: z.boolean(),
    note: z
      .string()
      .max(2000)
      .optional()
      .transform((v) => (v && v.trim() !== '' ? v.trim() : null)),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.outcome === 'not-reached' && v.note === null)
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message:
          'The patient was not reached: note what was done instead (for example, the family doctor called)',
      });
  });
export type ApopCallOutcomeInput = z.input<typeof ApopCallOutcomeInputSchema>;
