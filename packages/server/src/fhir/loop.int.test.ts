import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MedplumClient } from '@medplum/core';
import type {
  Appointment,
  Bundle,
  Communication,
  DocumentReference,
  Resource,
  Subscription,
  Task,
} from '@medplum/fhirtypes';
import { minimalPdf } from '../documents/fixtures.ts';
import { createTestApp, PUBLIC_URL, type TestApp } from '../testing/harness.ts';
import { r4Problems } from './r4-validator.testing.ts';
import { LETTER_ITEM_SYSTEM } from './task-update.ts';

/**
 * Issue 6, the whole loop from outside: a referring system (MedplumClient, a FHIR client Loket did not write)
 * subscribes, posts a referral with documents, follows its Task, answers a request for more information and
 * cancels; a real local HTTP receiver gets the rest-hook notifications through the outbox. Every resource Loket
 * returns is checked with validators Loket did not write.
 */
let t: TestApp;
let gp: string;
let gpId: string;
let otherGp: string;
let triage: string;
let backOffice: string;
let specialistId: string;

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
}
let receiver: Server;
let hookUrl: string;
const hits: Hit[] = [];
/** Answers 503 to the first N notifications, so the worker's retry is exercised. */
let failNext = 0;

const returned: Resource[] = [];
/** Keeps every resource Loket returned, to validate them all at the end. */
function keep<T extends Resource>(r: T): T {
  returned.push(r);
  if (r.resourceType === 'Bundle') for (const e of r.entry ?? []) if (e.resource) returned.push(e.resource);
  return r;
}

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

const act = (id: string, action: string, cookie: string, payload: object = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/referrals/${id}/actions/${action}`,
    headers: { cookie },
    payload,
  });

const fhirGet = (path: string, cookie: string) =>
  t.app.inject({
    method: 'GET',
    url: `/fhir/R4/${path}`,
    headers: { cookie, accept: 'application/fhir+json' },
  });

const pdf = minimalPdf();
const LAB = 'https://loket.nl/fhir/CodeSystem/document-kind';

function referralBundle(identifier: string): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: 'urn:uuid:5a0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f01',
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: 'http://fhir.nl/fhir/NamingSystem/bsn', value: '999990111' }],
          name: [{ family: 'Smit', given: ['Els'] }],
          birthDate: '1958-02-11',
          address: [{ line: ['Albinusdreef 2'], postalCode: '2333 ZA', city: 'Leiden', country: 'NL' }],
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
        fullUrl: 'urn:uuid:5a0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f02',
        resource: {
          resourceType: 'ServiceRequest',
          identifier: [{ system: 'urn:oid:2.16.840.1.113883.2.4.3.11.999.1', value: identifier }],
          status: 'active',
          intent: 'order',
          subject: { reference: 'urn:uuid:5a0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f01' },
          performer: [{ reference: 'HealthcareService/internal-medicine' }],
          reasonCode: [{ text: 'Iron deficiency anaemia' }],
          note: [{ text: 'urgency-period: within 4 weeks' }, { text: 'medication: none' }],
        },
        request: {
          method: 'POST',
          url: 'ServiceRequest',
          ifNoneExist: `identifier=urn:oid:2.16.840.1.113883.2.4.3.11.999.1|${identifier}`,
        },
      },
      {
        fullUrl: 'urn:uuid:5a0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f03',
        resource: {
          resourceType: 'DocumentReference',
          status: 'current',
          type: { coding: [{ system: LAB, code: 'lab-results' }] },
          content: [
            {
              attachment: {
                contentType: 'application/pdf',
                title: 'lab.pdf',
                url: 'urn:uuid:5a0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f04',
              },
            },
          ],
        },
        request: { method: 'POST', url: 'DocumentReference' },
      },
      {
        fullUrl: 'urn:uuid:5a0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f04',
        resource: { resourceType: 'Binary', contentType: 'application/pdf', data: pdf.toString('base64') },
        request: { method: 'POST', url: 'Binary' },
      },
      {
        fullUrl: 'urn:uuid:5a0c1d6e-1c1f-4a36-9d0a-0c4d1a6b2f05',
        resource: {
          resourceType: 'DocumentReference',
          status: 'current',
          type: { coding: [{ system: LAB, code: 'correspondence' }] },
          content: [
            {
              attachment: {
                contentType: 'text/plain',
                title: 'note.txt',
                data: Buffer.from('Earlier letter from the cardiologist.\n').toString('base64'),
              },
            },
          ],
        },
        request: { method: 'POST', url: 'DocumentReference' },
      },
    ],
  };
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/loket-hook`;

  t = await createTestApp();
  const gpUser = await t.createUser(['referrer'], { agbCode: '01999001' });
  gpId = gpUser.id;
  gp = await t.signIn(gpUser.email);
  otherGp = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999002' })).email);
  triage = await t.signIn(
    (await t.createUser(['triage-supervisor'], { departmentIds: ['internal-medicine'] })).email,
  );
  backOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['internal-medicine'] })).email,
  );
  specialistId = (await t.createUser(['specialist'], { departmentIds: ['internal-medicine'] })).id;
}, 180_000);

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

