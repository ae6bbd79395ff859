import { randomUUID } from 'node:crypto';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let nurse: string;
let outsider: string;
let admin: string;
let gp: string;

/** Made-up coefficients for the test only; they are not a clinical model. */
const testModel = {
  intercept: -6,
  coefficients: {
    agePerYear: 0.05,
    male: 0.2,
    arrivedByAmbulance: 0.6,
    regularHelp: 0.8,
    bathingHelp: 0.7,
    admittedPastSixMonths: 0.5,
    impairedCognition: 0.9,
  },
  validatedBy: 'Integration test (not validated)',
  source: 'Test coefficients, not a clinical model',
};

const calm = {
  sex: 'female',
  arrivedByAmbulance: false,
  regularHelp: false,
  bathingHelp: false,
  admittedPastSixMonths: false,
  knownDementia: false,
  yearQuestion: 'correct',
  monthsBackwards: 'correct',
};
const frail = { ...calm, arrivedByAmbulance: true, regularHelp: true, bathingHelp: true };

/** A date of birth that makes the patient `years` old today (birthday a month ago). */
function bornYearsAgo(years: number): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - 1);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
}

const post = (url: string, cookie: string, payload: object, key?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
    payload,
  });
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

async function pdfText(body: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(body));
  return (await extractText(doc, { mergePages: true })).text.replace(/\s+/g, ' ');
}

beforeAll(async () => {
  t = await createTestApp();
  nurse = await t.signIn((await t.createUser(['er-nurse'], { departmentIds: ['emergency-room'] })).email);
  outsider = await t.signIn((await t.createUser(['er-nurse'], { departmentIds: ['neurology'] })).email);
  admin = await t.signIn((await t.createUser(['administrator'])).email);
  gp = await t.signIn((await t.createUser(['referrer'])).email);
  await t.app.loket.db
    .insertInto('patient')
    .values([
      {
        id: randomUUID(),
        bsn: '999990044',
        given_name: 'Henk',
        family_name: 'de Graaf',
        birth_date: bornYearsAgo(78),
        phone: '+31612345603',
        family_doctor_name: 'Dr. A. de Vries',
      },
      {
        id: randomUUID(),
        bsn: '999990056',
        given_name: 'Piet',
        family_name: 'Jong',
        birth_date: bornYearsAgo(64),
      },
    ])
    .execute();
});
afterAll(() => t?.close());

