import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, defaultReferralPolicy } from '@loket/domain';
import { holidayDates } from '@loket/domain/holidays';
import { minimalPdf, minimalPng, zip } from '../documents/fixtures.ts';
import { todayInAmsterdam } from '../settings/service.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { multipartBody, multipartContentType, type Part } from '../testing/multipart.ts';
import { testDicom } from './dicom-fixture.ts';

/**
 * Second opinions through the HTTP API (R-SO-01 … R-SO-10; seeds/002, 003, 004): the request with the treating
 * specialist and the patient's consent, the dossier checklist with language and DICOM checks, the review clock that
 * starts when the dossier is complete, and the review outcome with its letters.
 */
let t: TestApp;
let specialistReferrer: string;
let gp: string;
let backOffice: string;
let otherBackOffice: string;
let triage: string;
let specialist: string;

const today = todayInAmsterdam();
const year = Number(today.slice(0, 4));
const holidays = holidayDates([year - 1, year, year + 1], defaultReferralPolicy.holidays);

const post = (url: string, cookie: string, payload: object = {}, lang = 'en') =>
  t.app.inject({ method: 'POST', url, headers: { cookie, 'accept-language': lang }, payload });
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const upload = (id: string, cookie: string, parts: Part[], lang = 'en') =>
  t.app.inject({
    method: 'POST',
    url: `/api/referrals/${id}/documents`,
    headers: { cookie, 'content-type': multipartContentType, 'accept-language': lang },
    payload: multipartBody(parts),
  });
const doc = (kind: string, language: string, data: Buffer = minimalPdf(), filename = 'doc.pdf'): Part[] => [
  { name: 'kind', value: kind },
  { name: 'language', value: language },
  { name: 'file', filename, data },
];

const secondOpinion = (over: Record<string, unknown> = {}) => ({
  question: 'Is breast-conserving surgery an option instead of mastectomy?',
  treatingSpecialist: {
    name: 'Dr. E. Extern',
    organisation: 'Ziekenhuis Elders',
    email: 'extern@elders.test',
  },
  treatedAbroad: true,
  imagingDone: true,
  patientConsulted: false,
  ...over,
});
const draft = (over: Record<string, unknown> = {}, so: Record<string, unknown> = {}) => ({
  departmentId: 'oncology-center',
  kind: 'second-opinion',
  patient: {
    bsn: '999990019',
    givenName: 'Anna',
    familyName: 'Tweede',
    birthDate: '1966-03-04',
    email: 'anna.tweede@example.test',
  },
  letter: { reason: 'Second opinion on the proposed mastectomy' },
  secondOpinion: secondOpinion(so),
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  specialistReferrer = await t.signIn((await t.createUser(['referrer'], { agbCode: '03999001' })).email);
  gp = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999002' })).email);
  backOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['oncology-center'] })).email,
  );
  otherBackOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['internal-medicine'] })).email,
  );
  triage = await t.signIn(
    (await t.createUser(['triage-supervisor'], { departmentIds: ['oncology-center'] })).email,
  );
  specialist = await t.signIn(
    (await t.createUser(['specialist'], { departmentIds: ['oncology-center'] })).email,
  );
});
afterAll(() => t?.close());

async function submitted(so: Record<string, unknown> = {}, patient: Record<string, unknown> = {}) {
  const d = await post(
    '/api/referrals',
    specialistReferrer,
    draft(patient.bsn ? { patient: { ...draft().patient, ...patient } } : {}, {
      patientConsulted: true,
      ...so,
    }),
  );
  expect(d.statusCode).toBe(201);
  const id = d.json().id as string;
  const s = await post(`/api/referrals/${id}/submit`, specialistReferrer);
  expect(s.statusCode).toBe(200);
  return id;
}

