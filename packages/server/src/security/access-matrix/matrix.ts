import { principals, type Principal } from './principals.ts';

/**
 * The access matrix (R-SEC-03): every route the app serves × every principal (role and relationship) → the
 * answer it must get. Written out by hand from the rules, not derived from the code it tests; the runner
 * (matrix.int.test.ts) sends every cell as a real HTTP request and fails on a route without a row.
 *
 * `allowed` means the request got past every access check: any answer but 401, 403, 404 or a server error (a
 * write with a deliberately minimal body may still be refused as invalid or in the wrong state).
 * 404 is the answer wherever a 403 would tell that the thing exists (another patient's or practice's referral,
 * a referral of another department).
 */
export type Answer = 'allowed' | 401 | 403 | 404;

/**
 * Placeholders in a row's path or body, filled from the fixtures (`matrix.int.test.ts`). "Own" objects belong to
 * the fixture: the patient of `patient-self`, made or reported by `referrer-own`, in the fixture department
 * (internal medicine) or, for APOP, in the emergency room where `er-nurse` works. "Other" objects are their
 * counterparts: another patient (`patient-other`'s), another practice (`referrer-other`), another department
 * (clinical genetics, where `specialist-other` works).
 *
 * - `{referral}` the fixture referral (a new referral, sent, missing an item); `{otherReferral}` another patient's
 *   referral from another practice (also in internal medicine); `{document}` of the fixture referral;
 * - `{consent}` a signed consent form with its declaration, recorded by the back office on `{referral}`;
 *   `{otherConsent}` the same on `{otherReferral}`;
 * - `{letterReferral}` a referral of patient-self's patient by referrer-own in internal medicine, scheduled, with its
 *   letters `{letter}` (the invitation, to the patient) and `{doctorLetter}` (the appointment confirmation, to the
 *   family doctor); `{otherLetterReferral}` / `{otherLetter}` the same for patient-other's patient by
 *   referrer-other, also in internal medicine (so that its staff see both and must still not mix them);
 * - `{secondOpinion}` a second opinion for patient-self's patient, requested by referrer-own, in internal medicine,
 *   with insurance recorded, "not covered" (so an advance is asked) and a takeover requested (`{takeover}`, the
 *   takeover referral); `{otherSecondOpinion}` / `{otherTakeover}` the same for patient-other's patient, requested
 *   by referrer-other, in clinical genetics;
 * - `{incident}` an incident report by referrer-own; `{otherIncident}` one by referrer-other;
 * - `{apopScreening}` an APOP screening of patient-self's patient at the emergency room, sent home at high risk,
 *   with its letter and its follow-up call (`{apopFollowUp}`); `{otherApopScreening}` / `{otherApopFollowUp}` those
 *   of patient-other's patient, of another department (no route makes a screening outside the emergency room: the
 *   fixture moves one, as a second screening site would have it);
 * - `{mdoMeeting}` an internal-medicine meeting (tomorrow) with the case `{mdoCase}` of `{mdoReferral}` (a referral
 *   of patient-self's patient the specialist has seen); `{otherMdoMeeting}`, `{otherMdoCase}`, `{otherMdoReferral}`
 *   the same in clinical genetics for patient-other's patient;
 * - `{telephoneAdvice}` telephone advice recorded by referrer-own from internal medicine for patient-self's
 *   patient, filed with the signed declaration; `{otherTelephoneAdvice}` the same by referrer-other from clinical
 *   genetics for patient-other's; `{pendingTelephoneAdvice}` one of referrer-own's still waiting for the declaration;
 * - `{suddenDeath}` a DNA-storage request after a sudden death by referrer-own; `{otherSuddenDeath}` one by
 *   referrer-other;
 * - `{gpRegistration}` a secure-mail registration of referrer-own (a family doctor) in the family-doctor registry;
 *   `{otherGpRegistration}` one of referrer-other;
 * - `{account}` an account (a privacy officer) made by the administrator for the account rows, so that no
 *   principal's roles or access change;
 * - `{subscription}` a FHIR Subscription of referrer-own; `{otherSubscription}` one of referrer-other;
 * - `{unknown}` an id that exists nowhere, kept only where that is the case to prove: for those who see every
 *   object of a kind (sudden-death handlers, the registry's staff, the administrator).
 */
export const placeholders = [
  'referral',
  'otherReferral',
  'document',
  'consent',
  'otherConsent',
  'letterReferral',
  'otherLetterReferral',
  'letter',
  'doctorLetter',
  'otherLetter',
  'secondOpinion',
  'otherSecondOpinion',
  'takeover',
  'otherTakeover',
  'incident',
  'otherIncident',
  'apopScreening',
  'otherApopScreening',
  'apopFollowUp',
  'otherApopFollowUp',
  'mdoMeeting',
  'otherMdoMeeting',
  'mdoCase',
  'otherMdoCase',
  'mdoReferral',
  'otherMdoReferral',
  'telephoneAdvice',
  'otherTelephoneAdvice',
  'pendingTelephoneAdvice',
  'suddenDeath',
  'otherSuddenDeath',
  'gpRegistration',
  'otherGpRegistration',
  'account',
  'subscription',
  'otherSubscription',
  'unknown',
] as const;
export type Placeholder = (typeof placeholders)[number];

export type Body =
  | { kind: 'schema' } // the smallest body the route's JSON schema accepts (see sample.ts)
  | { kind: 'json'; value: unknown }
  | { kind: 'multipart-document' }
  | { kind: 'yaml'; value: string };

/** What a principal sees of an allowed answer: fixed values, and fields that must come back empty. */
export interface FieldRule {
  equals?: Record<string, unknown>;
  empty?: string[];
  present?: string[];
}

export interface MatrixRow {
  /** `METHOD /url` exactly as the route is registered. */
  route: string;
  /** The URL requested, with placeholders. */
  path: string;
  body?: Body;
  /** Reads or changes patient data: an allowed answer must leave an audit record (R-SEC-01). */
  patientData: boolean;
  expect: Record<Principal, Answer>;
  /** Statuses that also count as allowed for this row, with the reason in the row's comment. */
  alsoAllowed?: number[];
  fields?: Partial<Record<Principal, FieldRule>>;
}

