import { z } from 'zod';
import { DocumentKindSchema, LetterItemSchema, ReferralKindSchema } from '../catalog/schema.ts';
import { isValidAgb } from '../identifiers/agb.ts';
import { isValidBsn, normalizeBsn } from '../identifiers/bsn.ts';
import { toE164 } from '../identifiers/phone.ts';
import { normalizePostcode } from '../identifiers/postcode.ts';
import { QuickDiagnosisChoiceSchema } from '../quick-diagnosis/schema.ts';
import { SecondOpinionRequestSchema } from '../second-opinions/schema.ts';
import { IntakeChannelSchema, RejectionReasonSchema, UrgencySchema } from './model.ts';

/**
 * Request schemas of the referral loop, shared by the web forms and the server. Values are checked and
 * normalised here (R-ID-01, R-ID-03): a BSN passes the 11-test, a postcode is written "1234 AB", a phone number
 * becomes E.164. Empty strings mean "not filled in" and are kept as null, so a draft can be incomplete.
 */
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));

const isoDate = z.iso.date({ message: 'Enter a date as YYYY-MM-DD' });

export const PatientInputSchema = z
  .object({
    bsn: optionalText(20)
      .refine((v) => v === null || isValidBsn(v), {
        message: 'This BSN does not pass the 11-test: check the number (R-ID-01)',
      })
      .transform((v) => (v === null ? null : normalizeBsn(v))),
    noBsnReason: optionalText(200),
    givenName: optionalText(100),
    familyName: optionalText(100),
    birthDate: z
      .union([isoDate, z.literal(''), z.null()])
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || v <= new Date().toISOString().slice(0, 10), {
        message: 'A date of birth cannot be in the future',
      }),
    street: optionalText(200),
    houseNumber: optionalText(20),
    postcode: optionalText(20),
    city: optionalText(100),
    country: optionalText(2).transform((v) => (v ? v.toUpperCase() : null)),
    phone: optionalText(40),
    email: z
      .union([z.email({ message: 'Enter a valid e-mail address' }), z.literal(''), z.null()])
      .optional()
      .transform((v) => (v ? v.toLowerCase() : null)),
  })
  .strict()
  .superRefine((p, ctx) => {
    const dutch = p.country === null || p.country === 'NL';
    if (p.postcode !== null && dutch && normalizePostcode(p.postcode) === null)
      ctx.addIssue({
        code: 'custom',
        path: ['postcode'],
        message: 'A Dutch postcode is written like 2333 ZA (R-ID-03)',
      });
    if (p.phone !== null && toE164(p.phone, 'NL') === null)
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'This phone number is not valid; include the area code (R-ID-03)',
      });
  })
  .transform((p) => ({
    ...p,
    postcode:
      p.postcode && (p.country === null || p.country === 'NL') ? normalizePostcode(p.postcode) : p.postcode,
    phone: p.phone ? toE164(p.phone, 'NL') : null,
  }));
export type PatientInput = z.input<typeof PatientInputSchema>;
export type Patient = z.output<typeof PatientInputSchema>;

export const FamilyDoctorSchema = z
  .object({
    name: optionalText(200),
    agbCode: optionalText(8).refine((v) => v === null || isValidAgb(v), {
      message: 'An AGB code is 8 digits (R-ID-02)',
    }),
    email: z
      .union([z.email({ message: 'Enter a valid e-mail address' }), z.literal(''), z.null()])
      .optional()
      .transform((v) => (v ? v.toLowerCase() : null)),
  })
  .strict();

export const LetterInputSchema = z.partialRecord(LetterItemSchema, optionalText(20_000));

export const DraftInputSchema = z
  .object({
    departmentId: z.string().min(1).max(100),
    kind: ReferralKindSchema,
    carePathId: optionalText(100),
    subClinicId: optionalText(100),
    urgency: UrgencySchema.default('routine'),
    patient: PatientInputSchema,
    familyDoctor: FamilyDoctorSchema.optional(),
    letter: LetterInputSchema.default({}),
    confirmations: z.array(z.string().max(120)).max(20).default([]),
    /** For a quick-diagnosis referral: the tumour type and the patient's choice (R-QD-01). */
    quickDiagnosis: QuickDiagnosisChoiceSchema.optional(),
    /** For a second opinion: the question, the treating specialist, what the dossier needs (R-SO-01, R-SO-02). */
    secondOpinion: SecondOpinionRequestSchema.optional(),
  })
  .strict();
export type DraftInput = z.input<typeof DraftInputSchema>;
export type Draft = z.output<typeof DraftInputSchema>;

