import { z } from 'zod';
import { isValidAgb } from '../identifiers/agb.ts';
import { normalizePostcode } from '../identifiers/postcode.ts';

/**
 * The family-doctor registry (R-GP-01, seeds/000 "Frequently asked questions regarding family doctors"): a family
 * doctor shares a secure-mail ("zorgmail") address and reports a practice change, that they are new in the region,
 * or that they stopped. Staff check each registration against Vektis before it counts.
 */
export const gpRegistrationKinds = ['secure-mail', 'practice-change', 'new-in-region', 'stopped'] as const;
export const GpRegistrationKindSchema = z.enum(gpRegistrationKinds);
export type GpRegistrationKind = z.infer<typeof GpRegistrationKindSchema>;

export const gpRegistrationStatuses = ['pending', 'confirmed', 'rejected', 'superseded'] as const;
export type GpRegistrationStatus = (typeof gpRegistrationStatuses)[number];

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));
const isoDate = z.iso.date({ message: 'Enter a date as YYYY-MM-DD' });
const agb = z.string().trim().refine(isValidAgb, { message: 'An AGB code is 8 digits (R-ID-02)' });
const secureMail = z
  .email({ message: 'Enter a valid secure-mail address' })
  .max(200)
  .transform((v) => v.toLowerCase());

export const PracticeInputSchema = z
  .object({
    name: text(200).min(1, { message: 'Enter the name of the practice' }),
    agbCode: agb.refine((v) => v.startsWith('01'), {
      message: 'A family practice has an AGB code starting with 01 (R-ID-02)',
    }),
    street: optionalText(200),
    houseNumber: optionalText(20),
    postcode: optionalText(20)
      .refine((v) => v === null || normalizePostcode(v) !== null, {
        message: 'A Dutch postcode is written like 2333 ZA (R-ID-03)',
      })
      .transform((v) => (v === null ? null : normalizePostcode(v))),
    city: optionalText(100),
  })
  .strict();
export type PracticeInput = z.input<typeof PracticeInputSchema>;
export type Practice = z.output<typeof PracticeInputSchema>;

/** "Please inform us with regard to both the former and the current family doctor" (seeds/000). */
const takesOverFromAgb = optionalText(8).refine((v) => v === null || isValidAgb(v), {
  message: 'An AGB code is 8 digits (R-ID-02)',
});

const note = optionalText(2000);

export const GpRegistrationInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('secure-mail'), secureMail, note }).strict(),
  z
    .object({
      kind: z.literal('practice-change'),
      practice: PracticeInputSchema,
      effectiveOn: isoDate,
      takesOverFromAgb,
      note,
    })
    .strict(),
  z
    .object({
      kind: z.literal('new-in-region'),
      practice: PracticeInputSchema,
      effectiveOn: isoDate,
      takesOverFromAgb,
      secureMail: secureMail.nullish(),
      note,
    })
    .strict(),
  z.object({ kind: z.literal('stopped'), effectiveOn: isoDate, note }).strict(),
]);
export type GpRegistrationInput = z.input<typeof GpRegistrationInputSchema>;
export type GpRegistration = z.output<typeof GpRegistrationInputSchema>;

/**
 * What staff checked before confirming: the Vektis registration of the doctor, and of the doctor-practice
 * combination where the registration names a practice ("we only record the zorgmail address if this is linked to
 * the general data management in accordance with your registration with Vektis").
 */
export const GpConfirmInputSchema = z
  .object({
    checks: z
      .object({
        vektisDoctor: z.boolean(),
        vektisPractice: z.boolean(),
      })
      .strict(),
    note: text(2000).min(1, { message: 'Write down what you checked' }),
  })
  .strict();
export type GpConfirmInput = z.input<typeof GpConfirmInputSchema>;

export const GpRejectInputSchema = z
  .object({ reason: text(2000).min(1, { message: 'Give the reason, so the doctor can correct it' }) })
  .strict();
