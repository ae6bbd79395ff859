import { z } from 'zod';
import type { ReferralState } from '../referrals/model.ts';

/**
 * The multidisciplinary meeting (MDO, R-SO-07, R-COM-01): a department schedules meetings, puts cases (referrals
 * seen by a specialist) on the agenda, and records a conclusion per case at or after the meeting. Recording the
 * conclusion completes the referral and sends the report to the family doctor at once.
 */
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));

export const MdoMeetingInputSchema = z
  .object({
    departmentId: z.string().min(1, { message: 'Choose the department' }).max(100),
    title: z.string().trim().min(1, { message: 'Give the meeting a title' }).max(200),
    startsAt: z.iso.datetime({ offset: true, message: 'Enter the date and time of the meeting' }),
    location: optionalText(300),
  })
  .strict();
export type MdoMeetingInput = z.infer<typeof MdoMeetingInputSchema>;

export const MdoCaseInputSchema = z
  .object({
    referralId: z.string().min(1, { message: 'Choose a referral' }).max(100),
    question: optionalText(2000),
  })
  .strict();
export type MdoCaseInput = z.infer<typeof MdoCaseInputSchema>;

export const MdoConclusionInputSchema = z
  .object({
    diagnosis: z.string().trim().min(1, { message: 'Write the diagnosis' }).max(10_000),
    treatmentAdvice: z.string().trim().min(1, { message: 'Write the treatment advice' }).max(10_000),
  })
  .strict();
export type MdoConclusionInput = z.infer<typeof MdoConclusionInputSchema>;

export type MdoRefusal =
  | 'wrong-state'
  | 'other-department'
  | 'meeting-past'
  | 'already-on-agenda'
  | 'meeting-not-started'
  | 'already-concluded';

export type MdoDecision = { allowed: true } | { allowed: false; reason: MdoRefusal };

/** A case goes on an upcoming meeting of its own department once the patient was seen (or referred to the MDO). */
export function decideAgenda(facts: {
  state: ReferralState;
  referralDepartmentId: string;
  meetingDepartmentId: string;
  meetingStartsAt: Date;
  now: Date;
  onAgenda: boolean;
}): MdoDecision {
  if (facts.referralDepartmentId !== facts.meetingDepartmentId)
    return { allowed: false, reason: 'other-department' };
  if (facts.state !== 'seen' && facts.state !== 'awaiting-mdo')
    return { allowed: false, reason: 'wrong-state' };
  if (facts.onAgenda) return { allowed: false, reason: 'already-on-agenda' };
  if (facts.meetingStartsAt.getTime() < facts.now.getTime())
    return { allowed: false, reason: 'meeting-past' };
  return { allowed: true };
}

/** The conclusion is recorded at or after the meeting, once per case (R-SO-07). */
export function decideConclusion(facts: {
  state: ReferralState;
  meetingStartsAt: Date;
  now: Date;
  concluded: boolean;
}): MdoDecision {
  if (facts.concluded) return { allowed: false, reason: 'already-concluded' };
  if (facts.state !== 'awaiting-mdo') return { allowed: false, reason: 'wrong-state' };
  // A quarter of an hour early is allowed: the conclusion is often typed in as the meeting opens.
  if (facts.meetingStartsAt.getTime() - 15 * 60_000 > facts.now.getTime())
    return { allowed: false, reason: 'meeting-not-started' };
  return { allowed: true };
}

/** The text kept on the referral and its timeline when the MDO completes it. */
export function conclusionSummary(c: MdoConclusionInput, lang: 'nl' | 'en' = 'nl'): string {
  return lang === 'nl'
    ? `Conclusie MDO — Diagnose: ${c.diagnosis}\nBehandeladvies: ${c.treatmentAdvice}`
    : `MDO conclusion — Diagnosis: ${c.diagnosis}\nTreatment advice: ${c.treatmentAdvice}`;
}
