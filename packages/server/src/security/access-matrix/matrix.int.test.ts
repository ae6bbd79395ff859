import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { DEMO_MODEL } from '../../demo/apop.ts';
import { minimalPdf } from '../../documents/fixtures.ts';
import { createTestApp, PUBLIC_URL, testEngine, type TestApp } from '../../testing/harness.ts';
import { multipartBody, multipartContentType } from '../../testing/multipart.ts';
import { insertReferral } from '../../takeover/fixtures.ts';
import { matrix, matrixDraft, placeholders, type Answer, type MatrixRow } from './matrix.ts';
import { FIXTURE_DEPARTMENT, OTHER_DEPARTMENT, principals, setups, type Principal } from './principals.ts';
import { routeKey, type routeCollector } from './routes.ts';
import { sample } from './sample.ts';

// Every route the app registers passes an onRoute hook added as soon as `buildApp` makes its Fastify instance.
const collected = vi.hoisted(() => ({ collector: null as null | ReturnType<typeof routeCollector> }));
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const { routeCollector } = await import('./routes.ts');
  collected.collector = routeCollector();
  const make = ((options: never) => {
    const app = mod.default(options);
    collected.collector!.attach(app as never);
    return app;
  }) as unknown as typeof mod.default;
  return { ...mod, default: Object.assign(make, mod.default) };
});

let t: TestApp;
const cookies = new Map<Principal, string>();
const userIds = new Map<Principal, string>();
const ids: Record<string, string> = {};
let openapi: {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: never }> } }>>;
};
const started = Date.now();
let cells = 0;

// No medication list: the referral may be sent, but triage cannot start (see the actions row).
const draft = (bsn: string, familyName: string, agbCode: string) => ({
  ...matrixDraft,
  patient: { ...matrixDraft.patient, bsn, familyName },
  familyDoctor: { ...matrixDraft.familyDoctor, agbCode },
});

function inject(
  who: Principal,
  method: string,
  url: string,
  body?: MatrixRow['body'],
  schemaOf?: () => unknown,
) {
  const headers: Record<string, string> = { origin: PUBLIC_URL };
  const cookie = cookies.get(who);
  if (cookie) headers.cookie = cookie;
  let payload: string | Buffer | undefined;
  if (body?.kind === 'json') payload = JSON.stringify(fill(body.value));
  if (body?.kind === 'schema') payload = JSON.stringify(schemaOf?.() ?? {});
  if (body?.kind === 'yaml') payload = body.value;
  if (body?.kind === 'multipart-document')
    payload = multipartBody([
      { name: 'kind', value: 'other' },
      { name: 'scope', value: 'records-for-second-opinion' },
      { name: 'file', filename: 'matrix.pdf', type: 'application/pdf', data: minimalPdf() },
    ]);
  if (body?.kind === 'json' || body?.kind === 'schema') headers['content-type'] = 'application/json';
  if (body?.kind === 'yaml') headers['content-type'] = 'text/yaml';
  if (body?.kind === 'multipart-document') headers['content-type'] = multipartContentType;
  return t.app.inject({ method: method as 'GET', url: fill(url), headers, ...(payload ? { payload } : {}) });
}

const placeholderPattern = new RegExp(`\\{(${placeholders.join('|')})\\}`, 'g');

/** Puts the fixture ids into a path or body. */
function fill<T>(value: T): T {
  const text = JSON.stringify(value).replace(placeholderPattern, (_, k: string) =>
    k === 'unknown' ? randomUUID() : ids[k]!,
  );
  return JSON.parse(text) as T;
}

/** Sends a fixture request and insists on its status: a fixture that cannot be made fails the whole run. */
async function must(status: number, who: Principal, method: string, url: string, value?: unknown) {
  const res = await inject(who, method, url, value === undefined ? undefined : { kind: 'json', value });
  expect(res.statusCode, `${who} ${method} ${url}: ${res.body.slice(0, 300)}`).toBe(status);
  return res;
}

/** Uploads the runner's PDF (as the multipart-document body of a row) and insists on the status. */
async function mustUpload(status: number, who: Principal, url: string) {
  const res = await inject(who, 'POST', url, { kind: 'multipart-document' });
  expect(res.statusCode, `${who} POST ${url}: ${res.body.slice(0, 300)}`).toBe(status);
  return res;
}

