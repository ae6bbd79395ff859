import { z } from 'zod';
import { isValidAgb } from '../identifiers/agb.ts';
import { toE164 } from '../identifiers/phone.ts';
import { SUDDEN_DEATH_MIN_BIOPSIES } from './advice.ts';

/**
 * A family doctor's request after a sudden death: an autopsy, or storage of DNA from skin biopsies when there is
 * no permission for autopsy. The pots are labelled with name, sex and date of birth, so those are asked.
 */
export const suddenDeathKinds = ['autopsy', 'dna-storage'] as const;
export type SuddenDeathKind = (typeof suddenDeathKinds)[number];

export const suddenDeathSexes = ['female', 'male', 'other'] as const;
export type SuddenDeathSex = (typeof suddenDeathSexes)[number];

const text = (max: number, message: string) => z.string({ message }).trim().min(1, { message }).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));
const isoDate = z.iso.date({ message: 'Enter a date as YYYY-MM-DD' });
const today = () => new Date().toISOString().slice(0, 10);
const confirmed = (message: string) => z.literal(true, { message });

export const SuddenDeathDeceasedSchema = z
  .object({
    givenName: optionalText(100),
    familyName: text(100, 'Enter the family name'),
    sex: z.enum(suddenDeathSexes, { message: 'Choose the sex' }),
    birthDate: isoDate,
    deathDate: isoDate.refine((v) => v <= today(), { message: 'A date of death cannot be in the future' }),
  })
  .strict()
  .refine((d) => d.birthDate <= d.deathDate, {
    path: ['deathDate'],
    message: 'The date of death is before the date of birth',
  });

export const SuddenDeathBiopsiesSchema = z
  .object({
    count: z
      .number({ message: 'Enter the number of biopsies' })
      .int()
      .min(SUDDEN_DEATH_MIN_BIOPSIES, {
        message: `Take at least ${SUDDEN_DEATH_MIN_BIOPSIES} biopsies`,
      })
      .max(10),
    onePerPot: confirmed('Confirm that each pot holds one biopsy'),
    labelled: confirmed('Confirm that each pot is labelled with name, sex and date of birth'),
    roomTemperature: confirmed('Confirm that the pots are kept at room temperature, not in the refrigerator'),
  })
  .strict();

export const SuddenDeathAutopsySchema = z
  .object({
    familyConsent: confirmed('An autopsy needs the permission of the family: confirm it was given'),
    transportCostsExplained: confirmed(
      'Confirm that the family knows they pay the transport of the body (33 euro, sometimes reimbursed)',
    ),
  })
  .strict();

export const SuddenDeathRequesterSchema = z
  .object({
    name: text(200, 'Enter your name'),
    practice: optionalText(200),
    agbCode: optionalText(8).refine((v) => v === null || isValidAgb(v), {
      message: 'An AGB code is 8 digits (R-ID-02)',
    }),
    phone: text(40, 'Enter a phone number the hospital can call you on').refine(
      (v) => toE164(v, 'NL') !== null,
      { message: 'This phone number is not valid; include the area code (R-ID-03)' },
    ),
    email: z
      .union([z.email({ message: 'Enter a valid e-mail address' }), z.literal(''), z.null()])
      .optional()
      .transform((v) => (v ? v.toLowerCase() : null)),
  })
  .strict()
  .transform((r) => ({ ...r, phone: toE164(r.phone, 'NL')! }));

export const SuddenDeathRequestInputSchema = z
  .object({
    kind: z.enum(suddenDeathKinds, { message: 'Choose autopsy or DNA storage' }),
    deceased: SuddenDeathDeceasedSchema,
    biopsies: SuddenDeathBiopsiesSchema.nullish(),
    autopsy: SuddenDeathAutopsySchema.nullish(),
    requester: SuddenDeathRequesterSchema,
    note: optionalText(2000),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.kind === 'dna-storage' && !r.biopsies)
      ctx.addIssue({ code: 'custom', path: ['biopsies'], message: 'Say how many biopsies were taken' });
    if (r.kind === 'autopsy' && !r.autopsy)
      ctx.addIssue({ code: 'custom', path: ['autopsy'], message: 'Confirm permission and transport costs' });
  })
  .transform((r) => ({
    ...r,
    biopsies: r.kind === 'dna-storage' ? (r.biopsies ?? null) : null,
    autopsy: r.kind === 'autopsy' ? (r.autopsy ?? null) : null,
  }));
export type SuddenDeathRequestInput = z.input<typeof SuddenDeathRequestInputSchema>;
export type SuddenDeathRequest = z.output<typeof SuddenDeathRequestInputSchema>;
