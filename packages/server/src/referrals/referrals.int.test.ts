import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { exe, minimalPdf } from '../documents/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { multipartBody, multipartContentType } from '../testing/multipart.ts';

let t: TestApp;
let gp: string;
let otherGp: string;
let backOffice: string;
let triage: string;
let specialistCookie: string;
let specialistId: string;

const patient = {
  bsn: '999990019',
  givenName: 'Jan',
  familyName: 'Jansen',
  birthDate: '1950-03-01',
  street: 'Albinusdreef',
  houseNumber: '2',
  postcode: '2333za',
  city: 'Leiden',
  phone: '071 526 9111',
  email: 'jan.jansen@example.org',
};
const draft = (over: Record<string, unknown> = {}) => ({
  departmentId: 'internal-medicine',
  kind: 'new-referral',
  urgency: 'routine',
  patient,
  familyDoctor: { name: 'Dr. A. de Vries', agbCode: '01999001', email: 'huisarts@example.org' },
  letter: { reason: 'Anaemia of unknown cause; prior history: none', 'urgency-period': 'within 4 weeks' },
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  gp = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999001' })).email);
  otherGp = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999002' })).email);
  backOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['internal-medicine'] })).email,
  );
  triage = await t.signIn(
    (await t.createUser(['triage-supervisor'], { departmentIds: ['internal-medicine'] })).email,
  );
  const sp = await t.createUser(['specialist'], { departmentIds: ['internal-medicine'] });
  specialistId = sp.id;
  specialistCookie = await t.signIn(sp.email);
});
afterAll(() => t?.close());

const post = (url: string, cookie: string, payload?: object, key?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
    ...(payload === undefined ? {} : { payload }),
  });
