import { z } from 'zod';
import { localTime } from '../calendar/local-time.ts';
import { isValidBsn } from '../identifiers/bsn.ts';
import { toE164 } from '../identifiers/phone.ts';

/**
 * A transmural incident report (R-INC-01) holds exactly what the hospital's page asks for: the reporter's
 * contact details, the date or period and a description, suggestions for improvement, the department and
 * whether it happened in the clinic or the outpatient clinic, the patient (initials, name at birth, date of
 * birth and the hospital patient number if known: never the BSN), the consequences for the patient and the
 * action taken. A report may point at a referral the reporter can see. Shared by the web form and the server.
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

export const incidentCareSettings = ['clinic', 'outpatient-clinic'] as const;
export const IncidentCareSettingSchema = z.enum(incidentCareSettings, {
  message: 'Say whether it happened in the clinic or in the outpatient clinic',
});
export type IncidentCareSetting = z.infer<typeof IncidentCareSettingSchema>;

/**
 * A hospital patient number is letters and digits. An 8 or 9 digit number that passes the 11-test is taken
 * for a BSN and refused: the report must not hold one.
 */
export function isBsnLikeNumber(value: string): boolean {
  const digits = value.replace(/[\s.-]/g, '');
  return /^\d{8,9}$/.test(digits) && isValidBsn(digits);
}

export const IncidentReporterSchema = z
  .object({
    name: required(200, 'Enter your name'),
    organisation: optionalText(200),
    phone: optionalText(40)
      .refine((v) => v === null || toE164(v, 'NL') !== null, {
        message: 'This phone number is not valid; include the area code (R-ID-03)',
      })
      .transform((v) => (v === null ? null : toE164(v, 'NL'))),
    email: z
      .string()
      .trim()
      .min(1, { message: 'Enter your e-mail address, so the transmural team can reach you' })
      .max(200)
      .pipe(z.email({ message: 'Enter a valid e-mail address' }))
      .transform((v) => v.toLowerCase()),
  })
  .strict();

export const IncidentPatientSchema = z
  .object({
    initials: required(20, "Enter the patient's initials"),
    birthName: required(100, "Enter the patient's name at birth"),
    birthDate: pastDate("Enter the patient's date of birth as YYYY-MM-DD"),
    hospitalNumber: optionalText(20)
      .refine((v) => v === null || /^[A-Za-z0-9 .-]+$/.test(v), {
        message: 'A hospital patient number has letters and digits only',
      })
      .refine((v) => v === null || !isBsnLikeNumber(v), {
        message: 'This looks like a BSN. Give the hospital patient number, or leave it empty',
      }),
  })
  .strict();

export const IncidentReportInputSchema = z
  .object({
    reporter: IncidentReporterSchema,
    occurredOn: pastDate('Enter the date (or the first day) of the incident as YYYY-MM-DD'),
    occurredUntil: z
      .union([pastDate('Enter the last day of the period as YYYY-MM-DD'), z.literal(''), z.null()])
      .optional()
      .transform((v) => (v ? v : null)),
    description: required(20_000, 'Describe what happened'),
    suggestions: optionalText(20_000),
    departmentId: required(100, 'Choose the department'),
    careSetting: IncidentCareSettingSchema,
    patient: IncidentPatientSchema,
    consequences: required(20_000, 'Describe the consequences for the patient (or write "none")'),
    actionTaken: optionalText(20_000),
    referralReference: optionalText(40)
      .transform((v) => (v === null ? null : v.toUpperCase()))
      .refine((v) => v === null || /^VW-\d{4}-\d{6}$/.test(v), {
        message: 'A referral reference looks like VW-2026-000123',
      }),
  })
  .strict()
  .refine((r) => r.occurredUntil === null || r.occurredUntil >= r.occurredOn, {
    path: ['occurredUntil'],
    message: 'The end of the period cannot be before its start',
  });
export type IncidentReportInput = z.input<typeof IncidentReportInputSchema>;
export type IncidentReport = z.output<typeof IncidentReportInputSchema>;

export const IncidentActionInputSchemas = {
  'start-triage': z.object({ note: optionalText(4000) }).strict(),
  investigate: z.object({ note: optionalText(4000) }).strict(),
  close: z
    .object({
      conclusion: required(20_000, 'Write the conclusion and the measures taken; the reporter reads them'),
    })
    .strict(),
} as const;

export const IncidentMessageInputSchema = z.object({ text: required(4000, 'Write a message') }).strict();