interface Spec {
  path?: string;
  /** Principals that pass; 'signed-in' is everyone but the anonymous one. */
  allow?: readonly Principal[] | 'signed-in' | 'everyone';
  /** Principals that hold the permission but get 404: not theirs, or the id exists nowhere. */
  hide?: readonly Principal[];
  body?: Body;
  patientData?: boolean;
  fields?: MatrixRow['fields'];
  alsoAllowed?: number[];
  /** Principals refused by the handler with 403 although they hold the route's permission. */
  refuse?: readonly Principal[];
}

// Groups, named after how they stand to the fixture referral.
const PATIENTS = ['patient-self', 'patient-other'] as const;
const REFERRERS = ['referrer-own', 'referrer-other'] as const;
const DEPARTMENT_STAFF = ['back-office', 'triage-supervisor', 'specialist-assigned'] as const;
const CLINICAL_STAFF = [...DEPARTMENT_STAFF, 'specialist-other'] as const;
/** Those who may see the fixture referral. */
const PARTIES = ['patient-self', 'referrer-own', ...DEPARTMENT_STAFF] as const;
/** Those who use referrals but have nothing to do with the fixture referral. */
const STRANGERS = ['patient-other', 'referrer-other', 'specialist-other'] as const;
/**
 * The parties of the "other" second opinion, takeover and MDO case (another patient, practice and department):
 * the strangers of the fixture. The fixture's parties are strangers there.
 */
const OTHER_PARTIES = STRANGERS;
/** Everyone who may report an incident (and so reaches the relationship check of an incident). */
const INCIDENT_USERS = [...REFERRERS, ...CLINICAL_STAFF, 'transmural-team', 'er-nurse'] as const;
const REFERRAL_USERS = [...PATIENTS, ...REFERRERS, ...CLINICAL_STAFF] as const;
const signedIn = principals.filter((p) => p !== 'anonymous');
const SCHEMA: Body = { kind: 'schema' };
/** Signed-in principals in none of `lists`: those a relationship check must answer with 404. */
const allSignedInBut = (...lists: (readonly Principal[])[]) =>
  signedIn.filter((p) => !lists.some((l) => l.includes(p)));

/** A complete draft, so that a write reaches the handler's relationship check instead of the schema's 400. */
export const matrixDraft = {
  departmentId: 'internal-medicine',
  kind: 'new-referral',
  urgency: 'routine',
  patient: {
    bsn: '999990019',
    givenName: 'Matrix',
    familyName: 'Jansen',
    birthDate: '1950-03-01',
    street: 'Albinusdreef',
    houseNumber: '2',
    postcode: '2333 ZA',
    city: 'Leiden',
    phone: '071 526 9111',
    email: 'matrix.patient@example.org',
  },
  familyDoctor: { name: 'Dr. A. de Vries', agbCode: '01999001', email: 'huisarts@example.org' },
  letter: { reason: 'Anaemia of unknown cause; prior history: none', 'urgency-period': 'within 4 weeks' },
};

function row(route: string, spec: Spec): MatrixRow {
  const allow =
    spec.allow === 'everyone' ? principals : spec.allow === 'signed-in' ? signedIn : (spec.allow ?? []);
  const hide = spec.hide ?? [];
  const refuse = spec.refuse ?? [];
  const expect = Object.fromEntries(
    principals.map((p): [Principal, Answer] => [
      p,
      allow.includes(p)
        ? 'allowed'
        : hide.includes(p)
          ? 404
          : refuse.includes(p)
            ? 403
            : p === 'anonymous'
              ? 401
              : 403,
    ]),
  ) as Record<Principal, Answer>;
  const path = spec.path ?? route.slice(route.indexOf(' ') + 1);
  return {
    route,
    path,
    patientData: spec.patientData ?? false,
    expect,
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.fields ? { fields: spec.fields } : {}),
    ...(spec.alsoAllowed ? { alsoAllowed: spec.alsoAllowed } : {}),
  };
}

/** What each viewer of a referral sees (R-SEC-03): the patient not the letter, documents or the staff's work. */
const referralFields: MatrixRow['fields'] = {
  'patient-self': {
    equals: { viewer: 'patient', evaluation: null, claimedBy: null, 'referrer.email': null },
    empty: ['letter', 'documents', 'messages'],
  },
  'referrer-own': {
    equals: { viewer: 'professional', claimedBy: null, duplicateOf: null },
    present: ['letter.reason', 'documents.0.sha256'],
  },
  'back-office': { equals: { viewer: 'staff' }, present: ['letter.reason', 'claimedBy'] },
  'triage-supervisor': { equals: { viewer: 'staff' } },
  'specialist-assigned': { equals: { viewer: 'staff' } },
};