const act = (id: string, action: string, cookie: string, payload: object = {}) =>
  post(`/api/referrals/${id}/actions/${action}`, cookie, payload);
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('the closed referral loop', () => {
  let id: string;

  it('R-REF-10: a draft made twice with the same Idempotency-Key is made once; another body under that key is refused', async () => {
    const first = await post('/api/referrals', gp, draft(), 'create-key-0001');
    expect(first.statusCode).toBe(201);
    id = first.json().id;
    expect(first.json()).toMatchObject({
      state: 'draft',
      reference: expect.stringMatching(/^VW-\d{4}-\d{6}$/),
    });
    const again = await post('/api/referrals', gp, draft(), 'create-key-0001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(id);
    const other = await post('/api/referrals', gp, draft({ urgency: 'urgent' }), 'create-key-0001');
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency-conflict');
    const count = await t.app.loket.db
      .selectFrom('referral')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('R-ID-01, R-ID-03: patient data is checked and normalised; a bad BSN is refused with the field named', async () => {
    const bad = await post('/api/referrals', gp, draft({ patient: { ...patient, bsn: '999990018' } }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems).toContainEqual({
      path: 'patient.bsn',
      message: expect.stringMatching(/11-test/),
    });
    const r = (await get(`/api/referrals/${id}`, gp)).json();
    expect(r.patient).toMatchObject({ postcode: '2333 ZA', phone: '+31715269111', bsn: '999990019' });
  });

  it('R-REF-03: the referrer sees what is missing before sending, and may send without the medication list', async () => {
    const r = (await get(`/api/referrals/${id}`, gp)).json();
    expect(r.evaluation.missing.map((m: { key: string }) => m.key)).toEqual(['letter.medication']);
    expect(r.availableActions).toContain('submit');
    const sent = await post(`/api/referrals/${id}/submit`, gp, undefined, 'submit-key-0001');
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ state: 'received', fhir: { status: 'received' } });
    expect(sent.json().triage.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent.json().triage.deadline).toMatchObject({ rule: 'triage', workingDays: 5 });
  });

  it('R-REF-10: submitting twice (a double click) leaves one received referral', async () => {
    const again = await post(`/api/referrals/${id}/submit`, gp, undefined, 'submit-key-0001');
    expect(again.statusCode).toBe(200);
    expect(again.json().state).toBe('received');
    const events = (await get(`/api/referrals/${id}`, gp))
      .json()
      .timeline.filter((e: { type: string }) => e.type === 'submitted');
    expect(events).toHaveLength(1);
  });

  it('R-SEC-03: another practice cannot see it (404, not 403); the back office of the department can', async () => {
    expect((await get(`/api/referrals/${id}`, otherGp)).statusCode).toBe(404);
    const bo = await get(`/api/referrals/${id}`, backOffice);
    expect(bo.statusCode).toBe(200);
    expect(bo.json().viewer).toBe('staff');
  });

  it('R-REF-03: triage cannot start on an incomplete referral; the back office asks for the missing item', async () => {
    const refused = await act(id, 'start-triage', backOffice);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'referral-incomplete',
      missing: [{ key: 'letter.medication' }],
    });
    const asked = await act(id, 'request-information', backOffice, {
      missing: ['Medications taken'],
      message: 'Please send the medication list.',
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({ state: 'awaiting-information', fhir: { status: 'on-hold' } });
  });

  it('R-REF-03: the referrer supplements and the referral resumes', async () => {
    const r = (await get(`/api/referrals/${id}`, gp)).json();
    expect(r.missingRequested).toMatchObject({ missing: ['Medications taken'] });
    expect(r.availableActions).toEqual(['supplement', 'cancel']);
    const s = await act(id, 'supplement', gp, {
      letter: { medication: 'metformin 500 mg' },
      message: 'List added.',
    });
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({
      state: 'received',
      letter: { medication: 'metformin 500 mg', reason: expect.any(String) },
    });
    expect(s.json().evaluation.missing).toEqual([]);
  });

  it('R-REF-04, R-WD-01: the supervisor accepts with urgency, specialist and a seen-within date in working days', async () => {
    expect((await act(id, 'start-triage', backOffice)).json().state).toBe('in-triage');
    expect(
      (await act(id, 'accept', backOffice, { urgency: 'routine', specialistIds: [specialistId] })).statusCode,
    ).toBe(403);
    const a = await act(id, 'accept', triage, { urgency: 'urgent', specialistIds: [specialistId] });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({
      state: 'accepted',
      urgency: 'urgent',
      assignedSpecialists: [{ id: specialistId }],
      seenWithin: { deadline: { rule: 'seen-within', workingDays: 5 } },
    });
  });

  it('R-REF-06: an appointment is made; R-REF-08: the referrer sees every step with who and when', async () => {
    const s = await act(id, 'schedule', backOffice, {
      start: '2026-12-01T10:30:00+01:00',
      location: 'Polikliniek Interne Geneeskunde, B2-P',
    });
    expect(s.json()).toMatchObject({
      state: 'scheduled',
      appointment: { start: '2026-12-01T10:30:00+01:00' },
    });
    const r = (await get(`/api/referrals/${id}`, gp)).json();
    expect(r.timeline.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'submitted',
      'information-requested',
      'supplemented',
      'triage-started',
      'accepted',
      'scheduled',
    ]);
    expect(r.timeline.every((e: { at: string; actorName: string }) => e.at && e.actorName)).toBe(true);
    expect(r.timeline.find((e: { type: string }) => e.type === 'information-requested').note).toMatch(
      /Medications taken/,
    );
  });

  it("R-REF-08: the patient's family doctor follows the referral; staff-only events stay hidden", async () => {
    const familyDoctor = await t.createUser(['referrer'], { agbCode: '01999001' });
    const cookie = await t.signIn(familyDoctor.email);
    // The family doctor here made the referral themself; a second doctor with the same AGB (a locum) sees it too.
    const r = await get(`/api/referrals/${id}`, cookie);
    expect(r.statusCode).toBe(200);
    expect(r.json().viewer).toBe('professional');
    expect(r.json().timeline.some((e: { type: string }) => e.type === 'claimed')).toBe(false);
  });

  it('R-REF-01: the consult is recorded and the referral completes with feedback', async () => {
    expect((await act(id, 'record-consult', specialistCookie, { note: 'Seen' })).json().state).toBe('seen');
    const done = await act(id, 'complete', specialistCookie, {
      summary: 'Iron deficiency; treated.',
      endOfTreatment: true,
    });
    expect(done.json()).toMatchObject({
      state: 'completed',
      fhir: { status: 'completed' },
      availableActions: [],
    });
    const late = await act(id, 'cancel', gp, { reason: 'too late' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'action-not-allowed', reason: 'closed' });
  });

  it('R-SEC-01: reading and changing the referral are audited with the patient', async () => {
    const rows = await t.app.loket.db
      .selectFrom('audit_event')
      .selectAll()
      .where('object_id', '=', id)
      .orderBy('seq')
      .execute();
    const types = rows.map((r) => r.event_type);
    expect(types).toEqual(
      expect.arrayContaining([
        'referral.create',
        'referral.submit',
        'referral.read',
        'referral.accept',
        'referral.complete',
      ]),
    );
    const patientId = (
      await t.app.loket.db
        .selectFrom('referral')
        .select('patient_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).patient_id;
    // From the submission on, when the patient is known, every record names them.
    const submit = rows.findIndex((r) => r.event_type === 'referral.submit');
    expect(patientId).toBeTruthy();
    expect(
      rows
        .slice(submit)
        .filter((r) => r.patient_id !== patientId)
        .map((r) => r.event_type),
    ).toEqual([]);
  });
});

describe('other steps', () => {
  async function received(cookie = gp, over: Record<string, unknown> = {}) {
    const d = await post(
      '/api/referrals',
      cookie,
      draft({ letter: { reason: 'x', 'urgency-period': 'soon', medication: 'none' }, ...over }),
    );
    const s = await post(`/api/referrals/${d.json().id}/submit`, cookie);
    expect(s.statusCode).toBe(200);
    return s.json();
  }

  it('R-REF-05: a rejection carries a coded reason, an explanation and a redirect, and the referrer sees them', async () => {
    const r = await received(gp, { patient: { ...patient, bsn: '999991772', familyName: 'Pietersen' } });
    await act(r.id, 'start-triage', triage);
    const rej = await act(r.id, 'reject', triage, {
      reasonCode: 'better-elsewhere',
      explanation: 'Please refer to a general hospital.',
      redirect: 'Alrijne Ziekenhuis',
    });
    expect(rej.json()).toMatchObject({
      state: 'rejected',
      decision: { reasonCode: 'better-elsewhere', redirect: 'Alrijne Ziekenhuis' },
    });
    const seen = (await get(`/api/referrals/${r.id}`, gp)).json();
    expect(seen.timeline.at(-1)).toMatchObject({
      type: 'rejected',
      note: 'Please refer to a general hospital.',
    });
    const bad = await act(r.id, 'reject', triage, { reasonCode: 'whatever', explanation: '' });
    expect(bad.statusCode).toBe(400);
  });

  it("R-REF-09: a forward keeps the history and moves the referral to the other department's queue", async () => {
    const r = await received(gp, { patient: { ...patient, bsn: '999992016', familyName: 'Bakker' } });
    const f = await act(r.id, 'forward', triage, { departmentId: 'nephrology', reason: 'Renal question' });
    expect(f.statusCode).toBe(200);
    expect(f.json()).toMatchObject({ state: 'received', departmentId: 'nephrology' });
    // Internal medicine no longer sees it; the referrer still does, with the whole history.
    expect((await get(`/api/referrals/${r.id}`, triage)).statusCode).toBe(404);
    const mine = (await get(`/api/referrals/${r.id}`, gp)).json();
    expect(mine.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'submitted', 'forwarded']);
    expect(mine.timeline.at(-1).data).toMatchObject({
      fromDepartment: 'internal-medicine',
      toDepartment: 'nephrology',
    });
  });

  it('R-REF-09: the referrer cancels with a reason at an open step', async () => {
    const r = await received(gp, { patient: { ...patient, bsn: '999992028', familyName: 'Visser' } });
    expect((await act(r.id, 'cancel', gp, {})).statusCode).toBe(400);
    const c = await act(r.id, 'cancel', gp, { reason: 'Patient recovered' });
    expect(c.json()).toMatchObject({
      state: 'cancelled',
      closedReason: 'Patient recovered',
      fhir: { status: 'cancelled' },
    });
  });

  it('R-REF-02: the back office registers a fax referral with the channel recorded; R-REF-10: it is flagged as a likely duplicate and merged', async () => {
    const digital = await received(gp, { patient: { ...patient, bsn: '999992041', familyName: 'Smit' } });
    const fax = await post(
      '/api/referrals/register',
      backOffice,
      {
        ...draft({ patient: { ...patient, bsn: '999992041', familyName: 'Smit' } }),
        familyDoctor: undefined,
        channel: 'fax',
        receivedOn: '2026-11-20',
        referrer: { name: 'Dr. A. de Vries', agbCode: '01999001' },
      },
      'register-key-0001',
    );
    expect(fax.statusCode).toBe(201);
    expect(fax.json()).toMatchObject({ state: 'received', channel: 'fax', duplicateOf: { id: digital.id } });
    expect(fax.json().timeline.map((e: { type: string }) => e.type)).toEqual([
      'duplicate-suspected',
      'registered',
    ]);
    const items = (await get('/api/worklist?departmentId=internal-medicine', backOffice)).json().items;
    expect(items.find((i: { id: string }) => i.id === fax.json().id)).toMatchObject({
      likelyDuplicate: true,
      channel: 'fax',
    });
    const merged = await act(fax.json().id, 'merge', backOffice, { intoId: digital.id });
    expect(merged.json()).toMatchObject({ state: 'cancelled', mergedInto: digital.id });
    // Only staff of the department register; a referrer may not.
    expect((await post('/api/referrals/register', gp, {})).statusCode).toBe(403);
  });

  it('R-REF-04: the worklist is ordered by due date and urgency and filters by state, kind and urgency', async () => {
    await received(gp, {
      urgency: 'urgent',
      patient: { ...patient, bsn: '999992053', familyName: 'Mulder' },
    });
    const all = (await get('/api/worklist?departmentId=internal-medicine', triage)).json();
    const dues = all.items.map((i: { due: string }) => i.due);
    expect([...dues].sort()).toEqual(dues);
    expect(
      all.items.every((i: { dueStatus: string }) => ['on-track', 'at-risk', 'overdue'].includes(i.dueStatus)),
    ).toBe(true);
    const urgent = (await get('/api/worklist?departmentId=internal-medicine&urgency=urgent', triage)).json()
      .items;
    expect(urgent.length).toBeGreaterThan(0);
    expect(urgent.every((i: { urgency: string }) => i.urgency === 'urgent')).toBe(true);
    expect((await get('/api/worklist?departmentId=neurology', triage)).statusCode).toBe(403);
    expect((await get('/api/worklist', gp)).statusCode).toBe(403);
  });

  it('R-REF-07: an urgent referral shows the phone route for a direct consultation', async () => {
    const r = await received(gp, {
      urgency: 'urgent',
      patient: { ...patient, bsn: '999992065', familyName: 'Bos' },
    });
    expect(r.urgentRoute).toMatchObject({ phone: expect.stringMatching(/^\+31/) });
  });

  it('R-ID-04: staff find referrals by BSN in the request body, and the BSN is not in the audit trail', async () => {
    const found = await post('/api/patients/search', backOffice, { bsn: '999990019' });
    expect(found.statusCode).toBe(200);
    expect(found.json().results.length).toBeGreaterThan(0);
    expect(found.json().results[0].patient.name).toBe('Jan Jansen');
    const byName = await post('/api/patients/search', backOffice, {
      familyName: 'jans',
      birthDate: '1950-03-01',
    });
    expect(byName.json().results.length).toBeGreaterThan(0);
    const none = await post('/api/patients/search', otherGp, { bsn: '999990019' });
    expect(none.statusCode).toBe(403);
    const audit = await t.app.loket.db
      .selectFrom('audit_event')
      .select('details')
      .where('event_type', '=', 'patient.search')
      .execute();
    expect(JSON.stringify(audit)).not.toContain('999990019');
  });

  it('R-CAT-05: a referral the department will not take is stopped before it is sent', async () => {
    const d = await post(
      '/api/referrals',
      gp,
      draft({ departmentId: 'pulmonology', carePathId: 'astma-copd' }),
    );
    const s = await post(`/api/referrals/${d.json().id}/submit`, gp);
    expect(s.statusCode).toBe(400);
    expect(s.json()).toMatchObject({
      code: 'referral-blocked',
      blockers: [{ kind: 'stop', stop: { redirect: { name: expect.anything() } } }],
    });
  });
});

describe('documents on a referral', () => {
  const upload = (
    id: string,
    cookie: string,
    data: Buffer,
    filename: string,
    kind = 'pathology-report',
    origin?: string,
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/referrals/${id}/documents`,
      headers: { cookie, 'content-type': multipartContentType },
      payload: multipartBody([
        { name: 'kind', value: kind },
        ...(origin ? [{ name: 'origin', value: origin }] : []),
        { name: 'file', filename, type: 'application/pdf', data },
      ]),
    });

  it('R-REF-03: a required document counts once uploaded; its type comes from the content and its SHA-256 is kept', async () => {
    const d = (
      await post(
        '/api/referrals',
        gp,
        draft({
          departmentId: 'medical-oncology',
          patient: { ...patient, bsn: '999992077', familyName: 'Dekker' },
        }),
      )
    ).json();
    expect(d.evaluation.missing.map((m: { key: string }) => m.key)).toContain('document.pathology-report');
    const pdf = minimalPdf();
    const r = await upload(d.id, gp, pdf, 'pathologie.pdf');
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      mediaType: 'application/pdf',
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    const after = (await get(`/api/referrals/${d.id}`, gp)).json();
    expect(after.evaluation.missing.map((m: { key: string }) => m.key)).not.toContain(
      'document.pathology-report',
    );
    expect(after.documents).toHaveLength(1);

    const download = await get(`/api/referrals/${d.id}/documents/${r.json().id}`, gp);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.rawPayload, pdf)).toBe(0);
    expect((await get(`/api/referrals/${d.id}/documents/${r.json().id}`, otherGp)).statusCode).toBe(404);
  });

  it('a program dressed as a PDF is refused with the reason, and nothing is attached', async () => {
    const d = (
      await post(
        '/api/referrals',
        gp,
        draft({ patient: { ...patient, bsn: '999992089', familyName: 'Meijer' } }),
      )
    ).json();
    const r = await upload(d.id, gp, exe(), 'scan.pdf');
    expect(r.statusCode).toBe(415);
    expect(r.json()).toMatchObject({ code: 'upload-refused', reason: 'type-not-allowed' });
    expect((await get(`/api/referrals/${d.id}`, gp)).json().documents).toEqual([]);
    expect((await upload(d.id, otherGp, minimalPdf(), 'x.pdf')).statusCode).toBe(404);
  });

  it('R-REF-02: the back office attaches the original scan of a paper referral', async () => {
    const reg = await post('/api/referrals/register', backOffice, {
      ...draft({ patient: { ...patient, bsn: '999992090', familyName: 'Vos' } }),
      familyDoctor: undefined,
      channel: 'post',
      referrer: { name: 'Dr. P. Post' },
    });
    expect(reg.statusCode).toBe(201);
    const r = await upload(
      reg.json().id,
      backOffice,
      minimalPdf(),
      'brief.pdf',
      'correspondence',
      'original',
    );
    expect(r.statusCode).toBe(201);
    const v = (await get(`/api/referrals/${reg.json().id}`, backOffice)).json();
    expect(v.documents[0]).toMatchObject({ origin: 'original', filename: 'brief.pdf' });
    expect(v.timeline.map((e: { type: string }) => e.type)).toContain('document-added');
  });
});

describe('the patient', () => {
  it('R-REF-08, R-SEC-03: a patient follows their own referral and sees what concerns them, not the professional detail', async () => {
    const d = await post(
      '/api/referrals',
      gp,
      draft({ patient: { ...patient, bsn: '999990147', familyName: 'Peeters' } }),
    );
    await post(`/api/referrals/${d.json().id}/submit`, gp);
    await act(d.json().id, 'request-information', backOffice, {
      missing: ['Medication'],
      message: 'internal wording',
    });
    const p = await t.createUser(['patient']);
    const patientId = (
      await t.app.loket.db
        .selectFrom('patient')
        .select('id')
        .where('bsn', '=', '999990147')
        .executeTakeFirstOrThrow()
    ).id;
    await t.app.loket.db
      .insertInto('patient_account')
      .values({ user_id: p.id, patient_id: patientId })
      .execute();
    const cookie = await t.signIn(p.email);
    const list = (await get('/api/referrals', cookie)).json().referrals;
    expect(list.map((r: { id: string }) => r.id)).toEqual([d.json().id]);
    const v = (await get(`/api/referrals/${d.json().id}`, cookie)).json();
    expect(v.viewer).toBe('patient');
    expect(v.timeline.map((e: { type: string }) => e.type)).toEqual(['submitted']);
    expect(v.letter).toEqual({});
    expect(v.documents).toEqual([]);
    expect(v.availableActions).toEqual(['cancel']);
    // Someone else's referral does not exist for this patient.
    const other = await post(
      '/api/referrals',
      gp,
      draft({ patient: { ...patient, bsn: '999990159', familyName: 'Anders' } }),
    );
    await post(`/api/referrals/${other.json().id}/submit`, gp);
    expect((await get(`/api/referrals/${other.json().id}`, cookie)).statusCode).toBe(404);
  });
});
