import { z } from 'zod';

/**
 * What a request for a second opinion adds to a referral draft (R-SO-01, R-SO-02). Shared by the referral form,
 * the patient's own request in the portal, and the server.
 */
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));

/**
 * How the request reached the hospital (R-SO-02). The preferred route is via the treating doctor; via the family
 * doctor is allowed but usually needs more data (seeds/002).
 */
export const secondOpinionRoutes = [
  'treating-specialist',
  'family-doctor',
  'doctor-abroad',
  'patient',
] as const;
export const SecondOpinionRouteSchema = z.enum(secondOpinionRoutes);
export type SecondOpinionRoute = z.infer<typeof SecondOpinionRouteSchema>;

/** The treating specialist stays the patient's main practitioner; the patient returns there (R-SO-01). */
export const TreatingSpecialistSchema = z
  .object({
    name: z.string().trim().min(1, { message: 'Enter the name of the treating specialist' }).max(200),
    organisation: z
      .string()
      .trim()
      .min(1, { message: 'Enter the hospital or organisation of the treating specialist' })
      .max(200),
    email: z
      .union([z.email({ message: 'Enter a valid e-mail address' }), z.literal(''), z.null()])
      .optional()
      .transform((v) => (v ? v.toLowerCase() : null)),
  })
  .strict();
export type TreatingSpecialistInput = z.input<typeof TreatingSpecialistSchema>;

export const SecondOpinionRequestSchema = z
  .object({
    /** The question to the second doctor: which diagnosis or proposed treatment is to be reviewed. */
    question: z.string().trim().min(1, { message: 'Write the question for the second doctor' }).max(4000),
    /** Who asks; the server sets 'patient' for a patient's own request whatever is sent. */
    route: SecondOpinionRouteSchema.default('treating-specialist'),
    treatingSpecialist: TreatingSpecialistSchema,
    /** Treated in a hospital outside the Netherlands: an MRSA screening result is required (R-SO-04). */
    treatedAbroad: z.boolean().default(false),
    /** Imaging was done: the images themselves are required, as DICOM (R-SO-04). */
    imagingDone: z.boolean().default(false),
    /**
     * A doctor requesting for the patient confirms the patient was consulted and agrees to the records being
     * shared (R-SO-02, seeds/004). Not asked of a patient requesting for themself.
     */
    patientConsulted: z.boolean().default(false),
    /**
     * The kind of cancer, from the hospital's list of tumour types, so the hospital can publish its waiting time for
     * a second opinion per kind of cancer (R-SO-09). Optional: not every second opinion is about cancer.
     */
    cancerKind: optionalText(100),
  })
  .strict();
export type SecondOpinionRequestInput = z.input<typeof SecondOpinionRequestSchema>;
export type SecondOpinionRequest = z.output<typeof SecondOpinionRequestSchema>;

/** Languages a dossier document may be in (R-SO-05). */
export const acceptedDocumentLanguages = ['nl', 'en'] as const;
/** Languages the upload form offers; anything but nl/en is refused with the reason. */
export const documentLanguages = [
  'nl',
  'en',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'tr',
  'ar',
  'pl',
  'other',
] as const;
export const DocumentLanguageSchema = z.enum(documentLanguages);
export type DocumentLanguage = z.infer<typeof DocumentLanguageSchema>;

export function isAcceptedLanguage(language: string): boolean {
  return (acceptedDocumentLanguages as readonly string[]).includes(language);
}

/** Review outcomes (R-SO-06, R-SO-08). */
export const noConsultReasons = ['agrees-with-treatment', 'urgency-cannot-be-met', 'other'] as const;
export const NoConsultReasonSchema = z.enum(noConsultReasons);
export type NoConsultReason = z.infer<typeof NoConsultReasonSchema>;

export const consultForms = ['in-person', 'video'] as const;
export const ConsultFormSchema = z.enum(consultForms);
export type ConsultForm = z.infer<typeof ConsultFormSchema>;

export const reviewOutcomeKinds = ['invite', 'extra-examinations', 'no-consult', 'refusal'] as const;
export type ReviewOutcomeKind = (typeof reviewOutcomeKinds)[number];

/** Real reasoning, not a word: a refusal must be explained (R-SO-08). */
export const MIN_REFUSAL_REASONING = 40;

export const ReviewOutcomeInputSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('invite'),
      form: ConsultFormSchema,
      /** Extra examinations to be done before the consult. */
      examinations: z.array(z.string().trim().min(1).max(300)).max(20).default([]),
      note: optionalText(4000),
    })
    .strict(),
  z
    .object({
      kind: z.literal('extra-examinations'),
      examinations: z
        .array(z.string().trim().min(1).max(300))
        .min(1, { message: 'Name at least one examination' })
        .max(20),
      note: optionalText(4000),
    })
    .strict(),
  z
    .object({
      kind: z.literal('no-consult'),
      reason: NoConsultReasonSchema,
      explanation: optionalText(4000),
    })
    .strict()
    .refine((o) => o.reason !== 'other' || o.explanation !== null, {
      path: ['explanation'],
      message: 'Explain why there will be no consult',
    }),
  z
    .object({
      kind: z.literal('refusal'),
      weightyReason: z.string().trim().min(1, { message: 'Name the weighty reason for refusing' }).max(300),
      reasoning: z
        .string()
        .trim()
        .min(MIN_REFUSAL_REASONING, {
          message: `Write out the reasoning for the refusal (at least ${MIN_REFUSAL_REASONING} characters, R-SO-08)`,
        })
        .max(4000),
    })
    .strict(),
]);
export type ReviewOutcomeInput = z.input<typeof ReviewOutcomeInputSchema>;
export type ReviewOutcome = z.output<typeof ReviewOutcomeInputSchema>;
