import type { Selectable } from 'kysely';
import type {
  Appointment,
  Communication,
  Consent,
  PractitionerRole,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes';
import type { AccountRecord, ApopScreeningTable, ConsentRecordTable, ReferralRow } from '@loket/db';
import { AGB_SYSTEM, HOSPITAL_ID, patientReference } from './mappers.ts';

/**
 * The resources around a referral that are not the referral itself: the appointment it led to, the messages
 * between hospital and referrer, the patient's consents, the APOP screening and who works where. Like the other
 * mappers, each is built on read from Loket's own rows.
 */
const LOKET = 'https://loket.nl/fhir';
export const ROLE_SYSTEM = `${LOKET}/CodeSystem/role`;
export const CONSENT_SCOPE_SYSTEM = `${LOKET}/CodeSystem/consent-scope`;
export const CONSENT_METHOD_SYSTEM = `${LOKET}/CodeSystem/consent-method`;
export const EVENT_SYSTEM = `${LOKET}/CodeSystem/referral-event`;
export const APOP_QUESTIONNAIRE = `${LOKET}/Questionnaire/apop`;
/** Loket records when an appointment starts, not how long it lasts; FHIR needs an end with a start. */
export const APPOINTMENT_MINUTES = 30;

type EventRow = {
  id: number | string;
  referral_id: string;
  at: Date;
  actor_name: string | null;
  type: string;
  note: string | null;
  data: unknown;
};

export function toPractitionerRole(a: AccountRecord): PractitionerRole {
  const departments = a.departmentIds ?? [];
  return {
    resourceType: 'PractitionerRole',
    id: a.id,
    active: a.disabledAt === null,
    practitioner: { reference: `Practitioner/${a.id}`, display: a.name },
    ...(a.organisationId
      ? { organization: { reference: `Organization/${a.organisationId}` } }
      : departments.length
        ? { organization: { reference: `Organization/${HOSPITAL_ID}` } }
        : {}),
    ...(a.roles.length
      ? { code: a.roles.map((r) => ({ coding: [{ system: ROLE_SYSTEM, code: r }], text: r })) }
      : {}),
    ...(a.specialism ? { specialty: [{ text: a.specialism }] } : {}),
    ...(departments.length
      ? { healthcareService: departments.map((d) => ({ reference: `HealthcareService/${d}` })) }
      : {}),
    ...(a.agbCode ? { identifier: [{ system: AGB_SYSTEM, value: a.agbCode }] } : {}),
  };
}

/** The appointment a scheduled referral has; its id is the referral's. */
export function toAppointment(r: ReferralRow): Appointment | undefined {
  const a = (r.appointment ?? null) as Record<string, unknown> | null;
  if (!a || typeof a.start !== 'string') return undefined;
  const start = new Date(a.start);
  const done = r.state === 'seen' || r.state === 'awaiting-mdo' || r.state === 'completed';
  const status: Appointment['status'] = a.noShow
    ? 'noshow'
    : r.state === 'cancelled'
      ? 'cancelled'
      : done
        ? 'fulfilled'
        : 'booked';
  const details = [a.location, a.notes].filter((x) => typeof x === 'string' && x).join(' — ');
  return {
    resourceType: 'Appointment',
    id: r.id,
    meta: { versionId: String(r.version), lastUpdated: r.updated_at.toISOString() },
    status,
    basedOn: [{ reference: `ServiceRequest/${r.id}` }],
    start: start.toISOString(),
    end: new Date(start.getTime() + APPOINTMENT_MINUTES * 60_000).toISOString(),
    ...(details ? { description: details } : {}),
    ...(typeof a.videoLink === 'string' && a.videoLink ? { comment: `Video: ${a.videoLink}` } : {}),
    participant: [
      { actor: patientReference(r), status: 'accepted' },
      { actor: { reference: `HealthcareService/${r.department_id}` }, status: 'accepted' },
    ],
  };
}

/** A request for more information, or the referrer's answer to one, from the referral's timeline. */
export function toCommunication(e: EventRow, r: ReferralRow, inResponseTo?: string): Communication {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const missing = Array.isArray(data.missing) ? (data.missing as unknown[]).map(String) : [];
  const fromHospital = e.type === 'information-requested';
  const payload = [
    ...(e.note ? [{ contentString: e.note }] : []),
    ...(fromHospital && missing.length && !e.note ? [{ contentString: missing.join('; ') }] : []),
  ];
  const hospital = { reference: `HealthcareService/${r.department_id}` };
  const referrer = r.referrer_user_id
    ? { reference: `Practitioner/${r.referrer_user_id}`, display: r.referrer_name ?? undefined }
    : { display: r.referrer_name ?? 'Referrer' };
  return {
    resourceType: 'Communication',
    id: String(e.id),
    status: 'completed',
    basedOn: [{ reference: `ServiceRequest/${r.id}` }],
    ...(inResponseTo ? { inResponseTo: [{ reference: `Communication/${inResponseTo}` }] } : {}),
    category: [{ coding: [{ system: EVENT_SYSTEM, code: e.type }], text: e.type }],
    subject: patientReference(r),
    sent: e.at.toISOString(),
    sender: fromHospital ? hospital : referrer,
    recipient: [fromHospital ? referrer : hospital],
    ...(payload.length ? { payload } : {}),
  };
}

export function toConsent(c: Selectable<ConsentRecordTable>): Consent {
  return {
    resourceType: 'Consent',
    id: c.id,
    status: c.withdrawn_at ? 'inactive' : 'active',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
    },
    category: [{ coding: [{ system: CONSENT_SCOPE_SYSTEM, code: c.scope }], text: c.scope }],
    patient: { reference: `Patient/${c.patient_id}` },
    dateTime: c.given_at.toISOString(),
    performer: [{ display: `${c.given_by_name} (${c.given_by_role})` }],
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
    ...(c.declaration_storage_key
      ? {
          sourceAttachment: {
            contentType: c.declaration_media_type ?? 'application/pdf',
            title: c.declaration_filename ?? 'declaration',
          },
        }
      : {}),
    provision: {
      type: 'permit',
      period: {
        start: c.given_at.toISOString(),
        ...(c.withdrawn_at ? { end: c.withdrawn_at.toISOString() } : {}),
      },
      ...(c.referral_id
        ? { data: [{ meaning: 'related', reference: { reference: `ServiceRequest/${c.referral_id}` } }] }
        : {}),
      purpose: [{ system: CONSENT_METHOD_SYSTEM, code: c.method }],
    },
  };
}

