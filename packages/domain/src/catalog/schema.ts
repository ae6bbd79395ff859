import { z } from 'zod';
import { LocalizedTextSchema } from '../i18n/localized-text-schema.ts';
import { isE164 } from '../identifiers/phone.ts';
import { normalizePostcode } from '../identifiers/postcode.ts';
import { QuickDiagnosisConfigSchema } from '../quick-diagnosis/config.ts';

/**
 * The referral guide as data (R-CAT-01 … R-CAT-07). Every fact comes from the hospital's own page;
 * where the page is silent a field is left out, never guessed.
 */

const Id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, for example "internal-medicine"');

const Phone = z.string().refine(isE164, {
  message: 'must be a valid phone number in E.164 form, for example "+31715269111"',
});

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM, for example "09:00"');

/** ISO weekday: 1 = Monday … 7 = Sunday. */
const Weekday = z.number().int().min(1).max(7);

export const HoursSlotSchema = z
  .object({
    days: z.array(Weekday).min(1),
    from: Time,
    to: Time,
  })
  .strict()
  .refine((s) => s.from < s.to, { message: '"from" must be before "to"' });
export type HoursSlot = z.infer<typeof HoursSlotSchema>;

/**
 * When a contact point answers: explicit slots from the page, the hospital's office hours where the page
 * only says "during office hours", or always (an on-duty service).
 */
export const HoursSchema = z.union([
  z.literal('office-hours'),
  z.literal('always'),
  z.array(HoursSlotSchema).min(1),
]);
export type Hours = z.infer<typeof HoursSchema>;

export const contactPurposes = [
  'appointments',
  'referrals',
  'peer-consultation',
  'urgent-consultation',
  'pending-referrals',
  'results',
  'information',
  'registration',
  'secretariat',
  'emergency',
] as const;
export const ContactPurposeSchema = z.enum(contactPurposes);
export type ContactPurpose = z.infer<typeof ContactPurposeSchema>;

export const referrerKinds = [
  'family-doctor',
  'medical-specialist',
  'treating-doctor',
  'consultation-clinic-doctor',
  'tertiary-referrer',
  'doctor-abroad',
  'patient',
] as const;
export const ReferrerKindSchema = z.enum(referrerKinds);
export type ReferrerKind = z.infer<typeof ReferrerKindSchema>;

export const ContactSchema = z
  .object({
    id: Id,
    label: LocalizedTextSchema,
    purposes: z.array(ContactPurposeSchema).min(1),
    /** Who this contact point is for, where the page says so. */
    audience: z.array(ReferrerKindSchema).optional(),
    phone: Phone.optional(),
    /** What to do after dialling: "press 9", "ask for pager 8895". */
    phoneNote: LocalizedTextSchema.optional(),
    fax: Phone.optional(),
    email: z.email().optional(),
    hours: HoursSchema.optional(),
    note: LocalizedTextSchema.optional(),
  })
  .strict()
  .refine((c) => c.phone !== undefined || c.fax !== undefined || c.email !== undefined || c.note !== undefined, {
    message: 'a contact needs a phone, fax, e-mail or note',
  });
export type Contact = z.infer<typeof ContactSchema>;

export const channels = [
  'digital-platform',
  'digital-form',
  'post',
  'fax',
  'email',
  'phone',
  'phone-conference',
  'mdo',
  'patient-books-appointment',
] as const;
export const ChannelSchema = z.enum(channels);
export type Channel = z.infer<typeof ChannelSchema>;

export const ChannelRuleSchema = z
  .object({
    channel: ChannelSchema,
    /** Who may use this channel, where the page says so. */
    referrers: z.array(ReferrerKindSchema).optional(),
    note: LocalizedTextSchema.optional(),
  })
  .strict();
export type ChannelRule = z.infer<typeof ChannelRuleSchema>;