/**
 * The objects of the second-opinion, takeover, costs, incident, APOP and MDO rows, each with its counterpart (see
 * `Placeholder` in matrix.ts): own ones of patient-self's patient, referrer-own and the fixture department (or the
 * emergency room); other ones of patient-other's patient, referrer-other and another department. Made through the
 * API where it can make them; test BSNs only (those of the two fixture referrals).
 */
async function ownAndOtherObjects(ownPatient: string, otherPatient: string) {
  const db = t.app.loket.db;
  // Second opinions, sent: internal medicine for patient-self's patient, clinical genetics for patient-other's.
  const secondOpinion = async (
    who: Principal,
    bsn: string,
    familyName: string,
    agb: string,
    department: string,
  ) => {
    const made = await must(201, who, 'POST', '/api/referrals', {
      ...draft(bsn, familyName, agb),
      departmentId: department,
      kind: 'second-opinion',
      secondOpinion: {
        question: 'Is the proposed treatment the right one?',
        treatingSpecialist: {
          name: 'Dr. E. Extern',
          organisation: 'Ziekenhuis Elders',
          email: 'extern@elders.test',
        },
        treatedAbroad: false,
        imagingDone: false,
        patientConsulted: true,
      },
    });
    const id = made.json().id as string;
    await must(200, who, 'POST', `/api/referrals/${id}/submit`);
    return id;
  };
  ids.secondOpinion = await secondOpinion(
    'referrer-own',
    '999990019',
    'Jansen',
    '01999001',
    FIXTURE_DEPARTMENT,
  );
  ids.otherSecondOpinion = await secondOpinion(
    'referrer-other',
    '999990044',
    'Pietersen',
    '01999002',
    OTHER_DEPARTMENT,
  );
  const patientsOfSecondOpinions = await db
    .selectFrom('referral')
    .select(['id', 'patient_id'])
    .where('id', 'in', [ids.secondOpinion, ids.otherSecondOpinion])
    .execute();
  const soPatient = (id: string) => patientsOfSecondOpinions.find((r) => r.id === id)!.patient_id;
  expect(soPatient(ids.secondOpinion), "the second opinion is patient-self's").toBe(ownPatient);
  expect(soPatient(ids.otherSecondOpinion), "the other second opinion is patient-other's").toBe(otherPatient);

  // Costs: insurance recorded by the requesting doctor, "not covered" by the patient (an advance is asked).
  for (const [so, referrer, patient] of [
    [ids.secondOpinion, 'referrer-own', 'patient-self'],
    [ids.otherSecondOpinion, 'referrer-other', 'patient-other'],
  ] as const) {
    await must(200, referrer, 'PUT', `/api/costs/referrals/${so}/insurance`, {
      insurer: 'Zorgverzekeraar',
      policyNumber: '123',
      country: 'NL',
    });
    await must(200, patient, 'PUT', `/api/costs/referrals/${so}/coverage`, {
      outcome: 'not-covered',
      checkedOn: '2026-11-20',
    });
  }

  // Takeover of treatment, requested from each second opinion by its doctor.
  await must(201, 'referrer-own', 'POST', `/api/referrals/${ids.secondOpinion}/takeover`, {});
  await must(201, 'referrer-other', 'POST', `/api/referrals/${ids.otherSecondOpinion}/takeover`, {});
  const takeovers = await db
    .selectFrom('takeover')
    .select(['referral_id', 'second_opinion_referral_id'])
    .where('second_opinion_referral_id', 'in', [ids.secondOpinion, ids.otherSecondOpinion])
    .execute();
  const takeoverOf = (so: string) => takeovers.find((x) => x.second_opinion_referral_id === so)!.referral_id;
  ids.takeover = takeoverOf(ids.secondOpinion);
  ids.otherTakeover = takeoverOf(ids.otherSecondOpinion);

  // Incident reports about each fixture referral, by its referrer.
  const references = await db
    .selectFrom('referral')
    .select(['id', 'reference'])
    .where('id', 'in', [ids.referral!, ids.otherReferral!])
    .execute();
  const referenceOf = (id: string) => references.find((r) => r.id === id)!.reference;
  const incident = async (who: Principal, referral: string, birthName: string) =>
    (
      await must(201, who, 'POST', '/api/incidents', {
        reporter: {
          name: 'Dr. A. de Vries',
          organisation: 'Huisartsenpraktijk De Linde',
          phone: '071 526 9111',
          email: 'huisarts.incident@example.org',
        },
        occurredOn: '2026-11-02',
        description: 'The discharge letter arrived two weeks after discharge.',
        departmentId: FIXTURE_DEPARTMENT,
        careSetting: 'clinic',
        patient: { initials: 'M.', birthName, birthDate: '1950-03-01' },
        consequences: 'The medication was not adjusted for two weeks.',
        actionTaken: 'Called the ward.',
        referralReference: referenceOf(referral),
      })
    ).json().id as string;
  ids.incident = await incident('referrer-own', ids.referral!, 'Jansen');
  ids.otherIncident = await incident('referrer-other', ids.otherReferral!, 'Pietersen');

  // APOP: both patients (born 1950) screened at the ER as frail and sent home at high risk, which makes the
  // follow-up call and the letter. No route makes a screening outside the ER, so the other screening and its call
  // are then moved to another department, as a second screening site would have them.
  // The demo's coefficients (not a clinical model): a frail patient comes out at high risk.
  await must(200, 'administrator', 'PUT', '/api/apop/model', DEMO_MODEL);
  const screen = async (bsn: string, familyName: string) => {
    const made = await must(201, 'er-nurse', 'POST', '/api/apop/screenings', {
      patient: { bsn, familyName, birthDate: '1950-03-01' },
      answers: {
        sex: 'female',
        arrivedByAmbulance: true,
        regularHelp: true,
        bathingHelp: true,
        admittedPastSixMonths: true,
        knownDementia: false,
        yearQuestion: 'correct',
        monthsBackwards: 'correct',
      },
    });
    const id = made.json().id as string;
    await must(200, 'er-nurse', 'POST', `/api/apop/screenings/${id}/disposition`, {
      disposition: 'sent-home',
    });
    const call = await db
      .selectFrom('apop_follow_up')
      .select('id')
      .where('screening_id', '=', id)
      .executeTakeFirstOrThrow();
    return [id, call.id] as const;
  };
  [ids.apopScreening, ids.apopFollowUp] = await screen('999990019', 'Jansen');
  [ids.otherApopScreening, ids.otherApopFollowUp] = await screen('999990044', 'Pietersen');
  await db
    .updateTable('apop_screening')
    .set({ department_id: OTHER_DEPARTMENT })
    .where('id', '=', ids.otherApopScreening)
    .execute();
  await db
    .updateTable('apop_follow_up')
    .set({ department_id: OTHER_DEPARTMENT })
    .where('id', '=', ids.otherApopFollowUp)
    .execute();

  // MDO: a meeting tomorrow in each department, with a case its specialist has seen (written in that state, as
  // the MDO tests do: the fixture referral is not seen, and seeing it would change the other rows).
  const tomorrow = new Date(Date.now() + 24 * 3_600_000).toISOString();
  const mdo = async (
    specialist: Principal,
    referrer: Principal,
    department: string,
    patientId: string,
    bsn: string,
    familyName: string,
  ) => {
    const meeting = await must(201, specialist, 'POST', '/api/mdo/meetings', {
      departmentId: department,
      title: 'MDO matrix',
      startsAt: tomorrow,
    });
    const referrerId = userIds.get(referrer)!;
    const referral = await insertReferral(db, {
      kind: 'new-referral',
      state: 'seen',
      departmentId: department,
      patientId,
      patient: { bsn, givenName: 'Matrix', familyName },
      referrer: {
        id: referrerId,
        name: 'Dr. Matrix',
        email: `${referrer}@example.org`,
        kind: 'family-doctor',
      },
    });
    const meetingId = meeting.json().id as string;
    await must(201, specialist, 'POST', `/api/mdo/meetings/${meetingId}/cases`, { referralId: referral });
    const c = await db
      .selectFrom('mdo_case')
      .select('id')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    return [meetingId, c.id, referral] as const;
  };
  [ids.mdoMeeting, ids.mdoCase, ids.mdoReferral] = await mdo(
    'specialist-assigned',
    'referrer-own',
    FIXTURE_DEPARTMENT,
    ownPatient,
    '999990019',
    'Jansen',
  );
  [ids.otherMdoMeeting, ids.otherMdoCase, ids.otherMdoReferral] = await mdo(
    'specialist-other',
    'referrer-other',
    OTHER_DEPARTMENT,
    otherPatient,
    '999990044',
    'Pietersen',
  );
}