/** Delivers what the outbox holds, as the worker would, now and (for retries) a day later. */
async function deliver() {
  await t.app.loket.outbox.runOnce();
  await t.app.loket.outbox.runOnce(new Date(Date.now() + 86_400_000));
}

describe('FHIR: the referral loop driven from outside', () => {
  let taskId: string;

  it('FHIR: a referring system subscribes, posts a referral with documents (channel api), follows, supplements and cancels; every step notifies its rest-hook', async () => {
    const client = clientFor(gp);
    const sub = keep(
      await client.createResource<Subscription>({
        resourceType: 'Subscription',
        status: 'requested',
        reason: 'Follow my referrals to internal medicine',
        criteria: 'Task?owner=HealthcareService/internal-medicine',
        channel: {
          type: 'rest-hook',
          endpoint: hookUrl,
          payload: 'application/fhir+json',
          header: ['Authorization: Bearer his-secret'],
        },
      }),
    );
    expect(sub).toMatchObject({ status: 'active', channel: { type: 'rest-hook', endpoint: hookUrl } });
    expect(JSON.stringify(sub)).not.toContain('his-secret');
    // Another practice's subscription on everything is told nothing about this referral.
    await clientFor(otherGp).createResource<Subscription>({
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'everything',
      criteria: 'Task',
      channel: { type: 'rest-hook', endpoint: `${hookUrl}/other` },
    });

    // 1. Create: ServiceRequest + Patient + two DocumentReferences (one with a Binary entry, one inline).
    const created = keep(await client.executeBatch(referralBundle('his-loop-1')));
    const task = created.entry!.at(-1)!.resource as Task;
    taskId = task.id!;
    expect(task).toMatchObject({ status: 'received', businessStatus: { coding: [{ code: 'received' }] } });
    expect(created.entry!.map((e) => e.response!.status)).toEqual([
      '201 Created',
      '201 Created',
      '201 Created',
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    const docLocation = created.entry![2]!.response!.location!;
    expect(created.entry![3]!.response!.location).toBe(docLocation.replace('DocumentReference', 'Binary'));
    const row = await t.app.loket.db
      .selectFrom('referral')
      .select(['channel', 'state'])
      .where('id', '=', taskId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'api', state: 'received' });

    // The documents went through the store like uploads: the bytes come back unchanged, the type from content.
    const sr = keep(await client.readResource('ServiceRequest', taskId));
    expect(sr.supportingInfo).toHaveLength(2);
    const docs: DocumentReference[] = [];
    for (const ref of sr.supportingInfo!)
      docs.push(keep(await client.readReference(ref as never)) as DocumentReference);
    expect(docs.map((d) => d.content[0]!.attachment.contentType).sort()).toEqual([
      'application/pdf',
      'text/plain',
    ]);
    const pdfDoc = docs.find((d) => d.content[0]!.attachment.contentType === 'application/pdf')!;
    const bytes = await t.app.inject({
      method: 'GET',
      url: `/fhir/R4/Binary/${pdfDoc.id}`,
      headers: { cookie: gp, accept: 'application/pdf' },
    });
    expect(bytes.rawPayload.equals(pdf)).toBe(true);

    // A retried post makes no second referral and no second set of documents.
    const again = keep(await client.executeBatch(referralBundle('his-loop-1')));
    expect((again.entry!.at(-1)!.resource as Task).id).toBe(taskId);
    const docCount = await t.app.loket.db
      .selectFrom('referral_document')
      .select(({ fn }) => fn.countAll().as('n'))
      .where('referral_id', '=', taskId)
      .executeTakeFirstOrThrow();
    expect(Number(docCount.n)).toBe(2);

    // 2. Follow: the department asks for more information; the referrer sees the Task on hold with the question.
    expect((await act(taskId, 'start-triage', triage)).statusCode).toBe(200);
    const asked = await act(taskId, 'request-information', triage, {
      missing: ['examination-results'],
      message: 'Please send the latest ferritin.',
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const onHold = keep(await client.readResource('Task', taskId));
    expect(onHold).toMatchObject({
      status: 'on-hold',
      businessStatus: { coding: [{ code: 'awaiting-information' }] },
    });
    expect(onHold.statusReason?.text).toContain('Please send the latest ferritin.');
    const messages = keep(await client.search('Communication', { 'based-on': `ServiceRequest/${taskId}` }));
    expect(messages.entry!.map((e) => (e.resource as Communication).payload?.[0]?.contentString)).toEqual([
      expect.stringContaining('Please send the latest ferritin.'),
    ]);

    // 3. Supplement: a document for the answer, then the Task back to "received" with the answer in Task.input.
    const extra = keep(
      await client.createResource<DocumentReference>({
        resourceType: 'DocumentReference',
        status: 'current',
        type: { coding: [{ system: LAB, code: 'lab-results' }] },
        content: [
          {
            attachment: {
              contentType: 'text/plain',
              title: 'ferritin.txt',
              data: Buffer.from('Ferritin 8 ug/L\n').toString('base64'),
            },
          },
        ],
        context: { related: [{ reference: `ServiceRequest/${taskId}` }] },
      }),
    );
    expect(extra.id).toBeDefined();
    const answer: Task = {
      ...onHold,
      status: 'received',
      input: [
        {
          type: { coding: [{ system: LETTER_ITEM_SYSTEM, code: 'examination-results' }] },
          valueString: 'Ferritin 8 ug/L on 1 November',
        },
      ],
      note: [{ text: 'Ferritin attached.' }],
    };
    // A change on an old version is refused with 412 and changes nothing.
    const stale = await t.app.inject({
      method: 'PUT',
      url: `/fhir/R4/Task/${taskId}`,
      headers: {
        cookie: gp,
        'content-type': 'application/fhir+json',
        'if-match': `W/"${Number(onHold.meta!.versionId) - 1}"`,
      },
      payload: JSON.stringify(answer),
    });
    expect(stale.statusCode).toBe(412);
    expect(keep(stale.json())).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'conflict' }],
    });
    const supplemented = keep(
      await client.updateResource(answer, { headers: { 'If-Match': `W/"${onHold.meta!.versionId}"` } }),
    );
    expect(supplemented).toMatchObject({
      status: 'received',
      businessStatus: { coding: [{ code: 'received' }] },
    });
    const letter = await t.app.loket.db
      .selectFrom('referral')
      .select('letter')
      .where('id', '=', taskId)
      .executeTakeFirstOrThrow();
    expect(letter.letter).toMatchObject({ 'examination-results': 'Ferritin 8 ug/L on 1 November' });
    const thread = keep(await client.search('Communication', { 'based-on': `ServiceRequest/${taskId}` }));
    const [request, reply] = thread.entry!.map((e) => e.resource as Communication);
    expect(reply).toMatchObject({
      inResponseTo: [{ reference: `Communication/${request!.id}` }],
      payload: [{ contentString: 'Ferritin attached.' }],
    });

    // Loket's staff actions show as Task changes: triage accepts, the back office schedules.
    expect((await act(taskId, 'start-triage', triage)).statusCode).toBe(200);
    expect(
      (await act(taskId, 'accept', triage, { urgency: 'routine', specialistIds: [specialistId] })).statusCode,
    ).toBe(200);
    const start = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const scheduled = await act(taskId, 'schedule', backOffice, {
      start,
      location: 'Poli interne, route 410',
    });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    const appointment = keep(await client.readResource('Appointment', taskId)) as Appointment;
    expect(appointment).toMatchObject({
      status: 'booked',
      basedOn: [{ reference: `ServiceRequest/${taskId}` }],
    });
    expect(new Date(appointment.start!).getTime()).toBe(new Date(start).getTime());
    const mine = keep(await client.search('Appointment', { patient: sr.subject!.reference! }));
    expect(mine.entry!.map((e) => e.resource!.id)).toEqual([taskId]);

    // 4. Cancel: the patient got better.
    const current = keep(await client.readResource('Task', taskId));
    expect(current.status).toBe('in-progress');
    const cancelled = keep(
      await client.updateResource(
        { ...current, status: 'cancelled', statusReason: { text: 'Symptoms resolved' } },
        { headers: { 'If-Match': `W/"${current.meta!.versionId}"` } },
      ),
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', statusReason: { text: 'Symptoms resolved' } });
    const closed = await t.app.inject({
      method: 'PUT',
      url: `/fhir/R4/Task/${taskId}`,
      headers: {
        cookie: gp,
        'content-type': 'application/fhir+json',
        'if-match': `W/"${cancelled.meta!.versionId}"`,
      },
      payload: JSON.stringify({ ...cancelled, status: 'received' }),
    });
    expect(closed.statusCode).toBe(422);
    expect(keep(closed.json()).issue[0].code).toBe('business-rule');

    // The rest-hook: one notification per change, in order, with the header and the Task; a failure is retried.
    failNext = 1;
    await deliver();
    await deliver();
    const mineHits = hits.filter((h) => h.headers['authorization'] === 'Bearer his-secret');
    // A retried notification can arrive after a later one: the receiver orders them by the Task's versionId.
    const notified = mineHits
      .map((h) => JSON.parse(h.body) as Task)
      .sort((a, b) => Number(a.meta!.versionId) - Number(b.meta!.versionId));
    expect(new Set(notified.map((n) => n.meta!.versionId)).size).toBe(notified.length);
    const statuses = notified.map((n) => n.businessStatus!.coding![0]!.code);
    expect(statuses).toEqual([
      'received',
      'in-triage',
      'awaiting-information',
      'received',
      'in-triage',
      'accepted',
      'scheduled',
      'cancelled',
    ]);
    for (const h of mineHits) {
      expect(h.headers['content-type']).toMatch(/^application\/fhir\+json/);
      keep(JSON.parse(h.body) as Task);
    }
    expect(new Set(mineHits.map((h) => h.headers['x-loket-notification'])).size).toBe(mineHits.length);
    expect(hits.filter((h) => h.headers['authorization'] === undefined)).toEqual([]);
    const hooks = await t.app.loket.db
      .selectFrom('outbox_message')
      .select(['status', 'attempts'])
      .where('channel', '=', 'rest-hook')
      .execute();
    expect(hooks.every((h) => h.status === 'sent')).toBe(true);
    expect(hooks.some((h) => h.attempts === 2)).toBe(true);
  }, 120_000);

  it('R-SEC-03 FHIR: Appointment, Communication, Consent, QuestionnaireResponse and PractitionerRole follow the same access rules; reads are audited', async () => {
    const patientId = (
      await t.app.loket.db
        .selectFrom('referral')
        .select('patient_id')
        .where('id', '=', taskId)
        .executeTakeFirstOrThrow()
    ).patient_id!;
    const consentId = '0f7d1f9e-3a52-4d7b-9a0e-5c1f2b3a4d01';
    await t.app.loket.db
      .insertInto('consent_record')
      .values({
        id: consentId,
        patient_id: patientId,
        referral_id: taskId,
        scope: 'results-letter-to-family-doctor',
        method: 'confirmed-by-referrer',
        given_at: new Date(),
        given_by_user_id: gpId,
        given_by_name: 'Dr. A. de Vries',
        given_by_role: 'referrer',
        note: null,
        declaration_storage_key: null,
        declaration_filename: null,
        declaration_media_type: null,
        declaration_size: null,
        declaration_sha256: null,
        withdrawn_at: null,
        withdrawn_by_user_id: null,
        withdrawn_by_name: null,
        withdrawn_reason: null,
      })
      .execute();
    const screening = await t.app.loket.db
      .insertInto('apop_screening')
      .values({
        patient_id: patientId,
        department_id: 'internal-medicine',
        screened_at: new Date(),
        screened_by: null,
        screened_by_name: 'ED nurse',
        age: 72,
        answers: JSON.stringify({ sex: 'female', arrivedByAmbulance: true, regularHelp: false }),
        cognitive_impaired: false,
        cognitive_reasons: JSON.stringify([]),
        functional_status: 'computed',
        functional_probability: 0.42,
        model_id: null,
        outcome: 'high-risk-functional',
        risk: 'high',
        disposition: null,
        discharged_at: null,
        disposition_by: null,
        disposition_by_name: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const communication = (
      (await fhirGet(`Communication?based-on=ServiceRequest/${taskId}`, gp)).json() as Bundle
    ).entry![0]!.resource!.id!;

    const allowed: [string, string][] = [
      [`Appointment/${taskId}`, gp],
      [`Communication/${communication}`, gp],
      [`Consent/${consentId}`, gp],
      [`Consent/${consentId}`, triage],
      [`QuestionnaireResponse/${screening.id}`, triage],
      [`PractitionerRole/${gpId}`, gp],
      [`PractitionerRole/${gpId}`, triage],
      [`Subscription?status=active`, gp],
      [`QuestionnaireResponse?patient=Patient/${patientId}`, triage],
      [`Consent?patient=Patient/${patientId}`, gp],
    ];
    for (const [path, cookie] of allowed) {
      const res = await fhirGet(path, cookie);
      expect(res.statusCode, path).toBe(200);
      keep(res.json());
    }
    const hidden: [string, string][] = [
      [`Appointment/${taskId}`, otherGp],
      [`Communication/${communication}`, otherGp],
      [`Consent/${consentId}`, otherGp],
      [`QuestionnaireResponse/${screening.id}`, gp],
      [`QuestionnaireResponse/${screening.id}`, otherGp],
      [`PractitionerRole/${gpId}`, otherGp],
    ];
    for (const [path, cookie] of hidden) {
      const res = await fhirGet(path, cookie);
      expect(res.statusCode, path).toBe(404);
      expect(keep(res.json())).toMatchObject({ resourceType: 'OperationOutcome' });
    }
    const searched = (await fhirGet(`Appointment?patient=Patient/${patientId}`, otherGp)).json() as Bundle;
    expect(searched.entry ?? []).toEqual([]);
    // Another account's subscriptions are not visible.
    const others = (await fhirGet('Subscription', otherGp)).json() as Bundle<Subscription>;
    expect(others.entry!.map((e) => e.resource!.criteria)).toEqual(['Task']);

    const audited = await t.app.loket.db
      .selectFrom('audit_event')
      .select(['object_type', 'patient_id'])
      .where('event_type', '=', 'fhir.read')
      .where('object_type', 'in', ['Appointment', 'Communication', 'Consent', 'QuestionnaireResponse'])
      .execute();
    expect(new Set(audited.map((a) => a.object_type))).toEqual(
      new Set(['Appointment', 'Communication', 'Consent', 'QuestionnaireResponse']),
    );
    expect(audited.every((a) => a.patient_id === patientId)).toBe(true);
  });

  it('FHIR: refused input is an OperationOutcome: a document with JavaScript, a Subscription to a non-https endpoint on https, a Task change without If-Match', async () => {
    const post = (url: string, body: unknown, cookie = gp) =>
      t.app.inject({
        method: 'POST',
        url: `/fhir/R4${url}`,
        headers: { cookie, 'content-type': 'application/fhir+json' },
        payload: JSON.stringify(body),
      });
    const bundle = referralBundle('his-loop-js');
    const binary = bundle.entry![3]!.resource as { data: string };
    binary.data = Buffer.from(
      '%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n%%EOF\n',
    ).toString('base64');
    const refused = await post('', bundle);
    expect(refused.statusCode).toBe(415);
    expect(keep(refused.json())).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'security' }],
    });
    const made = await t.app.loket.db
      .selectFrom('idempotency_key')
      .select('key')
      .where('scope', '=', 'fhir.transaction')
      .execute();
    expect(made).toHaveLength(1);

    const ftp = await post('/Subscription', {
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'x',
      criteria: 'Task',
      channel: { type: 'rest-hook', endpoint: 'ftp://example.org/hook' },
    });
    expect(ftp.statusCode).toBe(400);
    const badCriteria = await post('/Subscription', {
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'x',
      criteria: 'Task?colour=red',
      channel: { type: 'rest-hook', endpoint: hookUrl },
    });
    expect(badCriteria.statusCode).toBe(400);
    expect(keep(badCriteria.json()).issue[0].diagnostics).toMatch(/colour/);

    const task = (await fhirGet(`Task/${taskId}`, gp)).json() as Task;
    const { meta: _meta, ...withoutMeta } = task;
    const noVersion = await t.app.inject({
      method: 'PUT',
      url: `/fhir/R4/Task/${taskId}`,
      headers: { cookie: gp, 'content-type': 'application/fhir+json' },
      payload: JSON.stringify({ ...withoutMeta, status: 'cancelled', statusReason: { text: 'x' } }),
    });
    expect(noVersion.statusCode).toBe(428);
    keep(noVersion.json());
    const notMine = await t.app.inject({
      method: 'PUT',
      url: `/fhir/R4/Task/${taskId}`,
      headers: {
        cookie: otherGp,
        'content-type': 'application/fhir+json',
        'if-match': `W/"${task.meta!.versionId}"`,
      },
      payload: JSON.stringify({ ...task, status: 'cancelled', statusReason: { text: 'x' } }),
    });
    expect(notMine.statusCode).toBe(404);
  });

  it('FHIR: every resource returned in this loop validates against R4 (@medplum/core validator and the R4 JSON Schema)', () => {
    const types = new Set(returned.map((r) => r.resourceType));
    for (const type of [
      'Bundle',
      'Task',
      'ServiceRequest',
      'DocumentReference',
      'Communication',
      'Appointment',
      'Consent',
      'QuestionnaireResponse',
      'PractitionerRole',
      'Subscription',
      'OperationOutcome',
    ])
      expect(types, type).toContain(type);
    // The validators are not a rubber stamp: an Appointment without participants, a Subscription with an unknown
    // status, and a Communication with an element R4 does not have fail them.
    for (const broken of [
      { resourceType: 'Appointment', status: 'booked' },
      {
        resourceType: 'Subscription',
        status: 'on',
        reason: 'x',
        criteria: 'Task',
        channel: { type: 'rest-hook' },
      },
      { resourceType: 'Communication', status: 'completed', colour: 'red' },
    ])
      expect(r4Problems(broken as unknown as Resource), broken.resourceType).not.toEqual([]);
    // Each distinct resource once: the same Task read twice needs no second check.
    const distinct = [...new Map(returned.map((r) => [JSON.stringify(r), r])).values()];
    expect(distinct.flatMap((r) => r4Problems(r))).toEqual([]);
  });
});