export const matrix: MatrixRow[] = [
  // Public and infrastructure
  row('GET /openapi.json', { allow: 'everyone' }),
  row('GET /healthz', { allow: 'everyone' }),
  row('GET /readyz', { allow: 'everyone' }),
  row('GET /metrics', { allow: 'everyone' }),
  row('GET /docs', { allow: 'everyone' }),
  row('GET /docs/static/index.html', { allow: 'everyone' }),
  row('GET /docs/static/swagger-initializer.js', { allow: 'everyone' }),
  row('GET /docs/json', { allow: 'everyone' }),
  row('GET /docs/yaml', { allow: 'everyone' }),
  row('GET /docs/static/*', { path: '/docs/static/swagger-ui.css', allow: 'everyone' }),
  // The web app is not built for the integration tests: its asset route then answers 503 to everyone.
  row('GET /assets/*', { path: '/assets/none.js', hide: principals, alsoAllowed: [503] }),
  // The authentication library checks its own endpoints; the session endpoint answers everyone.
  row('GET /api/auth/*', { path: '/api/auth/get-session', allow: 'everyone' }),
  row('POST /api/auth/*', { path: '/api/auth/sign-in/email', allow: 'everyone', body: SCHEMA }),
  row('GET /api/me', { allow: 'everyone' }),
  row('GET /api/catalog', { allow: 'everyone' }),
  row('GET /api/catalog/departments/:id', {
    path: '/api/catalog/departments/internal-medicine',
    allow: 'everyone',
  }),
  row('GET /api/catalog/search', { path: '/api/catalog/search?q=bloed', allow: 'everyone' }),
  row('GET /api/patient-portal/departments', { allow: 'everyone' }),
  // A patient's own request for a second opinion, with or without an account; staff and referrers use their own routes.
  row('POST /api/patient-portal/requests', {
    allow: ['anonymous', ...PATIENTS],
    body: { kind: 'json', value: {} },
  }),
  // The link in the confirmation e-mail of a signed-out request: public; an unknown token is refused as invalid.
  row('POST /api/patient-portal/confirm', { allow: 'everyone', body: SCHEMA }),
  row('GET /api/waiting-times', { allow: 'everyone' }),
  row('GET /fhir/R4/metadata', { allow: 'everyone' }),

  // Catalog and settings administration
  row('GET /api/admin/catalog/departments/:id', {
    path: '/api/admin/catalog/departments/internal-medicine',
    allow: ['administrator'],
  }),
  row('PUT /api/admin/catalog/departments/:id', {
    path: '/api/admin/catalog/departments/internal-medicine',
    allow: ['administrator'],
    body: SCHEMA,
  }),
  row('POST /api/admin/catalog/departments', { allow: ['administrator'], body: SCHEMA }),
  row('DELETE /api/admin/catalog/departments/:id', {
    path: '/api/admin/catalog/departments/no-such-department?version=1',
    hide: ['administrator'],
  }),
  row('GET /api/admin/catalog/hospital', { allow: ['administrator'] }),
  row('PUT /api/admin/catalog/hospital', { allow: ['administrator'], body: SCHEMA }),
  row('GET /api/admin/catalog/history/:entity/:id', {
    path: '/api/admin/catalog/history/department/internal-medicine',
    allow: ['administrator'],
  }),
  row('GET /api/admin/catalog/export', { allow: ['administrator'] }),
  row('POST /api/admin/catalog/import', {
    allow: ['administrator'],
    body: { kind: 'yaml', value: 'not: [a catalog' },
  }),
  row('GET /api/admin/settings/referral-policy', { allow: ['administrator'] }),
  row('PUT /api/admin/settings/referral-policy', {
    allow: ['administrator'],
    body: { kind: 'json', value: {} },
  }),
  row('GET /api/admin/settings/second-opinion-policy', { allow: ['administrator'] }),
  row('PUT /api/admin/settings/second-opinion-policy', {
    allow: ['administrator'],
    body: { kind: 'json', value: {} },
  }),
  row('GET /api/admin/settings/costs-policy', { allow: ['administrator'] }),
  row('PUT /api/admin/settings/costs-policy', {
    allow: ['administrator'],
    body: { kind: 'json', value: {} },
  }),
  row('GET /api/apop/model', { allow: ['administrator'] }),
  row('PUT /api/apop/model', { allow: ['administrator'], body: { kind: 'json', value: {} } }),

  // Users and audit
  row('GET /api/admin/users', { allow: ['administrator', 'privacy-officer'] }),
  row('GET /api/admin/roles', { allow: ['administrator', 'privacy-officer'] }),
  row('POST /api/admin/users', { allow: ['administrator'], body: { kind: 'json', value: {} } }),
  // Accounts have no owner but the administration: the administrator manages every one, nobody else any (403, the
  // privacy officer too, who reads the list); an id that exists nowhere is the administrator's only 404.
  row('PUT /api/admin/users/:id', {
    path: '/api/admin/users/{account}',
    allow: ['administrator'],
    body: { kind: 'json', value: { name: 'Matrix', roles: ['privacy-officer'] } },
  }),
  row('PUT /api/admin/users/:id', {
    path: '/api/admin/users/{unknown}',
    hide: ['administrator'],
    body: { kind: 'json', value: { name: 'Matrix', roles: ['privacy-officer'] } },
  }),
  row('POST /api/admin/users/:id/disabled', {
    path: '/api/admin/users/{account}/disabled',
    allow: ['administrator'],
    body: SCHEMA,
  }),
  row('GET /api/audit/events', { allow: ['privacy-officer'], patientData: true }),
  row('POST /api/audit/verify', { allow: ['privacy-officer'] }),

  // The referral loop
  row('GET /api/referrals', { allow: REFERRAL_USERS, patientData: true }),
  row('POST /api/referrals', { allow: REFERRAL_USERS, body: { kind: 'json', value: {} } }),
  row('POST /api/referrals/register', { allow: ['back-office'], body: { kind: 'json', value: {} } }),
  row('GET /api/referrals/:id', {
    path: '/api/referrals/{referral}',
    allow: PARTIES,
    hide: STRANGERS,
    patientData: true,
    fields: referralFields,
  }),
  row('PUT /api/referrals/:id/draft', {
    path: '/api/referrals/{referral}/draft',
    allow: PARTIES,
    hide: STRANGERS,
    body: { kind: 'json', value: { draft: matrixDraft, version: 1 } },
    patientData: true,
  }),
  row('POST /api/referrals/:id/submit', {
    path: '/api/referrals/{referral}/submit',
    allow: PARTIES,
    hide: STRANGERS,
    patientData: true,
  }),
  // start-triage on a referral still missing an item: the back office and triage get past access and are refused
  // for the item; the state machine gives triage to neither the specialist, the referrer nor the patient.
  row('POST /api/referrals/:id/actions/:action', {
    path: '/api/referrals/{referral}/actions/start-triage',
    allow: ['back-office', 'triage-supervisor'],
    hide: STRANGERS,
    patientData: true,
  }),
  row('POST /api/referrals/:id/claim', {
    path: '/api/referrals/{referral}/claim',
    allow: DEPARTMENT_STAFF,
    hide: ['specialist-other'],
    body: { kind: 'json', value: { claim: false } },
    patientData: true,
  }),
  row('POST /api/referrals/:id/documents', {
    path: '/api/referrals/{referral}/documents',
    allow: PARTIES,
    hide: STRANGERS,
    body: { kind: 'multipart-document' },
    patientData: true,
  }),
  row('GET /api/referrals/:id/documents/:documentId', {
    path: '/api/referrals/{referral}/documents/{document}',
    allow: ['referrer-own', ...DEPARTMENT_STAFF],
    hide: ['patient-self', ...STRANGERS],
    patientData: true,
  }),
  // Letters (R-COM-03): the parties of the referral read its letters, except that a patient reads only the letters
  // addressed to them; strangers get 404, and a letter of another referral is found under no referral but its own.
  row('GET /api/referrals/:id/letters/:letterId', {
    path: '/api/referrals/{letterReferral}/letters/{letter}',
    allow: PARTIES,
    hide: STRANGERS,
    patientData: true,
  }),
  row('GET /api/referrals/:id/letters/:letterId', {
    path: '/api/referrals/{letterReferral}/letters/{doctorLetter}',
    allow: ['referrer-own', ...DEPARTMENT_STAFF],
    hide: ['patient-self', ...STRANGERS],
    patientData: true,
  }),
  row('GET /api/referrals/:id/letters/:letterId', {
    path: '/api/referrals/{otherLetterReferral}/letters/{otherLetter}',
    allow: ['patient-other', 'referrer-other', ...DEPARTMENT_STAFF],
    hide: ['patient-self', 'referrer-own', 'specialist-other'],
    patientData: true,
  }),
  row('GET /api/referrals/:id/letters/:letterId', {
    path: '/api/referrals/{letterReferral}/letters/{otherLetter}',
    hide: [...PARTIES, ...STRANGERS],
    patientData: true,
  }),
  row('GET /api/worklist', { allow: CLINICAL_STAFF, patientData: true }),
  row('POST /api/patients/search', {
    allow: CLINICAL_STAFF,
    body: { kind: 'json', value: { familyName: 'Jansen' } },
    patientData: true,
  }),
  // Departments are public (the guide); their staff list is for their own staff.
  row('GET /api/departments/:departmentId/staff', {
    path: '/api/departments/internal-medicine/staff',
    allow: DEPARTMENT_STAFF,
  }),
  row('PUT /api/quick-diagnosis/referrals/:id/day-plan', {
    path: '/api/quick-diagnosis/referrals/{referral}/day-plan',
    // Planning is for the back office and triage; the fixture is no quick-diagnosis referral, so they get 409.
    allow: ['back-office', 'triage-supervisor'],
    hide: ['specialist-other'],
    body: { kind: 'json', value: { examinations: [{ kind: 'blood-test', time: '09:00' }] } },
    patientData: true,
  }),

  // Consent (R-ID-04)
  row('GET /api/referrals/:id/consent', {
    path: '/api/referrals/{referral}/consent',
    allow: PARTIES,
    hide: STRANGERS,
    patientData: true,
  }),
  // Consent through the portal is the patient's own (R-ID-04); others are refused that method with 403.
  row('POST /api/referrals/:id/consent', {
    path: '/api/referrals/{referral}/consent',
    allow: ['patient-self'],
    refuse: ['referrer-own', 'back-office'],
    hide: ['patient-other', 'referrer-other'],
    body: { kind: 'json', value: { scope: 'records-for-second-opinion', method: 'portal' } },
    patientData: true,
  }),
  // A signed form is recorded by staff.
  row('POST /api/referrals/:id/consent/signed-form', {
    path: '/api/referrals/{referral}/consent/signed-form',
    allow: ['back-office'],
    refuse: ['patient-self', 'referrer-own'],
    hide: ['patient-other', 'referrer-other'],
    body: { kind: 'multipart-document' },
    patientData: true,
  }),
  // Withdrawal is for the patient and staff (R-ID-04): the referrer, who may record consent, cannot take it back
  // (403 once the record is found); triage and specialists hold no consent.record. The first allowed request
  // withdraws, the second finds it withdrawn (409). Both fixture referrals are internal medicine's.
  row('POST /api/referrals/:id/consent/:consentId/withdraw', {
    path: '/api/referrals/{referral}/consent/{consent}/withdraw',
    allow: ['patient-self', 'back-office'],
    refuse: ['referrer-own'],
    hide: ['patient-other', 'referrer-other'],
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/referrals/:id/consent/:consentId/withdraw', {
    path: '/api/referrals/{otherReferral}/consent/{otherConsent}/withdraw',
    allow: ['patient-other', 'back-office'],
    refuse: ['referrer-other'],
    hide: ['patient-self', 'referrer-own'],
    body: SCHEMA,
    patientData: true,
  }),
  // Another patient's consent under the fixture referral: not found, also for the back office, who sees both.
  row('POST /api/referrals/:id/consent/:consentId/withdraw', {
    path: '/api/referrals/{referral}/consent/{otherConsent}/withdraw',
    hide: ['patient-self', 'referrer-own', 'back-office', 'patient-other', 'referrer-other'],
    body: SCHEMA,
    patientData: true,
  }),
  row('GET /api/referrals/:id/consent/:consentId/declaration', {
    path: '/api/referrals/{referral}/consent/{consent}/declaration',
    allow: PARTIES,
    hide: STRANGERS,
    patientData: true,
  }),
  row('GET /api/referrals/:id/consent/:consentId/declaration', {
    path: '/api/referrals/{otherReferral}/consent/{otherConsent}/declaration',
    allow: ['patient-other', 'referrer-other', ...DEPARTMENT_STAFF],
    hide: ['patient-self', 'referrer-own', 'specialist-other'],
    patientData: true,
  }),
  row('GET /api/referrals/:id/consent/:consentId/declaration', {
    path: '/api/referrals/{referral}/consent/{otherConsent}/declaration',
    hide: [...PARTIES, ...STRANGERS],
    patientData: true,
  }),

  // Takeover of treatment (R-TO-01 … 03): the fixture second opinion has a takeover requested by referrer-own.
  row('GET /api/referrals/:id/takeover', {
    path: '/api/referrals/{secondOpinion}/takeover',
    allow: PARTIES,
    hide: STRANGERS,
    patientData: true,
  }),
  row('GET /api/referrals/:id/takeover', {
    path: '/api/referrals/{otherSecondOpinion}/takeover',
    allow: OTHER_PARTIES,
    hide: PARTIES,
    patientData: true,
  }),
  // Patient, requesting doctor or the department's specialist may ask (here: 409, one is open); back office and
  // triage, parties of the referral, may not (403).
  row('POST /api/referrals/:id/takeover', {
    path: '/api/referrals/{secondOpinion}/takeover',
    allow: ['patient-self', 'referrer-own', 'specialist-assigned'],
    hide: STRANGERS,
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/referrals/:id/takeover', {
    path: '/api/referrals/{otherSecondOpinion}/takeover',
    allow: OTHER_PARTIES,
    hide: PARTIES,
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/referrals/:id/takeover/choice', {
    path: '/api/referrals/{takeover}/takeover/choice',
    allow: PARTIES,
    hide: STRANGERS,
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/referrals/:id/takeover/choice', {
    path: '/api/referrals/{otherTakeover}/takeover/choice',
    allow: OTHER_PARTIES,
    hide: PARTIES,
    body: SCHEMA,
    patientData: true,
  }),
  // Confirmation is for the department's triage supervisor and specialists (the back office lacks the permission).
  row('POST /api/referrals/:id/takeover/confirm', {
    path: '/api/referrals/{takeover}/takeover/confirm',
    allow: ['triage-supervisor', 'specialist-assigned'],
    hide: ['specialist-other'],
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/referrals/:id/takeover/confirm', {
    path: '/api/referrals/{otherTakeover}/takeover/confirm',
    allow: ['specialist-other'],
    hide: ['triage-supervisor', 'specialist-assigned'],
    body: SCHEMA,
    patientData: true,
  }),

  // Costs (R-COST) belong to second opinions: the patient, the requesting doctor and the department's staff of that
  // second opinion, and care administration for every one; anyone else gets 404. A new referral has no costs.
  row('GET /api/costs', { allow: ['care-administration'], patientData: true }),
  row('GET /api/costs/referrals/:id', {
    path: '/api/costs/referrals/{secondOpinion}',
    allow: [...PARTIES, 'care-administration'],
    hide: allSignedInBut(PARTIES, ['care-administration']),
    patientData: true,
  }),
  row('GET /api/costs/referrals/:id', {
    path: '/api/costs/referrals/{otherSecondOpinion}',
    allow: [...OTHER_PARTIES, 'care-administration'],
    hide: allSignedInBut(OTHER_PARTIES, ['care-administration']),
    patientData: true,
  }),
  row('GET /api/costs/referrals/:id', {
    path: '/api/costs/referrals/{referral}',
    hide: signedIn,
    patientData: true,
  }),
  row('PUT /api/costs/referrals/:id/insurance', {
    path: '/api/costs/referrals/{secondOpinion}/insurance',
    allow: [...PARTIES, 'care-administration'],
    hide: allSignedInBut(PARTIES, ['care-administration']),
    body: { kind: 'json', value: { insurer: 'Zorgverzekeraar', policyNumber: '123', country: 'NL' } },
    patientData: true,
  }),
  row('PUT /api/costs/referrals/:id/insurance', {
    path: '/api/costs/referrals/{otherSecondOpinion}/insurance',
    allow: [...OTHER_PARTIES, 'care-administration'],
    hide: allSignedInBut(OTHER_PARTIES, ['care-administration']),
    body: { kind: 'json', value: { insurer: 'Zorgverzekeraar', policyNumber: '456', country: 'NL' } },
    patientData: true,
  }),
  // What the insurer said is recorded by the patient or care administration; the other parties get 403.
  row('PUT /api/costs/referrals/:id/coverage', {
    path: '/api/costs/referrals/{secondOpinion}/coverage',
    allow: ['patient-self', 'care-administration'],
    refuse: ['referrer-own', ...DEPARTMENT_STAFF],
    hide: allSignedInBut(PARTIES, ['care-administration']),
    body: SCHEMA,
    patientData: true,
  }),
  row('PUT /api/costs/referrals/:id/coverage', {
    path: '/api/costs/referrals/{otherSecondOpinion}/coverage',
    allow: ['patient-other', 'care-administration'],
    refuse: ['referrer-other', 'specialist-other'],
    hide: allSignedInBut(OTHER_PARTIES, ['care-administration']),
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/costs/referrals/:id/advance-payment', {
    path: '/api/costs/referrals/{secondOpinion}/advance-payment',
    allow: ['care-administration'],
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/costs/referrals/:id/abroad-clearance', {
    path: '/api/costs/referrals/{secondOpinion}/abroad-clearance',
    allow: ['care-administration'],
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/costs/referrals/:id/settlement', {
    path: '/api/costs/referrals/{secondOpinion}/settlement',
    allow: ['care-administration'],
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/costs/referrals/:id/reminder', {
    path: '/api/costs/referrals/{secondOpinion}/reminder',
    allow: ['care-administration'],
    patientData: true,
  }),

  // Second opinions: its patient, requesting doctor and department see it; nobody else learns it exists.
  row('GET /api/second-opinions/:id', {
    path: '/api/second-opinions/{secondOpinion}',
    allow: PARTIES,
    hide: STRANGERS,
    patientData: true,
  }),
  row('GET /api/second-opinions/:id', {
    path: '/api/second-opinions/{otherSecondOpinion}',
    allow: OTHER_PARTIES,
    hide: PARTIES,
    patientData: true,
  }),
  // A new referral is no second opinion: not found as one by anyone.
  row('GET /api/second-opinions/:id', {
    path: '/api/second-opinions/{referral}',
    hide: [...REFERRAL_USERS],
    patientData: true,
  }),
  // The department's triage and specialists reach the outcome check (409: the dossier is not in review); the back
  // office does not decide outcomes.
  row('POST /api/second-opinions/:id/outcome', {
    path: '/api/second-opinions/{secondOpinion}/outcome',
    allow: ['triage-supervisor', 'specialist-assigned'],
    refuse: ['back-office'],
    hide: ['specialist-other'],
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/second-opinions/:id/outcome', {
    path: '/api/second-opinions/{otherSecondOpinion}/outcome',
    allow: ['specialist-other'],
    hide: DEPARTMENT_STAFF,
    body: SCHEMA,
    patientData: true,
  }),

  // Multidisciplinary meetings (R-SO-07): a meeting belongs to its department; other departments get 404.
  row('GET /api/mdo/meetings', { allow: CLINICAL_STAFF }),
  row('POST /api/mdo/meetings', { allow: CLINICAL_STAFF, body: { kind: 'json', value: {} } }),
  row('GET /api/mdo/meetings/:id', {
    path: '/api/mdo/meetings/{mdoMeeting}',
    allow: DEPARTMENT_STAFF,
    hide: ['specialist-other'],
    patientData: true,
  }),
  row('GET /api/mdo/meetings/:id', {
    path: '/api/mdo/meetings/{otherMdoMeeting}',
    allow: ['specialist-other'],
    hide: DEPARTMENT_STAFF,
    patientData: true,
  }),
  // The fixture referral has not been seen yet: its department gets past access and is refused for the state (409).
  row('POST /api/mdo/meetings/:id/cases', {
    path: '/api/mdo/meetings/{mdoMeeting}/cases',
    allow: DEPARTMENT_STAFF,
    hide: ['specialist-other'],
    body: { kind: 'json', value: { referralId: '{referral}' } },
    patientData: true,
  }),
  // Clinical genetics' own case is on the agenda already (409); internal medicine cannot reach that meeting.
  row('POST /api/mdo/meetings/:id/cases', {
    path: '/api/mdo/meetings/{otherMdoMeeting}/cases',
    allow: ['specialist-other'],
    hide: DEPARTMENT_STAFF,
    body: { kind: 'json', value: { referralId: '{otherMdoReferral}' } },
    patientData: true,
  }),
  // Nor can clinical genetics put internal medicine's referral on its own meeting: that referral is not found.
  row('POST /api/mdo/meetings/:id/cases', {
    path: '/api/mdo/meetings/{otherMdoMeeting}/cases',
    hide: CLINICAL_STAFF,
    body: { kind: 'json', value: { referralId: '{referral}' } },
    patientData: true,
  }),
  // The meeting is tomorrow: the department gets past access and is refused for the time (409).
  row('POST /api/mdo/meetings/:id/cases/:caseId/conclusion', {
    path: '/api/mdo/meetings/{mdoMeeting}/cases/{mdoCase}/conclusion',
    allow: DEPARTMENT_STAFF,
    hide: ['specialist-other'],
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/mdo/meetings/:id/cases/:caseId/conclusion', {
    path: '/api/mdo/meetings/{otherMdoMeeting}/cases/{otherMdoCase}/conclusion',
    allow: ['specialist-other'],
    hide: DEPARTMENT_STAFF,
    body: SCHEMA,
    patientData: true,
  }),
  // A case of another meeting (and department) under the own meeting's id is not found either.
  row('POST /api/mdo/meetings/:id/cases/:caseId/conclusion', {
    path: '/api/mdo/meetings/{mdoMeeting}/cases/{otherMdoCase}/conclusion',
    hide: CLINICAL_STAFF,
    body: SCHEMA,
    patientData: true,
  }),

  // The patient's own portal
  row('GET /api/patient-portal/overview', { allow: PATIENTS, patientData: true }),
  row('GET /api/patient-portal/access-log', { allow: PATIENTS, patientData: true }),

  // Telephone advice
  row('POST /api/telephone-advice', {
    allow: [...REFERRERS, ...CLINICAL_STAFF],
    body: { kind: 'json', value: {} },
  }),
  row('GET /api/telephone-advice', { allow: [...REFERRERS, ...CLINICAL_STAFF], patientData: true }),
  row('GET /api/telephone-advice/consent-form', { allow: [...REFERRERS, ...CLINICAL_STAFF] }),
  row('POST /api/telephone-advice/patient-file', {
    allow: CLINICAL_STAFF,
    body: { kind: 'json', value: { bsn: '999990019' } },
    patientData: true,
  }),
  // A record opens for its recorder and, once filed with the signed declaration, for staff of the department consulted
  // (R-CON-02, R-SEC-03); every other holder of the permission gets 404. Own: referrer-own, internal medicine; other:
  // referrer-other, clinical genetics.
  row('GET /api/telephone-advice/:id', {
    path: '/api/telephone-advice/{telephoneAdvice}',
    allow: ['referrer-own', ...DEPARTMENT_STAFF],
    hide: ['referrer-other', 'specialist-other'],
    patientData: true,
  }),
  row('GET /api/telephone-advice/:id', {
    path: '/api/telephone-advice/{otherTelephoneAdvice}',
    allow: ['referrer-other', 'specialist-other'],
    hide: ['referrer-own', ...DEPARTMENT_STAFF],
    patientData: true,
  }),
  // Without the declaration the advice stays apart from the file: only its recorder sees it.
  row('GET /api/telephone-advice/:id', {
    path: '/api/telephone-advice/{pendingTelephoneAdvice}',
    allow: ['referrer-own'],
    hide: ['referrer-other', ...CLINICAL_STAFF],
    patientData: true,
  }),
  // Only the recorder holds the declaration (here the same file again: the filed record is answered); the
  // department's staff see the record but may not add it (403).
  row('POST /api/telephone-advice/:id/consent', {
    path: '/api/telephone-advice/{telephoneAdvice}/consent',
    allow: ['referrer-own'],
    refuse: DEPARTMENT_STAFF,
    hide: ['referrer-other', 'specialist-other'],
    body: { kind: 'multipart-document' },
    patientData: true,
  }),
  row('POST /api/telephone-advice/:id/consent', {
    path: '/api/telephone-advice/{otherTelephoneAdvice}/consent',
    allow: ['referrer-other'],
    refuse: ['specialist-other'],
    hide: ['referrer-own', ...DEPARTMENT_STAFF],
    body: { kind: 'multipart-document' },
    patientData: true,
  }),
  row('GET /api/telephone-advice/:id/consent', {
    path: '/api/telephone-advice/{telephoneAdvice}/consent',
    allow: ['referrer-own', ...DEPARTMENT_STAFF],
    hide: ['referrer-other', 'specialist-other'],
    patientData: true,
  }),
  row('GET /api/telephone-advice/:id/consent', {
    path: '/api/telephone-advice/{otherTelephoneAdvice}/consent',
    allow: ['referrer-other', 'specialist-other'],
    hide: ['referrer-own', ...DEPARTMENT_STAFF],
    patientData: true,
  }),
  row('GET /api/telephone-advice/:id/consent-form', {
    path: '/api/telephone-advice/{telephoneAdvice}/consent-form',
    allow: ['referrer-own', ...DEPARTMENT_STAFF],
    hide: ['referrer-other', 'specialist-other'],
    patientData: true,
  }),
  row('GET /api/telephone-advice/:id/consent-form', {
    path: '/api/telephone-advice/{otherTelephoneAdvice}/consent-form',
    allow: ['referrer-other', 'specialist-other'],
    hide: ['referrer-own', ...DEPARTMENT_STAFF],
    patientData: true,
  }),

  // Incidents
  row('GET /api/incidents/reporter', {
    allow: [...REFERRERS, ...CLINICAL_STAFF, 'transmural-team', 'er-nurse'],
  }),
  row('POST /api/incidents', {
    allow: [...REFERRERS, ...CLINICAL_STAFF, 'transmural-team', 'er-nurse'],
    body: { kind: 'json', value: {} },
  }),
  row('GET /api/incidents', {
    allow: [...REFERRERS, ...CLINICAL_STAFF, 'transmural-team', 'er-nurse'],
    patientData: true,
  }),
  // The transmural team handles every report; a reporter sees their own (R-INC-01); anyone else gets 404.
  row('GET /api/incidents/:id', {
    path: '/api/incidents/{incident}',
    allow: ['referrer-own', 'transmural-team'],
    hide: INCIDENT_USERS.filter((p) => p !== 'referrer-own' && p !== 'transmural-team'),
    patientData: true,
  }),
  row('GET /api/incidents/:id', {
    path: '/api/incidents/{otherIncident}',
    allow: ['referrer-other', 'transmural-team'],
    hide: INCIDENT_USERS.filter((p) => p !== 'referrer-other' && p !== 'transmural-team'),
    patientData: true,
  }),
  // Triage is the team's step: the reporter holds no handling permission (403 before the incident is looked up).
  row('POST /api/incidents/:id/actions/:action', {
    path: '/api/incidents/{incident}/actions/start-triage',
    allow: ['transmural-team'],
    patientData: true,
  }),
  row('POST /api/incidents/:id/messages', {
    path: '/api/incidents/{incident}/messages',
    allow: ['referrer-own', 'transmural-team'],
    hide: INCIDENT_USERS.filter((p) => p !== 'referrer-own' && p !== 'transmural-team'),
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/incidents/:id/messages', {
    path: '/api/incidents/{otherIncident}/messages',
    allow: ['referrer-other', 'transmural-team'],
    hide: INCIDENT_USERS.filter((p) => p !== 'referrer-other' && p !== 'transmural-team'),
    body: SCHEMA,
    patientData: true,
  }),

  // Family doctors' registry
  row('GET /api/gp-registry/me', { allow: REFERRERS }),
  row('POST /api/gp-registry/registrations', { allow: REFERRERS, body: { kind: 'json', value: {} } }),
  row('GET /api/gp-registry/registrations', { allow: ['back-office', 'care-administration'] }),
  row('GET /api/gp-registry/doctors', { allow: ['back-office', 'care-administration'] }),
  // The registry's staff (back office, care administration) decide on every registration; the doctor who sent it
  // does not confirm or reject it (403, as for the other doctor). The first allowed confirmation confirms (the
  // smallest body holds every check), every later confirmation or rejection finds it decided (409). An id that
  // exists nowhere: 404.
  row('POST /api/gp-registry/registrations/:id/confirm', {
    path: '/api/gp-registry/registrations/{gpRegistration}/confirm',
    allow: ['back-office', 'care-administration'],
    body: SCHEMA,
  }),
  row('POST /api/gp-registry/registrations/:id/confirm', {
    path: '/api/gp-registry/registrations/{otherGpRegistration}/confirm',
    allow: ['back-office', 'care-administration'],
    body: SCHEMA,
  }),
  row('POST /api/gp-registry/registrations/:id/confirm', {
    path: '/api/gp-registry/registrations/{unknown}/confirm',
    hide: ['back-office', 'care-administration'],
    body: SCHEMA,
  }),
  row('POST /api/gp-registry/registrations/:id/reject', {
    path: '/api/gp-registry/registrations/{gpRegistration}/reject',
    allow: ['back-office', 'care-administration'],
    body: SCHEMA,
  }),
  row('POST /api/gp-registry/registrations/:id/reject', {
    path: '/api/gp-registry/registrations/{otherGpRegistration}/reject',
    allow: ['back-office', 'care-administration'],
    body: SCHEMA,
  }),

  // Acute elderly care screening (APOP)
  row('GET /api/apop/status', { allow: ['er-nurse'] }),
  row('POST /api/apop/patients/lookup', {
    allow: ['er-nurse'],
    body: { kind: 'json', value: { bsn: '999990019' } },
    patientData: true,
  }),
  row('POST /api/apop/screenings', { allow: ['er-nurse'], body: { kind: 'json', value: {} } }),
  row('GET /api/apop/screenings', { allow: ['er-nurse'], patientData: true }),
  // The ER's nurses see the ER's screenings and calls; a screening or call of another department is not found.
  row('GET /api/apop/screenings/:id', {
    path: '/api/apop/screenings/{apopScreening}',
    allow: ['er-nurse'],
    patientData: true,
  }),
  row('GET /api/apop/screenings/:id', {
    path: '/api/apop/screenings/{otherApopScreening}',
    hide: ['er-nurse'],
    patientData: true,
  }),
  // The disposition is recorded already (409).
  row('POST /api/apop/screenings/:id/disposition', {
    path: '/api/apop/screenings/{apopScreening}/disposition',
    allow: ['er-nurse'],
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/apop/screenings/:id/disposition', {
    path: '/api/apop/screenings/{otherApopScreening}/disposition',
    hide: ['er-nurse'],
    body: SCHEMA,
    patientData: true,
  }),
  row('GET /api/apop/screenings/:id/letter', {
    path: '/api/apop/screenings/{apopScreening}/letter',
    allow: ['er-nurse'],
    patientData: true,
  }),
  row('GET /api/apop/screenings/:id/letter', {
    path: '/api/apop/screenings/{otherApopScreening}/letter',
    hide: ['er-nurse'],
    patientData: true,
  }),
  row('GET /api/apop/follow-ups', { allow: ['er-nurse'], patientData: true }),
  row('POST /api/apop/follow-ups/:id/close', {
    path: '/api/apop/follow-ups/{apopFollowUp}/close',
    allow: ['er-nurse'],
    body: SCHEMA,
    patientData: true,
  }),
  row('POST /api/apop/follow-ups/:id/close', {
    path: '/api/apop/follow-ups/{otherApopFollowUp}/close',
    hide: ['er-nurse'],
    body: SCHEMA,
    patientData: true,
  }),

  // Sudden death: autopsy and DNA storage
  row('POST /api/sudden-death/requests', { allow: REFERRERS, body: { kind: 'json', value: {} } }),
  row('GET /api/sudden-death/requests', { allow: REFERRERS, patientData: true }),
  // A family doctor sees their own requests; the other doctor gets 404.
  row('GET /api/sudden-death/requests/:id', {
    path: '/api/sudden-death/requests/{suddenDeath}',
    allow: ['referrer-own'],
    hide: ['referrer-other'],
    patientData: true,
  }),
  row('GET /api/sudden-death/requests/:id', {
    path: '/api/sudden-death/requests/{otherSuddenDeath}',
    allow: ['referrer-other'],
    hide: ['referrer-own'],
    patientData: true,
  }),
  row('GET /api/sudden-death/requests/:id/form', {
    path: '/api/sudden-death/requests/{suddenDeath}/form',
    allow: ['referrer-own'],
    hide: ['referrer-other'],
    patientData: true,
  }),
  row('GET /api/sudden-death/requests/:id/form', {
    path: '/api/sudden-death/requests/{otherSuddenDeath}/form',
    allow: ['referrer-other'],
    hide: ['referrer-own'],
    patientData: true,
  }),
  // Only staff of clinical genetics and pathology handle cases: here `specialist-other`.
  row('GET /api/sudden-death/cases', {
    allow: ['specialist-other'],
    refuse: ['back-office', 'specialist-assigned'],
    patientData: true,
  }),
  // Every request is a case for every handler, whichever doctor sent it; staff of other departments who hold the
  // permission get 404 (the requesting doctors lack it: 403). For a handler, only an id that exists nowhere is 404.
  row('GET /api/sudden-death/cases/:id', {
    path: '/api/sudden-death/cases/{suddenDeath}',
    allow: ['specialist-other'],
    hide: ['back-office', 'specialist-assigned'],
    patientData: true,
  }),
  row('GET /api/sudden-death/cases/:id', {
    path: '/api/sudden-death/cases/{otherSuddenDeath}',
    allow: ['specialist-other'],
    hide: ['back-office', 'specialist-assigned'],
    patientData: true,
  }),
  row('GET /api/sudden-death/cases/:id', {
    path: '/api/sudden-death/cases/{unknown}',
    hide: ['back-office', 'specialist-assigned', 'specialist-other'],
    patientData: true,
  }),
  row('GET /api/sudden-death/cases/:id/form', {
    path: '/api/sudden-death/cases/{suddenDeath}/form',
    allow: ['specialist-other'],
    hide: ['back-office', 'specialist-assigned'],
    patientData: true,
  }),
  // A request just received cannot be examined: the handler reaches the state check (409).
  row('POST /api/sudden-death/cases/:id/steps/:action', {
    path: '/api/sudden-death/cases/{otherSuddenDeath}/steps/examine',
    allow: ['specialist-other'],
    hide: ['back-office', 'specialist-assigned'],
    body: { kind: 'json', value: {} },
    patientData: true,
  }),

  // FHIR R4 (same access rules as the JSON API)
  row('GET /fhir/R4/:type/:id', {
    path: '/fhir/R4/ServiceRequest/{referral}',
    allow: PARTIES,
    hide: STRANGERS,
    patientData: true,
  }),
  // A Subscription is its maker's: every other FHIR user gets 404.
  row('GET /fhir/R4/:type/:id', {
    path: '/fhir/R4/Subscription/{subscription}',
    allow: ['referrer-own'],
    hide: REFERRAL_USERS.filter((p) => p !== 'referrer-own'),
  }),
  row('GET /fhir/R4/:type', { path: '/fhir/R4/ServiceRequest', allow: REFERRAL_USERS, patientData: true }),
  row('POST /fhir/R4/:type/_search', {
    path: '/fhir/R4/ServiceRequest/_search',
    allow: REFERRAL_USERS,
    patientData: true,
  }),
  // Referrals come in through FHIR from referring systems only.
  row('POST /fhir/R4', {
    allow: REFERRERS,
    body: { kind: 'json', value: { resourceType: 'Bundle', type: 'transaction', entry: [] } },
  }),
  // A referring system updates its Task (supplement, cancel) with If-Match: without it, the parties get 428;
  // strangers 404. These FHIR writes check their input before the role (a patient or staff member gets 400, not 403).
  row('PUT /fhir/R4/Task/:id', {
    path: '/fhir/R4/Task/{referral}',
    allow: PARTIES,
    hide: STRANGERS,
    body: { kind: 'json', value: { resourceType: 'Task' } },
    patientData: true,
  }),
  row('POST /fhir/R4/DocumentReference', {
    allow: REFERRAL_USERS,
    body: { kind: 'json', value: { resourceType: 'DocumentReference' } },
  }),
  row('POST /fhir/R4/Subscription', {
    allow: REFERRAL_USERS,
    body: { kind: 'json', value: { resourceType: 'Subscription' } },
  }),
  row('DELETE /fhir/R4/Subscription/:id', {
    path: '/fhir/R4/Subscription/{subscription}',
    allow: ['referrer-own'],
    hide: REFERRAL_USERS.filter((p) => p !== 'referrer-own'),
  }),
  row('DELETE /fhir/R4/Subscription/:id', {
    path: '/fhir/R4/Subscription/{otherSubscription}',
    allow: ['referrer-other'],
    hide: REFERRAL_USERS.filter((p) => p !== 'referrer-other'),
  }),
  // QUERY carries its query in the body: without one it is refused as invalid.
  row('QUERY /fhir/R4/*', { path: '/fhir/R4/Unsupported/x/y', allow: REFERRAL_USERS }),
  ...['GET', 'TRACE', 'DELETE', 'OPTIONS', 'PATCH', 'PUT', 'POST'].map((m) =>
    row(`${m} /fhir/R4/*`, { path: '/fhir/R4/Unsupported/x/y', hide: REFERRAL_USERS }),
  ),
];