/**
 * The objects of the letter, consent, telephone-advice, sudden-death, family-doctor registry, account and FHIR
 * Subscription rows, each with its counterpart (see `Placeholder` in matrix.ts). Made through the API, except the
 * two letter referrals, written in state "accepted" (as the MDO referrals are) and then scheduled through the API,
 * which makes their letters.
 */
async function moreOwnAndOtherObjects(ownPatient: string, otherPatient: string) {
  const db = t.app.loket.db;

  // Letters: an accepted referral of each patient (own: by referrer-own, other: by referrer-other, both in
  // internal medicine, so that its staff see both), scheduled by the back office: an invitation to the patient and
  // an appointment confirmation to the family doctor.
  const scheduled = async (referrer: Principal, patientId: string, bsn: string, familyName: string) => {
    const referral = await insertReferral(db, {
      kind: 'new-referral',
      state: 'accepted',
      departmentId: FIXTURE_DEPARTMENT,
      patientId,
      patient: { bsn, givenName: 'Matrix', familyName },
      referrer: {
        id: userIds.get(referrer)!,
        name: 'Dr. Matrix',
        email: `${referrer}@example.org`,
        kind: 'family-doctor',
      },
    });
    await must(200, 'back-office', 'POST', `/api/referrals/${referral}/actions/schedule`, {
      start: '2026-12-01T10:30:00+01:00',
      location: 'Polikliniek B2-P',
    });
    const letters = await db
      .selectFrom('letter')
      .select(['id', 'recipient_role'])
      .where('referral_id', '=', referral)
      .execute();
    const of = (role: string) => letters.find((l) => l.recipient_role === role)!.id;
    expect(letters.map((l) => l.recipient_role).sort(), 'the letters of the schedule').toEqual([
      'family-doctor',
      'patient',
    ]);
    return [referral, of('patient'), of('family-doctor')] as const;
  };
  [ids.letterReferral, ids.letter, ids.doctorLetter] = await scheduled(
    'referrer-own',
    ownPatient,
    '999990019',
    'Jansen',
  );
  [ids.otherLetterReferral, ids.otherLetter] = await scheduled(
    'referrer-other',
    otherPatient,
    '999990044',
    'Pietersen',
  );

  // Consent: a signed form with its declaration, recorded by the back office on each fixture referral.
  const signedForm = async (referral: string, patientId: string) => {
    await mustUpload(201, 'back-office', `/api/referrals/${referral}/consent/signed-form`);
    const record = await db
      .selectFrom('consent_record')
      .select('id')
      .where('patient_id', '=', patientId)
      .where('declaration_storage_key', 'is not', null)
      .executeTakeFirstOrThrow();
    return record.id;
  };
  ids.consent = await signedForm(ids.referral!, ownPatient);
  ids.otherConsent = await signedForm(ids.otherReferral!, otherPatient);

  // Telephone advice: recorded by each referrer from the department it consulted (internal medicine, clinical
  // genetics), filed with the signed declaration; and one of referrer-own's still waiting for it.
  const advice = async (who: Principal, department: string, bsn: string, familyName: string) =>
    (
      await must(201, who, 'POST', '/api/telephone-advice', {
        patient: {
          bsn,
          givenName: 'Matrix',
          familyName,
          birthDate: '1950-03-01',
          street: 'Albinusdreef',
          houseNumber: '2',
          postcode: '2333 ZA',
          city: 'Leiden',
        },
        departmentId: department,
        consultedSpecialist: 'Dr. S. Specialist',
        consultedOn: '2026-11-20',
        advice: 'Start iron supplements; check the haemoglobin in six weeks.',
      })
    ).json().id as string;
  ids.telephoneAdvice = await advice('referrer-own', FIXTURE_DEPARTMENT, '999990019', 'Jansen');
  ids.otherTelephoneAdvice = await advice('referrer-other', OTHER_DEPARTMENT, '999990044', 'Pietersen');
  ids.pendingTelephoneAdvice = await advice('referrer-own', FIXTURE_DEPARTMENT, '999990019', 'Jansen');
  await mustUpload(200, 'referrer-own', `/api/telephone-advice/${ids.telephoneAdvice}/consent`);
  await mustUpload(200, 'referrer-other', `/api/telephone-advice/${ids.otherTelephoneAdvice}/consent`);
  const filed = await db
    .selectFrom('telephone_advice')
    .select(['id', 'state', 'patient_id'])
    .where('id', 'in', [ids.telephoneAdvice, ids.otherTelephoneAdvice, ids.pendingTelephoneAdvice])
    .execute();
  const adviceOf = (id: string) => filed.find((r) => r.id === id)!;
  expect(adviceOf(ids.telephoneAdvice)).toMatchObject({ state: 'in-file', patient_id: ownPatient });
  expect(adviceOf(ids.otherTelephoneAdvice)).toMatchObject({ state: 'in-file', patient_id: otherPatient });
  expect(adviceOf(ids.pendingTelephoneAdvice).state).toBe('awaiting-consent');

  // Sudden death: a DNA-storage request by each referrer (its form is made with it).
  const suddenDeath = async (who: Principal, agbCode: string, familyName: string) =>
    (
      await must(201, who, 'POST', '/api/sudden-death/requests', {
        kind: 'dna-storage',
        deceased: {
          givenName: 'Matrix',
          familyName,
          sex: 'female',
          birthDate: '1991-06-15',
          deathDate: '2026-11-03',
        },
        biopsies: { count: 3, onePerPot: true, labelled: true, roomTemperature: true },
        requester: { name: 'Dr. Matrix', agbCode, phone: '071 526 9111', email: `${who}@example.org` },
      })
    ).json().id as string;
  ids.suddenDeath = await suddenDeath('referrer-own', '01999001', 'Verbeek');
  ids.otherSuddenDeath = await suddenDeath('referrer-other', '01999002', 'Bakker');

  // Family-doctor registry: each referrer (a family doctor by AGB) registers a secure-mail address.
  const registration = async (who: Principal) =>
    (
      await must(201, who, 'POST', '/api/gp-registry/registrations', {
        kind: 'secure-mail',
        secureMail: `${who}@zorgmail.example`,
      })
    ).json().id as string;
  ids.gpRegistration = await registration('referrer-own');
  ids.otherGpRegistration = await registration('referrer-other');

  // An account for the administration rows, made by the administrator, so that no principal's roles change.
  ids.account = (
    await must(201, 'administrator', 'POST', '/api/admin/users', {
      email: 'matrix.account@example.org',
      name: 'Matrix Account',
      password: 'matrix-account-password-1',
      roles: ['privacy-officer'],
    })
  ).json().id as string;

  // FHIR: a Subscription of each referrer.
  const subscription = async (who: Principal) =>
    (
      await must(201, who, 'POST', '/fhir/R4/Subscription', {
        resourceType: 'Subscription',
        status: 'requested',
        reason: 'Access matrix',
        criteria: 'Task?owner=HealthcareService/internal-medicine',
        channel: { type: 'rest-hook', endpoint: `https://${who}.example.org/hook` },
      })
    ).json().id as string;
  ids.subscription = await subscription('referrer-own');
  ids.otherSubscription = await subscription('referrer-other');
}

