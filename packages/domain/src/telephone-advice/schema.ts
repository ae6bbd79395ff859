import { z } from 'zod';
import { localTime } from '../calendar/local-time.ts';
import { isValidBsn, normalizeBsn } from '../identifiers/bsn.ts';
import { normalizePostcode } from '../identifiers/postcode.ts';

/**
 * What a telephone consultation record holds (R-TEL-01): who the patient is (BSN, name, date of birth,
 * postcode and street address), which department or specialist was consulted and when, the advice received and
 * the relevant supplementary information from the referrer's file. The signed consent declaration is uploaded
 * separately (R-CON-02). Shared by the web form and the server.
 */
const required = (max: number, message: string) => z.string().trim().min(1, { message }).max(max);

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));

/** Today in the Netherlands: a consultation or birth "today" is fine at 00:30 Amsterdam time. */
const today = () => localTime(new Date(), 'Europe/Amsterdam').date;

const pastDate = (message: string) =>
  z.iso.date({ message }).refine((v) => v <= today(), { message: 'This date cannot be in the future' });

export const TelephoneAdvicePatientSchema = z
  .object({
    bsn: required(20, 'Enter the BSN of the patient')
      .refine((v) => isValidBsn(v), {
        message: 'This BSN does not pass the 11-test: check the number (R-ID-01)',
      })
      .transform((v) => normalizeBsn(v)!),
    givenName: optionalText(100),
    familyName: required(100, 'Enter the family name of the patient'),
    birthDate: pastDate('Enter the date of birth as YYYY-MM-DD'),
    street: required(200, 'Enter the street of the patient'),
    houseNumber: required(20, 'Enter the house number'),
    postcode: required(20, 'Enter the postcode')
      .refine((v) => normalizePostcode(v) !== null, {
        message: 'A Dutch postcode is written like 2333 ZA (R-ID-03)',
      })
      .transform((v) => normalizePostcode(v)!),
    city: optionalText(100),
  })
  .strict();
export type TelephoneAdvicePatient = z.output<typeof TelephoneAdvicePatientSchema>;

export const TelephoneAdviceInputSchema = z
  .object({
    patient: TelephoneAdvicePatientSchema,
    departmentId: required(100, 'Choose the department you consulted'),
    consultedSpecialist: optionalText(200),
    consultedOn: pastDate('Enter the date of the telephone consultation as YYYY-MM-DD'),
    advice: required(20_000, 'Write down the advice you received'),
    supplementaryInfo: optionalText(20_000),
  })
  .strict();
export type TelephoneAdviceInput = z.input<typeof TelephoneAdviceInputSchema>;
export type TelephoneAdvice = z.output<typeof TelephoneAdviceInputSchema>;

/** Staff open a patient's file by BSN; the BSN travels in a request body, never in an address (R-ID-04). */
export const TelephoneAdvicePatientFileSchema = z
  .object({
    bsn: required(20, 'Enter the BSN of the patient')
      .refine((v) => isValidBsn(v), { message: 'This BSN does not pass the 11-test (R-ID-01)' })
      .transform((v) => normalizeBsn(v)!),
  })
  .strict();