function answerOf(v: unknown): NonNullable<QuestionnaireResponseItem['answer']>[number] | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'boolean') return { valueBoolean: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { valueInteger: v } : { valueDecimal: v };
  if (typeof v === 'string') return { valueString: v };
  return { valueString: JSON.stringify(v) };
}

/** An APOP screening (the questions asked at the emergency department and their outcome). */
export function toQuestionnaireResponse(s: Selectable<ApopScreeningTable>): QuestionnaireResponse {
  const items: QuestionnaireResponseItem[] = [];
  const add = (linkId: string, v: unknown) => {
    const answer = answerOf(v);
    items.push({ linkId, ...(answer ? { answer: [answer] } : {}) });
  };
  for (const [k, v] of Object.entries((s.answers ?? {}) as Record<string, unknown>)) add(k, v);
  add('age', s.age);
  add('cognitive-impaired', s.cognitive_impaired);
  add('functional-probability', s.functional_probability);
  add('outcome', s.outcome);
  add('risk', s.risk);
  if (s.disposition) add('disposition', s.disposition);
  return {
    resourceType: 'QuestionnaireResponse',
    id: s.id,
    questionnaire: APOP_QUESTIONNAIRE,
    status: 'completed',
    subject: { reference: `Patient/${s.patient_id}` },
    authored: s.screened_at.toISOString(),
    ...(s.screened_by_name ? { author: { display: s.screened_by_name } } : {}),
    item: items,
  };
}