export const AddressSchema = z
  .object({
    id: Id,
    label: LocalizedTextSchema,
    /** Lines as printed on the page, for example the outpatient clinic and its postal zone. */
    lines: z.array(z.string().min(1)).min(1),
    postalZone: z.string().optional(),
    poBox: z.string().optional(),
    street: z.string().optional(),
    postcode: z
      .string()
      .refine((p) => normalizePostcode(p) === p, { message: 'must be a Dutch postcode written as "2300 RC"' })
      .optional(),
    city: z.string().optional(),
  })
  .strict();
export type Address = z.infer<typeof AddressSchema>;

export const LocationSchema = z
  .object({
    id: Id,
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    address: z.string().optional(),
  })
  .strict();
export type Location = z.infer<typeof LocationSchema>;

export const CarePathSchema = z
  .object({
    id: Id,
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    /** Conditions and treatments named on the page, for search. */
    conditions: z.array(LocalizedTextSchema).optional(),
  })
  .strict();
export type CarePath = z.infer<typeof CarePathSchema>;

export const SubClinicSchema = z
  .object({
    id: Id,
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    /** Disciplines that see the patient together, as listed on the page. */
    disciplines: z.array(LocalizedTextSchema).optional(),
    locationId: Id.optional(),
  })
  .strict();
export type SubClinic = z.infer<typeof SubClinicSchema>;

/**
 * Items a referral letter must contain. `item` is the machine name the referral form and the completeness
 * check use; `text` is the department's own wording.
 */
export const letterItems = [
  'patient-personal-data',
  'patient-bsn',
  'patient-address',
  'patient-phone',
  'patient-email',
  'referrer-name',
  'referrer-specialism',
  'reason',
  'prior-history',
  'question',
  'medication',
  'previous-medication',
  'urgency-period',
  'pain-location',
  'psychosocial-situation',
  'examination-results',
  'previous-treatment',
  'referral-certificate',
  'radiation-certificate',
  'other',
] as const;
export const LetterItemSchema = z.enum(letterItems);
export type LetterItem = z.infer<typeof LetterItemSchema>;

export const LetterRequirementSchema = z
  .object({
    item: LetterItemSchema,
    text: LocalizedTextSchema,
  })
  .strict();
export type LetterRequirement = z.infer<typeof LetterRequirementSchema>;

export const documentKinds = [
  'imaging',
  'imaging-report',
  'pathology-report',
  'lab-results',
  'lung-function-results',
  'correspondence',
  'follow-up-report',
  'mrsa-screening',
  'other',
] as const;
export const DocumentKindSchema = z.enum(documentKinds);
export type DocumentKind = z.infer<typeof DocumentKindSchema>;

export const DocumentRequirementSchema = z
  .object({
    kind: DocumentKindSchema,
    text: LocalizedTextSchema,
    /** "required" where the page demands it, "if-available" where it says "if performed and available". */
    need: z.enum(['required', 'if-available']),
    /** How the department wants it delivered, in its own words (CD-ROM, TWINN, post). */
    delivery: LocalizedTextSchema.optional(),
  })
  .strict();
export type DocumentRequirement = z.infer<typeof DocumentRequirementSchema>;

export const referralKinds = ['new-referral', 'advice-request', 'second-opinion', 'takeover', 'quick-diagnosis'] as const;
export const ReferralKindSchema = z.enum(referralKinds);
export type ReferralKind = z.infer<typeof ReferralKindSchema>;

/** Where a rule applies inside a department; an empty scope is the whole department. */
export const ScopeSchema = z
  .object({
    carePathIds: z.array(Id).optional(),
    subClinicIds: z.array(Id).optional(),
    referralKinds: z.array(ReferralKindSchema).optional(),
  })
  .strict();
export type Scope = z.infer<typeof ScopeSchema>;

/**
 * Who may refer (R-CAT-05). `referrer-kinds` and `specialisms` can be checked by the intake; `treating-doctor`
 * and `region` are confirmed by the referrer, since Loket cannot know them.
 */
