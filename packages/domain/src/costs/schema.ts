import { z } from 'zod';
import { localTime } from '../calendar/local-time.ts';
import { isBsnLikeNumber } from '../incidents/schema.ts';
import { abroadArrangements, coverageOutcomes } from './rules.ts';

/**
 * Inputs of the costs of a second opinion (R-COST-01 … 04), shared by the web forms and the server. Amounts are
 * whole euro cents, so no rounding happens between the form and the database.
 */
const required = (max: number, message: string) => z.string().trim().min(1, { message }).max(max);

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));

const today = () => localTime(new Date(), 'Europe/Amsterdam').date;

const pastDate = (message: string) =>
  z.iso.date({ message }).refine((v) => v <= today(), { message: 'This date cannot be in the future' });

const cents = (message: string) =>
  z.number({ message }).int({ message }).min(1, { message }).max(100_000_000, { message });

/** R-COST-01: who insures the patient, under which policy, in which country. */
export const InsuranceInputSchema = z.object({
  insurer: required(200, 'Enter the name of the health insurer'),
  policyNumber: required(40, 'Enter the policy number from the insurance card').refine(
    (v) => !isBsnLikeNumber(v),
    { message: 'This looks like a BSN; enter the policy number from the insurance card instead' },
  ),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, { message: 'Choose the country of insurance (two-letter code, such as NL or DE)' }),
});
export type InsuranceInput = z.infer<typeof InsuranceInputSchema>;

/** R-COST-01: what the insurer said when the patient (or care administration) asked. */
export const CoverageInputSchema = z
  .object({
    outcome: z.enum(coverageOutcomes, {
      message: 'Choose what the insurer said: covered, not covered or partly',
    }),
    checkedOn: pastDate('Enter the date the insurer was asked as YYYY-MM-DD'),
    note: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'partly-covered' && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say which part the insurer covers' });
  });
export type CoverageInput = z.infer<typeof CoverageInputSchema>;

/** R-COST-03: the advance came in. */
export const AdvancePaymentInputSchema = z.object({
  amountCents: cents('Enter the amount paid in euro, more than 0'),
  paidOn: pastDate('Enter the date of payment as YYYY-MM-DD'),
  reference: required(100, 'Enter the payment reference (from the bank statement or the receipt)'),
});
export type AdvancePaymentInput = z.infer<typeof AdvancePaymentInputSchema>;

/** R-COST-03: the real cost after the appointment, with the advance deducted. */
export const SettlementInputSchema = z.object({
  actualCostCents: z
    .number({ message: 'Enter the real cost in euro' })
    .int({ message: 'Enter the real cost in euro' })
    .min(0, { message: 'Enter the real cost in euro' })
    .max(100_000_000, { message: 'Enter the real cost in euro' }),
  settledOn: pastDate('Enter the date of the settlement as YYYY-MM-DD'),
  note: optionalText(2000),
});
export type SettlementInput = z.infer<typeof SettlementInputSchema>;

/** R-COST-04: the costs team cleared a patient insured abroad. */
export const AbroadClearanceInputSchema = z
  .object({
    arrangement: z.enum(abroadArrangements, {
      message: 'Choose the arrangement: advance paid, guarantee from the insurer, or other',
    }),
    note: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.arrangement === 'other' && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Describe the arrangement' });
  });
export type AbroadClearanceInput = z.infer<typeof AbroadClearanceInputSchema>;

/** The amounts are settings (R-COST-03). */
export const CostsPolicySchema = z.object({
  advanceCents: cents('Enter the advance in euro, more than 0'),
  flagWindowMonths: z.number().int().min(1).max(60),
});