describe('second opinions', () => {
  let id: string;

  it('R-SO-02: a doctor sends the request only after confirming the patient was consulted and consents', async () => {
    const d = await post('/api/referrals', specialistReferrer, draft());
    expect(d.statusCode).toBe(201);
    id = d.json().id;
    const refused = await post(`/api/referrals/${id}/submit`, specialistReferrer);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().missing.map((m: { key: string }) => m.key)).toEqual([
      'secondOpinion.patientConsulted',
    ]);
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/referrals/${id}/draft`,
      headers: { cookie: specialistReferrer },
      payload: { draft: draft({}, { patientConsulted: true }), version: d.json().version },
    });
    expect(saved.statusCode).toBe(200);
    const sent = await post(`/api/referrals/${id}/submit`, specialistReferrer);
    expect(sent.statusCode).toBe(200);
    // The dossier is not complete: it waits for the documents, review has not started (R-SO-03).
    expect(sent.json().state).toBe('received');
    const consent = await t.database.handle.db
      .selectFrom('consent_record')
      .selectAll()
      .where('referral_id', '=', id)
      .execute();
    expect(consent).toHaveLength(1);
    expect(consent[0]).toMatchObject({
      scope: 'records-for-second-opinion',
      method: 'confirmed-by-referrer',
    });
  });

  it('R-SO-01, R-SO-02: the treating specialist stays main practitioner; the route is the requester', async () => {
    const v = (await get(`/api/second-opinions/${id}`, backOffice)).json();
    expect(v.request).toMatchObject({
      route: 'treating-specialist',
      routeFlag: null,
      treatingSpecialist: { name: 'Dr. E. Extern', organisation: 'Ziekenhuis Elders' },
      consentRecorded: true,
    });
    const viaGp = await post(
      '/api/referrals',
      gp,
      draft({}, { patientConsulted: true, route: 'treating-specialist' }),
    );
    const flagged = (await get(`/api/second-opinions/${viaGp.json().id}`, gp)).json();
    expect(flagged.request.route).toBe('family-doctor');
    expect(flagged.request.routeFlag.en).toMatch(/usually does not have all the data/);
  });

  it('R-SO-04: the checklist names what is missing; MRSA when treated abroad, DICOM when imaging was done', async () => {
    const v = (await get(`/api/second-opinions/${id}`, specialistReferrer)).json();
    expect(v.checklist.map((i: { kind: string; present: boolean }) => [i.kind, i.present])).toEqual([
      ['correspondence', false],
      ['pathology-report', false],
      ['imaging-report', false],
      ['imaging', false],
      ['mrsa-screening', false],
    ]);
    expect(v.canUpload).toBe(true);
    expect(v.review).toBeNull();
  });

  it('R-SO-04: photos, a PDF or a ZIP of photos sent as images are refused: send the scans as DICOM', async () => {
    for (const [data, name] of [
      [minimalPng(), 'scan.png'],
      [minimalPdf(), 'scans.pdf'],
      [zip(), 'photos.zip'],
    ] as const) {
      const res = await upload(id, specialistReferrer, doc('imaging', '', data, name), 'nl');
      expect(res.statusCode).toBe(415);
      expect(res.json().code).toBe('second-opinion-not-dicom');
      expect(res.json().message).toMatch(/Losse foto.s, fotomappen.*DICOM/);
    }
    const docs = await t.database.handle.db
      .selectFrom('referral_document')
      .select('id')
      .where('referral_id', '=', id)
      .execute();
    expect(docs).toHaveLength(0);
  });

  it('R-SO-05: a document in another language than Dutch or English is refused, asking for a translation', async () => {
    const res = await upload(id, specialistReferrer, doc('pathology-report', 'de'));
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('second-opinion-language-refused');
    expect(res.json().message).toMatch(/translated into Dutch or English/);
    const none = await upload(id, specialistReferrer, doc('pathology-report', ''));
    expect(none.statusCode).toBe(400);
    expect(none.json().problems[0].path).toBe('language');
  });

  it('R-SO-04: the patient sees what is missing and can upload it; another patient does not learn the request exists', async () => {
    const patientId = (
      await t.database.handle.db
        .selectFrom('referral')
        .select('patient_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).patient_id!;
    const own = await t.createUser(['patient']);
    await t.database.handle.db
      .insertInto('patient_account')
      .values({ user_id: own.id, patient_id: patientId })
      .execute();
    const patient = await t.signIn(own.email);
    const v = (await get(`/api/second-opinions/${id}`, patient)).json();
    expect(v.canUpload).toBe(true);
    expect(v.checklist.filter((i: { present: boolean }) => !i.present)).toHaveLength(5);
    const stranger = await t.signIn((await t.createUser(['patient'])).email);
    expect((await get(`/api/second-opinions/${id}`, stranger)).statusCode).toBe(404);
    expect((await upload(id, stranger, doc('correspondence', 'nl'))).statusCode).toBe(404);
    // The patient's upload counts for the dossier like the doctor's.
    expect((await upload(id, patient, doc('correspondence', 'en'))).statusCode).toBe(201);
  });

  it('R-SO-03: asked for more, the patient adds documents and sends the answer on their second opinion; another patient cannot', async () => {
    const own = await submitted({}, { bsn: '999990032' });
    const patientId = (
      await t.database.handle.db
        .selectFrom('referral')
        .select('patient_id')
        .where('id', '=', own)
        .executeTakeFirstOrThrow()
    ).patient_id!;
    const account = await t.createUser(['patient']);
    await t.database.handle.db
      .insertInto('patient_account')
      .values({ user_id: account.id, patient_id: patientId })
      .execute();
    const patient = await t.signIn(account.email);
    const stranger = await t.signIn((await t.createUser(['patient'])).email);
    const asked = await post(`/api/referrals/${own}/actions/request-information`, backOffice, {
      missing: ['The pathology report of the biopsy'],
      message: 'Please send the report.',
    });
    expect(asked.statusCode).toBe(200);

    const view = (await get(`/api/referrals/${own}`, patient)).json();
    expect(view.state).toBe('awaiting-information');
    expect(view.availableActions).toContain('supplement');
    expect(view.missingRequested.missing).toEqual(['The pathology report of the biopsy']);
    expect((await get(`/api/second-opinions/${own}`, patient)).json().canUpload).toBe(true);
    expect((await upload(own, stranger, doc('pathology-report', 'en'))).statusCode).toBe(404);
    expect((await upload(own, patient, doc('pathology-report', 'en'))).statusCode).toBe(201);
    // The referral letter stays the doctor's: a patient answers with documents and a message.
    const withLetter = await post(`/api/referrals/${own}/actions/supplement`, patient, {
      letter: { reason: 'Changed by the patient' },
      message: 'Here it is.',
    });
    expect(withLetter.statusCode).toBe(403);
    expect(
      (await post(`/api/referrals/${own}/actions/supplement`, stranger, { message: 'x' })).statusCode,
    ).toBe(404);
    const sent = await post(`/api/referrals/${own}/actions/supplement`, patient, { message: 'Here it is.' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().state).toBe('received');
    const documents = (await get(`/api/referrals/${own}`, backOffice)).json().documents;
    expect(documents.map((d: { kind: string }) => d.kind)).toContain('pathology-report');
  });

  it('R-SO-03: review cannot start while the dossier is incomplete', async () => {
    expect((await upload(id, specialistReferrer, doc('correspondence', 'en'))).statusCode).toBe(201);
    const start = await post(`/api/referrals/${id}/actions/start-triage`, backOffice);
    expect(start.statusCode).toBe(400);
    expect(start.json().missing.map((m: { key: string }) => m.key)).toEqual([
      'document.pathology-report',
      'document.imaging-report',
      'document.imaging',
      'document.mrsa-screening',
    ]);
  });

  it('R-SO-04, R-SO-05: a DICOM upload shows its study; each document keeps its language', async () => {
    const res = await upload(
      id,
      specialistReferrer,
      doc(
        'imaging',
        '',
        testDicom({ modality: 'MR', studyDate: '20261002', studyDescription: 'MRI MAMMA' }),
        'mri.dcm',
      ),
    );
    expect(res.statusCode).toBe(201);
    const v = (await get(`/api/second-opinions/${id}`, specialistReferrer)).json();
    const images = v.documents.find((d: { kind: string }) => d.kind === 'imaging');
    expect(images.dicom).toMatchObject({
      studyDate: '2026-10-02',
      modality: 'MR',
      studyDescription: 'MRI MAMMA',
    });
    expect(v.documents.find((d: { kind: string }) => d.kind === 'correspondence').language).toBe('en');
  });

  it('R-SO-03: the upload that completes the dossier starts the review, due 5 working days later', async () => {
    for (const [kind, language] of [
      ['pathology-report', 'nl'],
      ['imaging-report', 'en'],
    ])
      expect((await upload(id, specialistReferrer, doc(kind!, language!))).statusCode).toBe(201);
    expect((await get(`/api/referrals/${id}`, specialistReferrer)).json().state).toBe('received');
    expect((await upload(id, specialistReferrer, doc('mrsa-screening', 'nl'))).statusCode).toBe(201);
    const due = addWorkingDays(today, 5, holidays);
    const r = (await get(`/api/referrals/${id}`, specialistReferrer)).json();
    expect(r.state).toBe('in-triage');
    expect(r.triage.due).toBe(due);
    expect(r.timeline.at(-1)).toMatchObject({
      type: 'second-opinion-review-started',
      data: { reviewDue: due, workingDays: 5 },
    });
    const v = (await get(`/api/second-opinions/${id}`, specialist)).json();
    expect(v.review.due).toBe(due);
    expect(v.canRecordOutcome).toBe(true);
    // On the department's worklist with its due date.
    const list = await get('/api/worklist?departmentId=oncology-center', backOffice);
    expect(list.json().items.find((i: { id: string }) => i.id === id)).toBeTruthy();
    // Staff of another department do not learn it exists.
    expect((await get(`/api/second-opinions/${id}`, otherBackOffice)).statusCode).toBe(404);
  });

  it('R-SO-03: the number of working days is a setting', async () => {
    const admin = await t.signIn((await t.createUser(['administrator'])).email);
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/second-opinion-policy',
      headers: { cookie: admin },
      payload: { reviewWorkingDays: 3 },
    });
    expect(set.statusCode).toBe(200);
    const other = await submitted({ treatedAbroad: false, imagingDone: false }, { bsn: '999990032' });
    expect((await upload(other, specialistReferrer, doc('correspondence', 'en'))).statusCode).toBe(201);
    expect((await upload(other, specialistReferrer, doc('pathology-report', 'en'))).statusCode).toBe(201);
    const v = (await get(`/api/second-opinions/${other}`, specialistReferrer)).json();
    expect(v.review.due).toBe(addWorkingDays(today, 3, holidays));
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/second-opinion-policy',
      headers: { cookie: admin },
      payload: { reviewWorkingDays: 5 },
    });
  });

  it('R-SO-06: an invitation for a video consult is recorded, and patient and requester get a letter', async () => {
    expect(
      (await post(`/api/second-opinions/${id}/outcome`, backOffice, { kind: 'invite', form: 'video' }))
        .statusCode,
    ).toBe(403);
    const res = await post(`/api/second-opinions/${id}/outcome`, triage, {
      kind: 'invite',
      form: 'video',
      examinations: ['MRI of the breast'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe('accepted');
    const letters = await t.database.handle.db
      .selectFrom('letter')
      .select(['type', 'recipient_role'])
      .where('referral_id', '=', id)
      .where('type', '=', 'second-opinion-outcome')
      .execute();
    expect(letters.map((l) => l.recipient_role).sort()).toEqual(['patient', 'referrer']);
    const mail = await t.database.handle.db
      .selectFrom('outbox_message')
      .select(['recipient', 'body'])
      .where('referral_id', '=', id)
      .execute();
    expect(mail.map((m) => m.recipient)).toContain('anna.tweede@example.test');
    expect(mail.every((m) => !m.body.includes('999990019'))).toBe(true);
    const again = await post(`/api/second-opinions/${id}/outcome`, triage, { kind: 'invite', form: 'video' });
    expect(again.statusCode).toBe(409);
  });

  it('R-SO-10: the advice cannot be closed before the patient was seen in a consult', async () => {
    const res = await post(`/api/referrals/${id}/actions/complete`, specialist, {
      summary: 'Advice: surgery',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'action-not-allowed', state: 'accepted' });
  });

  it('R-SO-06: no consult because we agree with the proposed treatment closes the case, with the reason', async () => {
    const other = await submitted({ treatedAbroad: false, imagingDone: false }, { bsn: '999990044' });
    await upload(other, specialistReferrer, doc('correspondence', 'en'));
    await upload(other, specialistReferrer, doc('pathology-report', 'en'));
    const vague = await post(`/api/second-opinions/${other}/outcome`, specialist, {
      kind: 'no-consult',
      reason: 'other',
    });
    expect(vague.statusCode).toBe(400);
    const res = await post(`/api/second-opinions/${other}/outcome`, specialist, {
      kind: 'no-consult',
      reason: 'agrees-with-treatment',
    });
    expect(res.json().state).toBe('rejected');
    const r = (await get(`/api/referrals/${other}`, specialistReferrer)).json();
    expect(r.decision.secondOpinion).toMatchObject({ kind: 'no-consult', reason: 'agrees-with-treatment' });
    expect(r.letters.filter((l: { type: string }) => l.type === 'second-opinion-outcome')).toHaveLength(2);
  });

  it('R-SO-08: a refusal needs a weighty reason with its reasoning written out', async () => {
    const other = await submitted({ treatedAbroad: false, imagingDone: false }, { bsn: '999990056' });
    await upload(other, specialistReferrer, doc('correspondence', 'en'));
    await upload(other, specialistReferrer, doc('pathology-report', 'en'));
    const short = await post(`/api/second-opinions/${other}/outcome`, triage, {
      kind: 'refusal',
      weightyReason: 'Threatening behaviour',
      reasoning: 'No.',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().problems[0].path).toBe('reasoning');
    const res = await post(`/api/second-opinions/${other}/outcome`, triage, {
      kind: 'refusal',
      weightyReason: 'Threatening behaviour towards staff',
      reasoning:
        'The patient threatened two nurses at an earlier visit; the board decided on a visiting ban.',
    });
    expect(res.json().state).toBe('rejected');
    const audit = await t.database.handle.db
      .selectFrom('audit_event')
      .select(['event_type', 'details'])
      .where('object_id', '=', other)
      .where('event_type', '=', 'second-opinion.outcome')
      .execute();
    expect(audit).toHaveLength(1);
  });
});
