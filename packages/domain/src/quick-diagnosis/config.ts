import { z } from 'zod';
import { LocalizedTextSchema } from '../i18n/localized-text-schema.ts';

/**
 * Quick cancer diagnosis as hospital configuration (R-QD-01). The source page (seeds/000, "Quick and diligent cancer
 * diagnosis") refers to a list of tumour types on another page that is not among the seeds, so the list is the
 * hospital's to keep in the catalog (hospital.yaml), shipped with the tumour types the seeds name. "For most tumor
 * types, a diagnosis will follow within 1 - 4 business days": the number of working days is set per tumour type.
 */
const Id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, for example "bladder"');

export const TumourTypeSchema = z
  .object({
    id: Id,
    name: LocalizedTextSchema,
    /** Working days from the first visit to the diagnosis. */
    diagnosisWorkingDays: z.number().int().min(1).max(4),
  })
  .strict();
export type TumourType = z.infer<typeof TumourTypeSchema>;

export const QuickDiagnosisConfigSchema = z
  .object({
    /** The department that runs the quick-diagnosis route (the oncology center). */
    departmentId: Id,
    /** Working days from receipt to the first visit: "the patient is able to attend ... the following day". */
    firstVisitWorkingDays: z.number().int().min(0).max(5).default(1),
    tumourTypes: z.array(TumourTypeSchema).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.tumourTypes.forEach((t, i) => {
      if (seen.has(t.id))
        ctx.addIssue({ code: 'custom', path: ['tumourTypes', i, 'id'], message: `duplicate id "${t.id}"` });
      seen.add(t.id);
    });
  });
export type QuickDiagnosisConfig = z.infer<typeof QuickDiagnosisConfigSchema>;