/** A referral that arrived by post, fax, e-mail or phone, registered by the back office (R-REF-02). */
export const RegistrationInputSchema = DraftInputSchema.extend({
  channel: IntakeChannelSchema.exclude(['portal', 'api']),
  receivedOn: isoDate.optional(),
  referrer: z
    .object({
      name: z.string().trim().min(1, { message: 'Enter the name of the referrer' }).max(200),
      agbCode: optionalText(8).refine((v) => v === null || isValidAgb(v), {
        message: 'An AGB code is 8 digits (R-ID-02)',
      }),
      specialism: optionalText(100),
      email: z
        .union([z.email({ message: 'Enter a valid e-mail address' }), z.literal(''), z.null()])
        .optional()
        .transform((v) => (v ? v.toLowerCase() : null)),
    })
    .strict(),
}).strict();
export type RegistrationInput = z.input<typeof RegistrationInputSchema>;

export const ActionInputSchemas = {
  submit: z.object({}).strict(),
  'start-triage': z.object({}).strict(),
  'request-information': z
    .object({
      missing: z
        .array(z.string().trim().min(1).max(300))
        .min(1, { message: 'Name at least one missing item' })
        .max(30),
      message: optionalText(4000),
    })
    .strict(),
  supplement: z.object({ letter: LetterInputSchema.optional(), message: optionalText(4000) }).strict(),
  accept: z
    .object({
      urgency: UrgencySchema,
      specialistIds: z.array(z.string().min(1)).min(1, { message: 'Choose at least one specialist' }).max(10),
      seenWithin: isoDate.optional(),
      overrideReason: optionalText(1000),
      note: optionalText(4000),
    })
    .strict()
    .refine((a) => !a.seenWithin || a.overrideReason, {
      path: ['overrideReason'],
      message: 'Say why the seen-within date differs from the policy',
    }),
  reject: z
    .object({
      reasonCode: RejectionReasonSchema,
      explanation: z.string().trim().min(1, { message: 'Explain the reason to the referrer' }).max(4000),
      redirect: optionalText(500),
    })
    .strict(),
  forward: z
    .object({
      departmentId: z.string().min(1).max(100),
      reason: z.string().trim().min(1, { message: 'Give a reason' }).max(2000),
    })
    .strict(),
  schedule: z
    .object({
      start: z.iso.datetime({ offset: true, message: 'Enter the date and time of the appointment' }),
      location: optionalText(300),
      videoLink: z
        .union([
          z.url({ protocol: /^https$/, message: 'A video link starts with https://' }),
          z.literal(''),
          z.null(),
        ])
        .optional()
        .transform((v) => (v ? v : null)),
      notes: optionalText(2000),
    })
    .strict()
    .refine((a) => a.location || a.videoLink, {
      path: ['location'],
      message: 'Give a place or a video link',
    }),
  reschedule: z
    .object({
      start: z.iso.datetime({ offset: true, message: 'Enter the date and time of the appointment' }),
      location: optionalText(300),
      videoLink: z
        .union([
          z.url({ protocol: /^https$/, message: 'A video link starts with https://' }),
          z.literal(''),
          z.null(),
        ])
        .optional()
        .transform((v) => (v ? v : null)),
      notes: optionalText(2000),
      reason: z.string().trim().min(1, { message: 'Give a reason' }).max(1000),
    })
    .strict()
    .refine((a) => a.location || a.videoLink, {
      path: ['location'],
      message: 'Give a place or a video link',
    }),
  'no-show': z.object({ note: optionalText(2000) }).strict(),
  'record-consult': z.object({ note: optionalText(4000) }).strict(),
  'refer-to-mdo': z.object({ note: optionalText(4000) }).strict(),
  complete: z
    .object({
      summary: z
        .string()
        .trim()
        .min(1, { message: 'Write the feedback for the referrer and family doctor' })
        .max(20_000),
      endOfTreatment: z.boolean().default(false),
    })
    .strict(),
  cancel: z
    .object({ reason: z.string().trim().min(1, { message: 'Give a reason for cancelling' }).max(2000) })
    .strict(),
  merge: z.object({ intoId: z.string().min(1).max(100) }).strict(),
} as const;

export const DocumentKindInputSchema = DocumentKindSchema;
export const ChannelInputSchema = IntakeChannelSchema;

/** Staff find a referral by patient: the BSN goes in a request body, never in a URL (R-ID-04). */
export const PatientSearchSchema = z
  .object({
    bsn: optionalText(20),
    familyName: optionalText(100),
    birthDate: z
      .union([isoDate, z.literal(''), z.null()])
      .optional()
      .transform((v) => (v ? v : null)),
    reference: optionalText(40),
  })
  .strict()
  .refine((s) => s.bsn || s.reference || (s.familyName && s.birthDate) || s.familyName, {
    message: 'Search by BSN, by reference number, or by family name (and date of birth)',
  });