export const RestrictionSchema = z.discriminatedUnion('type', [
  z
    .object({
      id: Id,
      type: z.literal('referrer-kinds'),
      allowed: z.array(ReferrerKindSchema).min(1),
      scope: ScopeSchema.optional(),
      text: LocalizedTextSchema,
    })
    .strict(),
  z
    .object({
      id: Id,
      type: z.literal('specialisms'),
      /** Specialisms (in English, lower case) whose doctors may refer, for example "neurology". */
      allowed: z.array(z.string().min(1)).min(1),
      scope: ScopeSchema.optional(),
      text: LocalizedTextSchema,
    })
    .strict(),
  z
    .object({
      id: Id,
      type: z.literal('treating-doctor'),
      scope: ScopeSchema.optional(),
      text: LocalizedTextSchema,
    })
    .strict(),
  z
    .object({
      id: Id,
      type: z.literal('region'),
      region: LocalizedTextSchema,
      scope: ScopeSchema.optional(),
      text: LocalizedTextSchema,
    })
    .strict(),
]);
export type Restriction = z.infer<typeof RestrictionSchema>;

export const RedirectSchema = z
  .object({
    name: LocalizedTextSchema,
    // Only web addresses: a javascript: or data: link would run on the public guide page.
    url: z.url({ protocol: /^https?$/, message: 'A link starts with https:// or http://' }).optional(),
    note: LocalizedTextSchema.optional(),
  })
  .strict();
export type Redirect = z.infer<typeof RedirectSchema>;

/**
 * A stop: the department no longer accepts a kind of referral (R-CAT-05), for example a presentation stop for
 * asthma and COPD from primary care. The intake shows the redirect before submission.
 */
export const StopSchema = z
  .object({
    id: Id,
    /** The conditions or work this stop covers, in the page's words. */
    subject: LocalizedTextSchema,
    /** Which referrers it applies to; absent means everyone. */
    referrers: z.array(ReferrerKindSchema).optional(),
    scope: ScopeSchema.optional(),
    since: z.iso.date().optional(),
    text: LocalizedTextSchema,
    redirect: RedirectSchema.optional(),
  })
  .strict();
export type Stop = z.infer<typeof StopSchema>;

/** A published access-time figure (R-CAT-06): a target the department sets, or the wait it says is typical. */
export const AccessTimeSchema = z
  .object({
    id: Id,
    type: z.enum(['target', 'typical']),
    appliesTo: z.enum(['first-visit', 'intake', 'second-opinion']),
    urgency: z.enum(['non-urgent', 'urgent', 'any']),
    /** Calendar days: a maximum for a target, the lower bound for "usually more than". */
    days: z.number().int().positive(),
    comparison: z.enum(['at-most', 'more-than']),
    scope: ScopeSchema.optional(),
    text: LocalizedTextSchema,
  })
  .strict();
export type AccessTime = z.infer<typeof AccessTimeSchema>;

export const SecondOpinionSchema = z
  .object({
    accepted: z.boolean(),
    text: LocalizedTextSchema.optional(),
  })
  .strict();
export type SecondOpinion = z.infer<typeof SecondOpinionSchema>;

/** Other information on the page (services, feedback to the referrer, research), kept so it can be read and searched. */
export const SectionSchema = z
  .object({
    id: Id,
    title: LocalizedTextSchema,
    text: LocalizedTextSchema,
  })
  .strict();
export type Section = z.infer<typeof SectionSchema>;