describe('APOP screening at ER triage', () => {
  let unknownRiskId: string;
  let highId: string;
  let lowId: string;

  it('R-APOP-01: a patient known by BSN is found through a POST body, with age prefilled; under 70 does not apply', async () => {
    const found = await post('/api/apop/patients/lookup', nurse, { bsn: '999990044' });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({
      found: true,
      age: 78,
      applies: true,
      patient: { familyName: 'de Graaf', phone: '+31612345603' },
      prefill: {},
    });
    const young = await post('/api/apop/patients/lookup', nurse, { bsn: '999990056' });
    expect(young.json()).toMatchObject({ found: true, age: 64, applies: false });
    const nobody = await post('/api/apop/patients/lookup', nurse, { bsn: '999990068' });
    expect(nobody.json()).toEqual({ found: false });
    const bad = await post('/api/apop/patients/lookup', nurse, { bsn: '999990018' });
    expect(bad.statusCode).toBe(400);
    const refused = await post('/api/apop/screenings', nurse, {
      patient: { bsn: '999990056', familyName: 'Jong', birthDate: bornYearsAgo(64) },
      answers: calm,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'apop-not-applicable', age: 64 });
  });

  it('R-APOP-01: every question must be answered', async () => {
    const r = await post('/api/apop/screenings', nurse, {
      patient: { bsn: '999990044', familyName: 'de Graaf', birthDate: bornYearsAgo(78) },
      answers: { ...calm, yearQuestion: undefined },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().problems.map((p: { path: string }) => p.path)).toContain('answers.yearQuestion');
  });

  it('R-APOP-03: without a configured model the functional domain is "not configured" and the risk unknown', async () => {
    expect((await get('/api/apop/status', nurse)).json()).toEqual({ model: null });
    const r = await post('/api/apop/screenings', nurse, {
      patient: { bsn: '999990044', familyName: 'de Graaf', birthDate: bornYearsAgo(78) },
      answers: frail,
    });
    expect(r.statusCode).toBe(201);
    unknownRiskId = r.json().id;
    expect(r.json()).toMatchObject({
      age: 78,
      outcome: 'undetermined',
      risk: 'unknown',
      result: { functional: { status: 'not-configured' }, cognitive: { impaired: false }, model: null },
      patient: { name: 'Henk de Graaf' },
    });
  });

  it('R-APOP-03: only an administrator enters the model, with who validated it; each save is a version', async () => {
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: '/api/apop/model',
          headers: { cookie: nurse },
          payload: testModel,
        })
      ).statusCode,
    ).toBe(403);
    const unsigned = await t.app.inject({
      method: 'PUT',
      url: '/api/apop/model',
      headers: { cookie: admin },
      payload: { ...testModel, validatedBy: '' },
    });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().problems[0].path).toBe('validatedBy');
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/apop/model',
      headers: { cookie: admin },
      payload: testModel,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 1, validatedBy: testModel.validatedBy });
    const status = (await get('/api/apop/status', nurse)).json();
    expect(status.model).toMatchObject({ version: 1, source: testModel.source });
  });

  it('R-APOP-02, R-APOP-03: the result comes from both domains of the model in force', async () => {
    const high = await post(
      '/api/apop/screenings',
      nurse,
      {
        patient: {
          bsn: '999990044',
          familyName: 'de Graaf',
          birthDate: bornYearsAgo(78),
          familyDoctorEmail: 'huisarts@example.org',
        },
        answers: frail,
      },
      'apop-screen-key-1',
    );
    expect(high.statusCode).toBe(201);
    highId = high.json().id;
    expect(high.json()).toMatchObject({
      outcome: 'high-risk-functional',
      risk: 'high',
      result: { functional: { status: 'computed', high: true }, model: { version: 1 } },
    });
    expect(high.json().result.functional.probability).toBeCloseTo(0.5, 6);

    const dementia = await post('/api/apop/screenings', nurse, {
      patient: {
        noBsnReason: 'Brought in without papers',
        familyName: 'Onbekend',
        birthDate: bornYearsAgo(85),
      },
      answers: { ...calm, monthsBackwards: 'wrong' },
    });
    expect(dementia.json()).toMatchObject({
      outcome: 'impaired-cognition',
      risk: 'high',
      result: { cognitive: { impaired: true, reasons: ['memory-question-wrong'] } },
    });
    const low = await post('/api/apop/screenings', nurse, {
      patient: { noBsnReason: 'Tourist', familyName: 'Smith', givenName: 'Ann', birthDate: bornYearsAgo(72) },
      answers: calm,
    });
    expect(low.json()).toMatchObject({ outcome: 'low-risk', risk: 'low' });
    lowId = low.json().id;
  });

  it('R-APOP-01: a double click makes one screening; an earlier screening prefills the sex', async () => {
    const again = await post(
      '/api/apop/screenings',
      nurse,
      {
        patient: {
          bsn: '999990044',
          familyName: 'de Graaf',
          birthDate: bornYearsAgo(78),
          familyDoctorEmail: 'huisarts@example.org',
        },
        answers: frail,
      },
      'apop-screen-key-1',
    );
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(highId);
    const found = await post('/api/apop/patients/lookup', nurse, { bsn: '999990044' });
    expect(found.json().prefill).toEqual({ sex: 'female' });
  });

  it('R-APOP-04: a high-risk patient sent home gets a call task due 24 hours after discharge', async () => {
    const dischargedAt = new Date(Date.now() - 30 * 3_600_000).toISOString();
    // Discharge before the screening cannot be.
    const early = await post(`/api/apop/screenings/${highId}/disposition`, nurse, {
      disposition: 'sent-home',
      dischargedAt: new Date(Date.now() - 40 * 86_400_000).toISOString(),
    });
    expect(early.statusCode).toBe(400);
    await t.app.loket.db
      .updateTable('apop_screening')
      .set({ screened_at: new Date(Date.now() - 31 * 3_600_000) })
      .where('id', '=', highId)
      .execute();
    const r = await post(
      `/api/apop/screenings/${highId}/disposition`,
      nurse,
      { disposition: 'sent-home', dischargedAt },
      'apop-disp-key-1',
    );
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ disposition: 'sent-home', followUp: { status: 'overdue' } });
    expect(new Date(r.json().followUp.dueAt).getTime()).toBe(
      new Date(dischargedAt).getTime() + 24 * 3_600_000,
    );
    const replay = await post(
      `/api/apop/screenings/${highId}/disposition`,
      nurse,
      { disposition: 'sent-home', dischargedAt },
      'apop-disp-key-1',
    );
    expect(replay.statusCode).toBe(200);
    const twice = await post(`/api/apop/screenings/${highId}/disposition`, nurse, {
      disposition: 'admitted',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('apop-step-not-allowed');

    // The unknown-risk patient sent home now: no call is created, since the risk is not known to be high.
    const unknown = await post(`/api/apop/screenings/${unknownRiskId}/disposition`, nurse, {
      disposition: 'sent-home',
    });
    expect(unknown.json().followUp).toBeNull();
    const low = await post(`/api/apop/screenings/${lowId}/disposition`, nurse, { disposition: 'sent-home' });
    expect(low.json().followUp).toBeNull();
  });

  it('R-APOP-04: the call list is sorted by deadline, marks the overdue, and a call is closed once', async () => {
    const dementia = (await get('/api/apop/screenings', nurse))
      .json()
      .screenings.find((s: { outcome: string }) => s.outcome === 'impaired-cognition');
    await post(`/api/apop/screenings/${dementia.id}/disposition`, nurse, { disposition: 'sent-home' });
    const list = await get('/api/apop/follow-ups', nurse);
    expect(list.statusCode).toBe(200);
    const items = list.json().items;
    expect(items.map((i: { screeningId: string }) => i.screeningId)).toEqual([highId, dementia.id]);
    expect(items.map((i: { status: string }) => i.status)).toEqual(['overdue', 'open']);
    expect(items[0].patient).toMatchObject({ name: 'Henk de Graaf', phone: '+31612345603' });

    const noNote = await post(`/api/apop/follow-ups/${items[0].id}/close`, nurse, {
      outcome: 'not-reached',
      instructionsRepeated: false,
      familyDoctorContacted: false,
    });
    expect(noNote.statusCode).toBe(400);
    const closed = await post(`/api/apop/follow-ups/${items[0].id}/close`, nurse, {
      outcome: 'reached',
      instructionsRepeated: true,
      familyDoctorContacted: false,
      note: 'Doing well; instructions repeated.',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', callOutcome: 'reached' });
    const again = await post(`/api/apop/follow-ups/${items[0].id}/close`, nurse, {
      outcome: 'reached',
      instructionsRepeated: true,
      familyDoctorContacted: false,
    });
    expect(again.statusCode).toBe(409);
    const open = (await get('/api/apop/follow-ups', nurse)).json().items;
    expect(open.map((i: { screeningId: string }) => i.screeningId)).toEqual([dementia.id]);
    const done = (await get('/api/apop/follow-ups?status=closed', nurse)).json().items;
    expect(done[0]).toMatchObject({ screeningId: highId, note: 'Doing well; instructions repeated.' });
  });

  it('R-APOP-04: the result, high or low, is in the discharge letter to the family doctor', async () => {
    const high = await get(`/api/apop/screenings/${highId}/letter`, nurse);
    expect(high.statusCode).toBe(200);
    expect(high.headers['content-type']).toBe('application/pdf');
    expect(high.headers['content-disposition']).toMatch(/^attachment;/);
    const highText = await pdfText(high.rawPayload);
    expect(highText).toContain('Hoog risico');
    expect(highText).toContain('Henk de Graaf');
    expect(highText).toContain('Geachte Dr. A. de Vries');
    expect(highText).toContain('50%');
    expect(highText).toContain('naar huis');
    expect(highText).toContain('belt de patiënt uiterlijk');
    const lowText = await pdfText((await get(`/api/apop/screenings/${lowId}/letter`, nurse)).rawPayload);
    expect(lowText).toContain('Laag risico');
    expect(lowText).not.toContain('belt de patiënt');
    const unknownText = await pdfText(
      (await get(`/api/apop/screenings/${unknownRiskId}/letter`, nurse)).rawPayload,
    );
    expect(unknownText).toContain('Risico onbekend');
    expect(unknownText).toContain('niet ingesteld');
  });

  it('R-SEC-03: only ER staff see ER screenings; others get 404, other roles 403', async () => {
    expect((await get(`/api/apop/screenings/${highId}`, outsider)).statusCode).toBe(404);
    expect((await get(`/api/apop/screenings/${highId}/letter`, outsider)).statusCode).toBe(404);
    expect((await get('/api/apop/follow-ups', outsider)).statusCode).toBe(403);
    expect(
      (
        await post('/api/apop/screenings', outsider, {
          patient: { bsn: '999990044', familyName: 'de Graaf', birthDate: bornYearsAgo(78) },
          answers: calm,
        })
      ).statusCode,
    ).toBe(403);
    expect((await get(`/api/apop/screenings/${highId}`, gp)).statusCode).toBe(403);
    expect((await get(`/api/apop/screenings/${randomUUID()}`, nurse)).statusCode).toBe(404);
  });

  it('R-SEC-01: reads and changes are audited with the patient, and the BSN is not in the audit details', async () => {
    expect((await get(`/api/apop/screenings/${highId}`, nurse)).statusCode).toBe(200);
    const events = await t.app.loket.db
      .selectFrom('audit_event')
      .select(['event_type', 'action', 'patient_id', 'object_id', 'details'])
      .where('event_type', 'like', 'apop.%')
      .execute();
    const types = new Set(events.map((e) => e.event_type));
    for (const type of [
      'apop.patient.lookup',
      'apop.screening.create',
      'apop.screening.read',
      'apop.disposition.record',
      'apop.follow-up.create',
      'apop.follow-up.list',
      'apop.follow-up.close',
      'apop.letter.download',
      'apop.model.save',
    ])
      expect(types).toContain(type);
    const read = events.find((e) => e.event_type === 'apop.screening.read' && e.object_id === highId);
    expect(read).toMatchObject({ action: 'R' });
    expect(read?.patient_id).toBeTruthy();
    expect(JSON.stringify(events)).not.toContain('999990044');
  });
});
