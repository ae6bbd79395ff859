import { z } from 'zod';

/** What the referrer records for a quick-diagnosis referral: the patient's choice of the route and the tumour type. */
export const QuickDiagnosisChoiceSchema = z
  .object({
    tumourTypeId: z
      .string()
      .max(100)
      .nullish()
      .transform((v) => (v ? v : null)),
    /** "The patient is given the choice as to whether she or he desires a quick diagnosis" (seeds/000). */
    patientChoice: z.boolean().default(false),
  })
  .strict();
export type QuickDiagnosisChoiceInput = z.input<typeof QuickDiagnosisChoiceSchema>;
export type QuickDiagnosisChoice = z.output<typeof QuickDiagnosisChoiceSchema>;

export const examinationKinds = [
  'consultation',
  'blood-test',
  'ct',
  'mri',
  'ultrasound',
  'x-ray',
  'mammography',
  'biopsy',
  'endoscopy',
  'pet-ct',
  'other',
] as const;
export const ExaminationKindSchema = z.enum(examinationKinds);
export type ExaminationKind = z.infer<typeof ExaminationKindSchema>;

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));

export const ExaminationSchema = z
  .object({
    kind: ExaminationKindSchema,
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Enter a time as HH:MM' }),
    location: optionalText(200),
    note: optionalText(500),
  })
  .strict();
export type Examination = z.output<typeof ExaminationSchema>;

/**
 * The examinations of the first visit, all on that one day ("our goal is to perform as many examinations on the same
 * day as possible", seeds/000); kept in order of time, never two at the same time.
 */
export const DayPlanInputSchema = z
  .object({
    examinations: z.array(ExaminationSchema).min(1, { message: 'Plan at least one examination' }).max(12),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Map<string, number>();
    p.examinations.forEach((e, i) => {
      if (seen.has(e.time))
        ctx.addIssue({
          code: 'custom',
          path: ['examinations', i, 'time'],
          message: `Another examination is planned at ${e.time}`,
        });
      seen.set(e.time, i);
    });
  })
  .transform((p) => ({ examinations: [...p.examinations].sort((a, b) => a.time.localeCompare(b.time)) }));
export type DayPlanInput = z.input<typeof DayPlanInputSchema>;
export type DayPlan = z.output<typeof DayPlanInputSchema>;