export const DepartmentSchema = z
  .object({
    id: Id,
    name: LocalizedTextSchema,
    /** Short forms and other names a referrer may type: "KNO", "ENT". */
    aliases: z.array(z.string().min(1)).optional(),
    /** Translations of words on the page for search in the other language: "heup" for "hip". */
    keywords: z.array(LocalizedTextSchema).optional(),
    summary: LocalizedTextSchema.optional(),
    carePaths: z.array(CarePathSchema).default([]),
    subClinics: z.array(SubClinicSchema).default([]),
    locations: z.array(LocationSchema).default([]),
    channels: z
      .object({
        accepted: z.array(ChannelRuleSchema).default([]),
        refused: z.array(ChannelRuleSchema).default([]),
      })
      .strict()
      .default({ accepted: [], refused: [] }),
    referrers: z
      .object({
        allowed: z.array(ReferrerKindSchema).optional(),
        restrictions: z.array(RestrictionSchema).default([]),
      })
      .strict()
      .default({ restrictions: [] }),
    letter: z.array(LetterRequirementSchema).default([]),
    documents: z.array(DocumentRequirementSchema).default([]),
    /** Who decides on a referral and how, in the page's words (R-REF-04). */
    triage: LocalizedTextSchema.optional(),
    /** How the patient is invited and what the family doctor receives. */
    afterReferral: LocalizedTextSchema.optional(),
    addresses: z.array(AddressSchema).default([]),
    contacts: z.array(ContactSchema).default([]),
    outOfHours: z
      .object({
        phone: Phone,
        text: LocalizedTextSchema,
      })
      .strict()
      .optional(),
    accessTimes: z.array(AccessTimeSchema).default([]),
    stops: z.array(StopSchema).default([]),
    secondOpinion: SecondOpinionSchema.optional(),
    sections: z.array(SectionSchema).default([]),
  })
  .strict()
  .superRefine((d, ctx) => {
    const unique = (name: string, ids: string[]) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [name, i, 'id'], message: `duplicate id "${id}"` });
        seen.add(id);
      });
    };
    unique('carePaths', d.carePaths.map((c) => c.id));
    unique('subClinics', d.subClinics.map((c) => c.id));
    unique('contacts', d.contacts.map((c) => c.id));
    unique('addresses', d.addresses.map((c) => c.id));
    unique('locations', d.locations.map((c) => c.id));
    const carePathIds = new Set(d.carePaths.map((c) => c.id));
    const subClinicIds = new Set(d.subClinics.map((c) => c.id));
    const locationIds = new Set(d.locations.map((l) => l.id));
    const checkScope = (scope: Scope | undefined, path: (string | number)[]) => {
      scope?.carePathIds?.forEach((id, i) => {
        if (!carePathIds.has(id))
          ctx.addIssue({ code: 'custom', path: [...path, 'scope', 'carePathIds', i], message: `no care path "${id}"` });
      });
      scope?.subClinicIds?.forEach((id, i) => {
        if (!subClinicIds.has(id))
          ctx.addIssue({ code: 'custom', path: [...path, 'scope', 'subClinicIds', i], message: `no sub-clinic "${id}"` });
      });
    };
    d.referrers.restrictions.forEach((r, i) => checkScope(r.scope, ['referrers', 'restrictions', i]));
    d.stops.forEach((s, i) => checkScope(s.scope, ['stops', i]));
    d.accessTimes.forEach((a, i) => checkScope(a.scope, ['accessTimes', i]));
    d.subClinics.forEach((s, i) => {
      if (s.locationId && !locationIds.has(s.locationId))
        ctx.addIssue({ code: 'custom', path: ['subClinics', i, 'locationId'], message: `no location "${s.locationId}"` });
    });
  });
export type Department = z.infer<typeof DepartmentSchema>;
export type DepartmentInput = z.input<typeof DepartmentSchema>;

/** Hospital-wide facts and the settings the guide needs (office hours are a policy setting, not page text). */
export const HospitalSchema = z
  .object({
    name: LocalizedTextSchema,
    timeZone: z.string().default('Europe/Amsterdam'),
    mainPhone: Phone,
    mainPhoneText: LocalizedTextSchema,
    /** What "during office hours" means at this hospital; a setting the hospital edits. */
    officeHours: z.array(HoursSlotSchema).min(1),
    /** Whether office-hour contact points are closed on Dutch public holidays. */
    closedOnPublicHolidays: z.boolean().default(true),
    referralPlatform: z
      .object({
        name: z.string().min(1),
        text: LocalizedTextSchema,
      })
      .strict()
      .optional(),
    sections: z.array(SectionSchema).default([]),
    /** The quick cancer diagnosis route and its tumour types (R-QD-01); absent: the hospital does not offer it. */
    quickDiagnosis: QuickDiagnosisConfigSchema.optional(),
  })
  .strict();
export type Hospital = z.infer<typeof HospitalSchema>;

export interface Catalog {
  hospital: Hospital;
  departments: Department[];
}