async function auditCount(): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from audit_event`.execute(t.app.loket.db);
  return Number(r.rows[0]!.n);
}

function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v == null ? undefined : (v as Record<string, unknown>)[k]), value);
}

const isEmpty = (v: unknown) =>
  v == null ||
  (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v as object).length === 0);

function answerOf(status: number): Answer | number {
  if (status === 401 || status === 403 || status === 404) return status;
  if (status >= 500) return status;
  return 'allowed';
}

beforeAll(async () => {
  t = await createTestApp();
  for (const p of principals) {
    if (p === 'anonymous') continue;
    const s = setups[p];
    const user = await t.createUser(s.roles, {
      ...(s.agbCode ? { agbCode: s.agbCode } : {}),
      ...(s.departmentIds ? { departmentIds: s.departmentIds } : {}),
    });
    userIds.set(p, user.id);
    cookies.set(p, await t.signIn(user.email));
  }
  const make = async (who: Principal, bsn: string, name: string, agb: string) => {
    const created = await inject(who, 'POST', '/api/referrals', {
      kind: 'json',
      value: draft(bsn, name, agb),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const upload = await inject(who, 'POST', `/api/referrals/${id}/documents`, {
      kind: 'multipart-document',
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const sent = await inject(who, 'POST', `/api/referrals/${id}/submit`);
    expect(sent.statusCode, sent.body).toBe(200);
    return {
      id,
      document: upload.json().id as string,
      patientId: sent.json().patient?.id as string | undefined,
    };
  };
  const own = await make('referrer-own', '999990019', 'Jansen', '01999001');
  const other = await make('referrer-other', '999990044', 'Pietersen', '01999002');
  ids.referral = own.id;
  ids.otherReferral = other.id;
  ids.document = own.document;
  const rows = await t.app.loket.db
    .selectFrom('referral')
    .select(['id', 'patient_id'])
    .where('id', 'in', [own.id, other.id])
    .execute();
  const patientOf = (id: string) => rows.find((r) => r.id === id)!.patient_id!;
  const userOf = (p: Principal) => userIds.get(p)!;
  await t.app.loket.db
    .insertInto('patient_account')
    .values([
      { user_id: userOf('patient-self'), patient_id: patientOf(own.id) },
      { user_id: userOf('patient-other'), patient_id: patientOf(other.id) },
    ])
    .execute();
  await ownAndOtherObjects(patientOf(own.id), patientOf(other.id));
  await moreOwnAndOtherObjects(patientOf(own.id), patientOf(other.id));
  openapi = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
}, 240_000);

afterAll(async () => {
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `access matrix on ${testEngine}: ${new Set(matrix.map((r) => r.route)).size} routes, ${matrix.length} rows × ${principals.length} principals = ${cells} cells in ${seconds.toFixed(1)} s`,
  );
  await t?.close();
});

describe('access matrix (R-SEC-03)', () => {
  it('R-SEC-03: every route the app serves has a row, and every row a route', () => {
    const served = new Set(collected.collector!.routes.map(routeKey));
    const rows = new Set(matrix.map((r) => r.route));
    expect(
      [...served].filter((r) => !rows.has(r)),
      'routes without a matrix row',
    ).toEqual([]);
    expect(
      [...rows].filter((r) => !served.has(r)),
      'matrix rows without a route',
    ).toEqual([]);
    // A route may have more than one row (own and other objects), but never the same request twice.
    const requests = matrix.map((r) => `${r.route} ${r.path} ${JSON.stringify(r.body ?? null)}`);
    expect(
      requests.filter((r, i) => requests.indexOf(r) !== i),
      'rows sending the same request',
    ).toEqual([]);
  });

  for (const row of matrix) {
    it(`R-SEC-03, R-SEC-01: ${row.route}`, async () => {
      const [method, url] = [row.route.slice(0, row.route.indexOf(' ')), row.path];
      const openapiPath = row.route.slice(row.route.indexOf(' ') + 1).replace(/:(\w+)/g, '{$1}');
      const schemaOf = () => {
        const op = openapi.paths[openapiPath]?.[method.toLowerCase()];
        return fill(sample(op?.requestBody?.content['application/json']?.schema));
      };
      const wrong: string[] = [];
      // Refusals first, so that allowed writes (which may change the fixture) come last.
      const order = [...principals].sort(
        (a, b) => Number(row.expect[a] === 'allowed') - Number(row.expect[b] === 'allowed'),
      );
      for (const who of order) {
        const expected = row.expect[who];
        const before = await auditCount();
        const res = await inject(who, method, url, row.body, schemaOf);
        cells++;
        const got = answerOf(res.statusCode);
        if (got !== expected && !row.alsoAllowed?.includes(res.statusCode)) {
          wrong.push(`${who}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
          continue;
        }
        const records = (await auditCount()) - before;
        // Public routes refuse nobody; a 404 there says only that a file does not exist.
        const publicRow = row.expect.anonymous === 'allowed' || row.route === 'GET /assets/*';
        const refused = !publicRow && (got === 401 || got === 403 || got === 404);
        if (refused && records < 1) wrong.push(`${who}: refused (${res.statusCode}) without an audit record`);
        if (expected === 'allowed' && row.patientData && res.statusCode < 300 && records < 1)
          wrong.push(`${who}: patient data answered (${res.statusCode}) without an audit record`);
        const rule = row.fields?.[who];
        if (rule && expected === 'allowed') {
          const body = res.json() as unknown;
          for (const [k, v] of Object.entries(rule.equals ?? {}))
            if (JSON.stringify(at(body, k)) !== JSON.stringify(v))
              wrong.push(`${who}: ${k} is ${JSON.stringify(at(body, k))}, not ${JSON.stringify(v)}`);
          for (const k of rule.empty ?? [])
            if (!isEmpty(at(body, k))) wrong.push(`${who}: ${k} must be empty`);
          for (const k of rule.present ?? [])
            if (at(body, k) === undefined) wrong.push(`${who}: ${k} is missing`);
        }
      }
      expect(wrong, `${row.route} (${row.path})`).toEqual([]);
    });
  }
});
