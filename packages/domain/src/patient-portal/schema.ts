import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../accounts/schema.ts';
import { FamilyDoctorSchema, PatientInputSchema } from '../referrals/schema.ts';
import { TreatingSpecialistSchema } from '../second-opinions/schema.ts';

/**
 * A patient's own request for a second opinion (R-SO-02: it needs nobody's permission), shared by the public form
 * and the server. The patient gives consent to obtain their records with it (R-CON-01) and confirms they read
 * their own responsibilities (seeds/004 "Verantwoordelijkheden patiënt").
 */

/** Kept on the patient's record when they say they have no BSN, so staff see why it is missing. */
export const NO_BSN_OWN_REQUEST =
  'Geen BSN volgens patiënt (eigen aanvraag) / No BSN according to the patient';

export const PatientSecondOpinionRequestSchema = z
  .object({
    patient: PatientInputSchema,
    /** A BSN is asked only of someone who has one (people living abroad usually do not). */
    hasBsn: z.boolean(),
    departmentId: z.string().trim().min(1, { message: 'Choose the department' }).max(100),
    question: z.string().trim().min(1, { message: 'Write your question for the second doctor' }).max(4000),
    treatingSpecialist: TreatingSpecialistSchema,
    treatedAbroad: z.boolean().default(false),
    imagingDone: z.boolean().default(false),
    /** The kind of cancer, from the hospital's list, for the published waiting times (R-SO-09). */
    cancerKind: z.string().trim().max(100).nullish(),
    familyDoctor: FamilyDoctorSchema.optional(),
    /** For a new patient account; a signed-in patient sends none. */
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, { message: `A password needs at least ${MIN_PASSWORD_LENGTH} characters` })
      .max(256)
      .optional(),
    consentToObtainRecords: z.boolean(),
    responsibilitiesRead: z.boolean(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const need = (ok: unknown, path: (string | number)[], message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path, message });
    };
    const p = r.patient;
    need(p.givenName, ['patient', 'givenName'], 'Enter your given name');
    need(p.familyName, ['patient', 'familyName'], 'Enter your family name');
    need(p.birthDate, ['patient', 'birthDate'], 'Enter your date of birth');
    need(p.email, ['patient', 'email'], 'Enter your e-mail address: we send the confirmation there');
    need(p.street, ['patient', 'street'], 'Enter your street');
    need(p.city, ['patient', 'city'], 'Enter your town');
    need(p.country, ['patient', 'country'], 'Choose your country');
    need(p.phone, ['patient', 'phone'], 'Enter a phone number where we can reach you');
    need(!r.hasBsn || p.bsn, ['patient', 'bsn'], 'Enter your BSN, or say that you do not have one');
    // R-CON-01: the records go to the second-opinion hospital only with the patient's consent.
    need(
      r.consentToObtainRecords,
      ['consentToObtainRecords'],
      'Give consent to obtain your records: without them no second opinion is possible',
    );
    need(
      r.responsibilitiesRead,
      ['responsibilitiesRead'],
      'Confirm that you read what you arrange yourself (your file, your insurer)',
    );
  });
export type PatientSecondOpinionRequestInput = z.input<typeof PatientSecondOpinionRequestSchema>;
export type PatientSecondOpinionRequest = z.output<typeof PatientSecondOpinionRequestSchema>;

/** The referral draft a patient's own request becomes: a second opinion asked by the patient. */
export function draftOfPatientRequest(r: PatientSecondOpinionRequest) {
  return {
    departmentId: r.departmentId,
    kind: 'second-opinion' as const,
    urgency: 'routine' as const,
    patient: {
      ...r.patient,
      bsn: r.hasBsn ? r.patient.bsn : null,
      noBsnReason: r.hasBsn ? null : NO_BSN_OWN_REQUEST,
    },
    familyDoctor: r.familyDoctor,
    letter: { reason: r.question, question: r.question },
    confirmations: [] as string[],
    secondOpinion: {
      question: r.question,
      route: 'patient' as const,
      treatingSpecialist: r.treatingSpecialist,
      treatedAbroad: r.treatedAbroad,
      imagingDone: r.imagingDone,
      cancerKind: r.cancerKind || null,
      // Asked of a doctor who requests for the patient; the patient asks for themself.
      patientConsulted: false,
    },
  };
}

/** What a patient reads in their access log (R-SEC-02): audit actions in plain words. */
export const accessKinds = ['read', 'change', 'download', 'search', 'create', 'other'] as const;
export type AccessKind = (typeof accessKinds)[number];

export function accessKindOf(eventType: string, action: string): AccessKind {
  if (eventType.endsWith('.download') || eventType.endsWith('.export')) return 'download';
  if (eventType.includes('search')) return 'search';
  if (action === 'R') return 'read';
  if (action === 'C') return 'create';
  if (action === 'U' || action === 'D') return 'change';
  return 'other';
}
