import { z } from 'zod';
import { isValidBsn, normalizeBsn } from '../identifiers/bsn.ts';
import { toE164 } from '../identifiers/phone.ts';

/**
 * The APOP screener (acutely presenting older patient) at ER triage (R-APOP-01): patients aged 70 or over answer
 * nine questions. Age comes from the date of birth; the other eight are asked. The two memory questions can be
 * answered correctly, wrongly, or not at all (the patient cannot answer), which is a different fact.
 */
export const APOP_MIN_AGE = 70;

export function apopApplies(age: number): boolean {
  return age >= APOP_MIN_AGE;
}

export const apopSexes = ['female', 'male'] as const;
export type ApopSex = (typeof apopSexes)[number];

export const apopMemoryAnswers = ['correct', 'wrong', 'unable'] as const;
export type ApopMemoryAnswer = (typeof apopMemoryAnswers)[number];

/** The yes/no questions, in the order the screener asks them after age and sex. */
export const apopYesNoQuestions = [
  'arrivedByAmbulance',
  'regularHelp',
  'bathingHelp',
  'admittedPastSixMonths',
  'knownDementia',
] as const;
export type ApopYesNoQuestion = (typeof apopYesNoQuestions)[number];

export const apopMemoryQuestions = ['yearQuestion', 'monthsBackwards'] as const;
export type ApopMemoryQuestion = (typeof apopMemoryQuestions)[number];

const yesNo = z.boolean({ message: 'Answer yes or no' });
const memory = z.enum(apopMemoryAnswers, { message: 'Choose correct, wrong, or could not answer' });

export const ApopAnswersSchema = z
  .object({
    sex: z.enum(apopSexes, { message: 'Choose the sex' }),
    arrivedByAmbulance: yesNo,
    regularHelp: yesNo,
    bathingHelp: yesNo,
    admittedPastSixMonths: yesNo,
    knownDementia: yesNo,
    yearQuestion: memory,
    monthsBackwards: memory,
  })
  .strict();
export type ApopAnswers = z.infer<typeof ApopAnswersSchema>;

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));

/** Who is screened: found by BSN in the registry, or registered here (the BSN then stays optional, with a reason). */
export const ApopPatientSchema = z
  .object({
    bsn: optionalText(20)
      .refine((v) => v === null || isValidBsn(v), {
        message: 'This BSN does not pass the 11-test: check the number (R-ID-01)',
      })
      .transform((v) => (v === null ? null : normalizeBsn(v))),
    noBsnReason: optionalText(200),
    givenName: optionalText(100),
    familyName: optionalText(100),
    birthDate: z.iso
      .date({ message: 'Enter a date as YYYY-MM-DD' })
      .refine((v) => v <= new Date().toISOString().slice(0, 10), {
        message: 'A date of birth cannot be in the future',
      }),
    phone: optionalText(40),
    familyDoctorName: optionalText(200),
    familyDoctorEmail: z
      .union([z.email({ message: 'Enter a valid e-mail address' }), z.literal(''), z.null()])
      .optional()
      .transform((v) => (v ? v.toLowerCase() : null)),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.bsn === null && p.noBsnReason === null)
      ctx.addIssue({
        code: 'custom',
        path: ['noBsnReason'],
        message: 'Give the BSN, or say why there is none',
      });
    if (p.familyName === null)
      ctx.addIssue({ code: 'custom', path: ['familyName'], message: 'Enter the family name' });
    if (p.phone !== null && toE164(p.phone, 'NL') === null)
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'This phone number is not valid; include the area code (R-ID-03)',
      });
  })
  .transform((p) => ({ ...p, phone: p.phone ? toE164(p.phone, 'NL') : null }));
export type ApopPatientInput = z.input<typeof ApopPatientSchema>;
export type ApopPatient = z.output<typeof ApopPatientSchema>;

export const ApopScreeningInputSchema = z
  .object({ patient: ApopPatientSchema, answers: ApopAnswersSchema })
  .strict();
export type ApopScreeningInput = z.input<typeof ApopScreeningInputSchema>;

/** The search for a patient the registry may know; the BSN travels in a POST body only (R-ID-04). */
export const ApopPatientLookupSchema = z
  .object({
    bsn: z.string().max(20).refine(isValidBsn, {
      message: 'This BSN does not pass the 11-test: check the number (R-ID-01)',
    }),
  })
  .strict()
  .transform((v) => ({ bsn: normalizeBsn(v.bsn)! }));

export type ApopCognitiveReason = 'known-dementia' | 'memory-question-wrong' | 'no-cognitive-data';

export interface ApopCognitiveDomain {
  impaired: boolean;
  reasons: ApopCognitiveReason[];
}

/**
 * R-APOP-02: cognition is impaired when dementia is known, when at least one of the two memory questions is
 * answered wrongly, or when there is no cognitive data (neither question could be answered). One question that
 * could not be answered next to one answered correctly is data, and does not by itself count as impaired.
 */
export function apopCognitiveDomain(
  answers: Pick<ApopAnswers, 'knownDementia' | 'yearQuestion' | 'monthsBackwards'>,
): ApopCognitiveDomain {
  const reasons: ApopCognitiveReason[] = [];
  if (answers.knownDementia) reasons.push('known-dementia');
  const memoryAnswers = [answers.yearQuestion, answers.monthsBackwards];
  if (memoryAnswers.includes('wrong')) reasons.push('memory-question-wrong');
  if (memoryAnswers.every((a) => a === 'unable')) reasons.push('no-cognitive-data');
  return { impaired: reasons.length > 0, reasons };
}
