import type { Selectable } from 'kysely';
import type {
  Binary,
  CodeableConcept,
  ContactPoint,
  DocumentReference,
  HealthcareService,
  Organization,
  Patient,
  Practitioner,
  Reference,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import type {
  AccountRecord,
  OrganisationTable,
  PatientTable,
  ReferralDocumentTable,
  ReferralRow,
} from '@loket/db';
import { fhirTaskStatus, type Department, type Hospital, type ReferralState } from '@loket/domain';

/**
 * Loket's rows as FHIR R4 resources. FHIR is a projection of the referral model, never a second store:
 * every resource is built on read from the same rows the rest of Loket uses.
 */
export const BSN_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/bsn';
export const AGB_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/agb-z';
export const URA_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/ura';
export const UZI_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/uzi-nr-pers';
const LOKET = 'https://loket.nl/fhir';
export const REFERENCE_SYSTEM = `${LOKET}/NamingSystem/referral-reference`;
export const KIND_SYSTEM = `${LOKET}/CodeSystem/referral-kind`;
export const STATE_SYSTEM = `${LOKET}/CodeSystem/referral-state`;
export const REJECTION_SYSTEM = `${LOKET}/CodeSystem/rejection-reason`;
export const DOCUMENT_KIND_SYSTEM = `${LOKET}/CodeSystem/document-kind`;
export const LETTER_TYPE_SYSTEM = `${LOKET}/CodeSystem/letter-type`;
/** What the department asked for with a request for more information: letter items and document kinds. */
export const MISSING_SYSTEM = `${LOKET}/CodeSystem/requested-information`;

/** A letter Loket wrote about a referral, without its PDF. */
export interface LetterSummary {
  id: string;
  referral_id: string;
  type: string;
  language: string;
  recipient_role: string;
  recipient_name: string | null;
  created_at: Date;
}
/** The hospital itself: the Organization that provides every HealthcareService. */
export const HOSPITAL_ID = 'hospital';

type PatientRow = Selectable<PatientTable>;
type DocumentRow = Selectable<ReferralDocumentTable>;
type OrganisationRow = Selectable<OrganisationTable>;

/** ServiceRequest.status for each referral state. */
export const serviceRequestStatus: Record<ReferralState, ServiceRequest['status']> = {
  draft: 'draft',
  received: 'active',
  'awaiting-information': 'on-hold',
  'in-triage': 'active',
  accepted: 'active',
  rejected: 'revoked',
  scheduled: 'active',
  seen: 'active',
  'awaiting-mdo': 'active',
  completed: 'completed',
  cancelled: 'revoked',
};

const text = (t: { nl?: string; en?: string } | undefined) => t?.nl ?? t?.en;

function meta(version: number | null, updated: Date) {
  return { ...(version !== null ? { versionId: String(version) } : {}), lastUpdated: updated.toISOString() };
}

function patientName(p: Record<string, unknown>): string | undefined {
  return [p.givenName, p.familyName].filter((x) => typeof x === 'string' && x).join(' ') || undefined;
}

export function patientReference(r: ReferralRow): Reference<Patient> {
  const display = patientName(r.patient as Record<string, unknown>);
  // A draft has no registry record yet: the reference names the patient without pointing anywhere.
  return r.patient_id
    ? { reference: `Patient/${r.patient_id}`, display }
    : { display: display ?? 'Unregistered patient' };
}

function requester(r: ReferralRow): Reference<Practitioner> | undefined {
  const display = r.referrer_name ?? undefined;
  if (r.referrer_user_id) return { reference: `Practitioner/${r.referrer_user_id}`, display };
  if (r.referrer_agb) return { identifier: { system: AGB_SYSTEM, value: r.referrer_agb }, display };
  return display ? { display } : undefined;
}

function departmentReference(
  r: ReferralRow,
  department: Department | undefined,
): Reference<HealthcareService> {
  return { reference: `HealthcareService/${r.department_id}`, display: text(department?.name) };
}

function identifier(r: ReferralRow) {
  return [{ system: REFERENCE_SYSTEM, value: r.reference }];
}

function priority(r: ReferralRow): 'urgent' | 'routine' {
  return (r.urgency ?? r.urgency_requested) === 'urgent' ? 'urgent' : 'routine';
}

const letterText = (v: unknown): string | undefined => {
  if (v === null || v === undefined || v === '') return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
};

export function toServiceRequest(
  r: ReferralRow,
  options: { department: Department | undefined; documentIds: readonly string[]; showLetter: boolean },
): ServiceRequest {
  const letter = (options.showLetter ? r.letter : {}) as Record<string, unknown>;
  const reason = letterText(letter.reason);
  const notes = Object.entries(letter)
    .filter(([k]) => k !== 'reason')
    .map(([k, v]) => [k, letterText(v)] as const)
    .filter((e): e is readonly [string, string] => e[1] !== undefined)
    .map(([k, v]) => ({ text: `${k}: ${v}` }));
  const req = requester(r);
  return {
    resourceType: 'ServiceRequest',
    id: r.id,
    meta: meta(r.version, r.updated_at),
    identifier: identifier(r),
    status: serviceRequestStatus[r.state as ReferralState],
    intent: 'order',
    category: [
      { coding: [{ system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' }] },
    ],
    code: { coding: [{ system: KIND_SYSTEM, code: r.kind }], text: r.kind },
    priority: priority(r),
    subject: patientReference(r),
    authoredOn: (r.submitted_at ?? r.created_at).toISOString(),
    ...(req ? { requester: req } : {}),
    performer: [departmentReference(r, options.department)],
    ...(reason ? { reasonCode: [{ text: reason }] } : {}),
    ...(notes.length ? { note: notes } : {}),
    ...(options.documentIds.length
      ? { supportingInfo: options.documentIds.map((id) => ({ reference: `DocumentReference/${id}` })) }
      : {}),
  };
}

function statusReason(r: ReferralRow): CodeableConcept | undefined {
  const decision = (r.decision ?? {}) as Record<string, unknown>;
  if (r.state === 'rejected') {
    const code = r.closed_reason ?? (decision.reasonCode as string | undefined);
    return {
      ...(code ? { coding: [{ system: REJECTION_SYSTEM, code }] } : {}),
      text: letterText(decision.explanation) ?? code ?? 'rejected',
    };
  }
  if (r.state === 'cancelled') return { text: r.closed_reason ?? 'cancelled' };
  // On hold: what the department asked for, so the referring system knows what to answer with.
  if (r.state === 'awaiting-information') {
    const asked = (r.missing_requested ?? {}) as { missing?: unknown; message?: unknown };
    const missing = Array.isArray(asked.missing) ? asked.missing.map(String) : [];
    const codes = missing.filter((code) => /^\S+( \S+)*$/.test(code));
    const message = typeof asked.message === 'string' ? asked.message : '';
    return {
      ...(codes.length ? { coding: codes.map((code) => ({ system: MISSING_SYSTEM, code })) } : {}),
      text: [missing.join('; '), message].filter(Boolean).join(' — ') || 'More information requested',
    };
  }
  return undefined;
}

export function toTask(
  r: ReferralRow,
  department: Department | undefined,
  letters: readonly LetterSummary[] = [],
): Task {
  const fhir = fhirTaskStatus[r.state as ReferralState];
  const reason = statusReason(r);
  const req = requester(r);
  return {
    resourceType: 'Task',
    id: r.id,
    meta: meta(r.version, r.updated_at),
    identifier: identifier(r),
    basedOn: [{ reference: `ServiceRequest/${r.id}` }],
    status: fhir.status as Task['status'],
    businessStatus: {
      coding: [{ system: STATE_SYSTEM, code: fhir.businessStatus }],
      text: fhir.businessStatus,
    },
    ...(reason ? { statusReason: reason } : {}),
    intent: 'order',
    priority: priority(r),
    focus: { reference: `ServiceRequest/${r.id}` },
    for: patientReference(r),
    authoredOn: (r.submitted_at ?? r.created_at).toISOString(),
    lastModified: r.updated_at.toISOString(),
    ...(req ? { requester: req } : {}),
    owner: departmentReference(r, department),
    // The seen-within date (R-WD-*) is the time by which the department has to see the patient.
    ...(r.seen_within ? { restriction: { period: { end: r.seen_within } } } : {}),
    // The letters the referral produced (confirmation, decision, invitation) are the Task's outputs.
    ...(letters.length
      ? {
          output: letters.map((l) => ({
            type: { coding: [{ system: LETTER_TYPE_SYSTEM, code: l.type }], text: 'letter' },
            valueReference: { reference: `DocumentReference/${l.id}` },
          })),
        }
      : {}),
  };
}

export function toPatient(p: PatientRow): Patient {
  const telecom: ContactPoint[] = [
    ...(p.phone ? [{ system: 'phone' as const, value: p.phone }] : []),
    ...(p.email ? [{ system: 'email' as const, value: p.email }] : []),
  ];
  const line = [p.street, p.house_number].filter(Boolean).join(' ');
  const hasAddress = line || p.postcode || p.city;
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: meta(null, p.updated_at),
    ...(p.bsn ? { identifier: [{ system: BSN_SYSTEM, value: p.bsn }] } : {}),
    name: [{ family: p.family_name, ...(p.given_name ? { given: [p.given_name] } : {}) }],
    birthDate: p.birth_date,
    ...(hasAddress
      ? {
          address: [
            {
              ...(line ? { line: [line] } : {}),
              ...(p.postcode ? { postalCode: p.postcode } : {}),
              ...(p.city ? { city: p.city } : {}),
              country: p.country,
            },
          ],
        }
      : {}),
    ...(telecom.length ? { telecom } : {}),
    ...(p.family_doctor_name || p.family_doctor_agb
      ? {
          generalPractitioner: [
            {
              ...(p.family_doctor_agb
                ? { identifier: { system: AGB_SYSTEM, value: p.family_doctor_agb } }
                : {}),
              ...(p.family_doctor_name ? { display: p.family_doctor_name } : {}),
            },
          ],
        }
      : {}),
  };
}

export function toPractitioner(a: AccountRecord): Practitioner {
  return {
    resourceType: 'Practitioner',
    id: a.id,
    active: a.disabledAt === null,
    ...(a.agbCode || a.uziNumber
      ? {
          identifier: [
            ...(a.agbCode ? [{ system: AGB_SYSTEM, value: a.agbCode }] : []),
            ...(a.uziNumber ? [{ system: UZI_SYSTEM, value: a.uziNumber }] : []),
          ],
        }
      : {}),
    name: [{ text: a.name }],
    ...(a.specialism ? { qualification: [{ code: { text: a.specialism } }] } : {}),
  };
}

export function toOrganization(o: OrganisationRow): Organization {
  return {
    resourceType: 'Organization',
    id: o.id,
    active: true,
    ...(o.agb_code ? { identifier: [{ system: AGB_SYSTEM, value: o.agb_code }] } : {}),
    name: o.name,
  };
}

export function hospitalOrganization(h: Hospital, ura: string | null): Organization {
  return {
    resourceType: 'Organization',
    id: HOSPITAL_ID,
    active: true,
    ...(ura ? { identifier: [{ system: URA_SYSTEM, value: ura }] } : {}),
    name: text(h.name) ?? 'Hospital',
    telecom: [{ system: 'phone', value: h.mainPhone, use: 'work' }],
  };
}

export function toHealthcareService(d: Department, version: number, updatedAt: Date): HealthcareService {
  const telecom: ContactPoint[] = d.contacts.flatMap((c) => [
    ...(c.phone ? [{ system: 'phone' as const, value: c.phone, use: 'work' as const }] : []),
    ...(c.email ? [{ system: 'email' as const, value: c.email, use: 'work' as const }] : []),
  ]);
  const summary = text(d.summary);
  return {
    resourceType: 'HealthcareService',
    id: d.id,
    meta: meta(version, updatedAt),
    active: true,
    providedBy: { reference: `Organization/${HOSPITAL_ID}` },
    name: text(d.name) ?? d.id,
    ...(summary ? { comment: summary } : {}),
    // Care paths are the programmes a referrer can choose within the department.
    ...(d.carePaths.length
      ? {
          program: d.carePaths.map((c) => ({
            coding: [{ system: `${LOKET}/CodeSystem/care-path`, code: c.id }],
            text: text(c.name),
          })),
        }
      : {}),
    ...(telecom.length ? { telecom } : {}),
  };
}

export function toDocumentReference(d: DocumentRow, r: ReferralRow): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: d.id,
    meta: meta(null, d.uploaded_at),
    status: 'current',
    type: { coding: [{ system: DOCUMENT_KIND_SYSTEM, code: d.kind }], text: d.kind },
    subject: patientReference(r),
    date: d.uploaded_at.toISOString(),
    ...(d.uploaded_by_name ? { author: [{ display: d.uploaded_by_name }] } : {}),
    description: d.filename,
    content: [
      {
        attachment: {
          contentType: d.media_type,
          url: `Binary/${d.id}`,
          size: Number(d.size),
          title: d.filename,
          creation: d.uploaded_at.toISOString(),
        },
      },
    ],
    context: { related: [{ reference: `ServiceRequest/${r.id}` }] },
  };
}

export function toBinary(id: string, contentType: string, bytes: Buffer): Binary {
  return { resourceType: 'Binary', id, contentType, data: bytes.toString('base64') };
}

export function letterDocumentReference(l: LetterSummary, r: ReferralRow): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: l.id,
    meta: meta(null, l.created_at),
    status: 'current',
    type: { coding: [{ system: LETTER_TYPE_SYSTEM, code: l.type }], text: `letter: ${l.type}` },
    subject: patientReference(r),
    date: l.created_at.toISOString(),
    description: `Letter (${l.type}) to the ${l.recipient_role}${l.recipient_name ? `, ${l.recipient_name}` : ''}`,
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          language: l.language,
          url: `Binary/${l.id}`,
          title: `${r.reference}-${l.type}.pdf`,
          creation: l.created_at.toISOString(),
        },
      },
    ],
    context: { related: [{ reference: `ServiceRequest/${r.id}` }] },
  };
}
