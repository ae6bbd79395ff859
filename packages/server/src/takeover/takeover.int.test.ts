import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { insertPatient, insertReferral, linkPatientAccount } from './fixtures.ts';

let t: TestApp;
let extern: { id: string; email: string; cookie: string };
let patientCookie: string;
let specialist: { id: string; cookie: string };
let triage: string;
let backOffice: string;
let otherSpecialist: string;
let otherPatient: string;
let secondOpinionId: string;
let takeoverId: string;

const P = { bsn: '999990032', givenName: 'Sanne', familyName: 'Bakker' };

beforeAll(async () => {
  t = await createTestApp();
  const e = await t.createUser(['referrer'], { email: 'dr.extern@elders.example', agbCode: '03999001' });
  extern = { ...e, cookie: await t.signIn(e.email) };
  const patientId = await insertPatient(t.app.loket.db, P);
  const pu = await t.createUser(['patient']);
  await linkPatientAccount(t.app.loket.db, pu.id, patientId);
  patientCookie = await t.signIn(pu.email);
  const op = await t.createUser(['patient']);
  otherPatient = await t.signIn(op.email);
  const sp = await t.createUser(['specialist'], { departmentIds: ['oncology-center'] });
  specialist = { id: sp.id, cookie: await t.signIn(sp.email) };
  triage = await t.signIn(
    (await t.createUser(['triage-supervisor'], { departmentIds: ['oncology-center'] })).email,
  );
  backOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['oncology-center'] })).email,
  );
  otherSpecialist = await t.signIn(
    (await t.createUser(['specialist'], { departmentIds: ['neurology'] })).email,
  );
  secondOpinionId = await insertReferral(t.app.loket.db, {
    kind: 'second-opinion',
    state: 'seen',
    departmentId: 'oncology-center',
    patientId,
    patient: P,
    referrer: { id: e.id, name: 'Dr. E. Extern', email: e.email, kind: 'medical-specialist' },
    organisation: 'Ziekenhuis Elders',
  });
});
afterAll(() => t?.close());

const post = (url: string, cookie: string, payload: object = {}, lang = 'nl') =>
  t.app.inject({ method: 'POST', url, headers: { cookie, 'accept-language': lang }, payload });
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('takeover of treatment', () => {
  it('R-TO-02: during a second opinion the treating specialist is main practitioner and the current hospital is responsible', async () => {
    const v = (await get(`/api/referrals/${secondOpinionId}/takeover`, specialist.cookie)).json();
    expect(v).toMatchObject({
      applicable: true,
      mainPractitioner: { name: 'Dr. E. Extern', organisation: 'Ziekenhuis Elders', kind: 'external' },
      responsible: 'current-hospital',
      takeover: null,
      can: { request: true, confirm: false },
    });
  });

  it('R-TO-01: takeover is requested from the second opinion as a separate referral, linked both ways', async () => {
    const res = await post(`/api/referrals/${secondOpinionId}/takeover`, patientCookie, {
      note: 'I would like to be treated here',
    });
    expect(res.statusCode).toBe(201);
    const v = res.json();
    takeoverId = v.takeover.referralId;
    expect(takeoverId).not.toBe(secondOpinionId);
    expect(v).toMatchObject({ kind: 'takeover', secondOpinion: { referralId: secondOpinionId } });
    expect(v.takeover).toMatchObject({
      state: 'received',
      requestedAs: 'patient',
      choice: null,
      confirmedAt: null,
    });

    const referral = (await get(`/api/referrals/${takeoverId}`, backOffice)).json();
    expect(referral).toMatchObject({ kind: 'takeover', state: 'received', departmentId: 'oncology-center' });
    expect(referral.timeline.map((e: { type: string }) => e.type)).toContain('takeover-requested');
    // The second opinion itself stays a second opinion and shows the link.
    const so = (await get(`/api/referrals/${secondOpinionId}/takeover`, extern.cookie)).json();
    expect(so).toMatchObject({ kind: 'second-opinion', takeover: { referralId: takeoverId } });
    expect((await get(`/api/referrals/${secondOpinionId}`, extern.cookie)).json().kind).toBe(
      'second-opinion',
    );

    const again = await post(`/api/referrals/${secondOpinionId}/takeover`, extern.cookie, {}, 'en');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'takeover-not-allowed' });
    expect(again.json().message).toMatch(/takeover of treatment cannot be requested/);
  });

  it('R-TO-02: the main practitioner does not change before confirmation, and confirming needs the patient’s choice', async () => {
    const early = await post(`/api/referrals/${takeoverId}/takeover/confirm`, specialist.cookie);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('takeover-choice-missing');
    const v = (await get(`/api/referrals/${takeoverId}/takeover`, specialist.cookie)).json();
    expect(v.mainPractitioner).toMatchObject({ name: 'Dr. E. Extern', kind: 'external' });
    expect(v.responsible).toBe('current-hospital');
    expect(v.can).toMatchObject({ choose: true, confirm: false });

    // The patient chooses to stay: confirmation is still refused, and nothing changes.
    expect(
      (
        await post(`/api/referrals/${takeoverId}/takeover/choice`, patientCookie, {
          choice: 'current-hospital',
        })
      ).statusCode,
    ).toBe(200);
    const stays = await post(`/api/referrals/${takeoverId}/takeover/confirm`, triage, {
      specialistId: specialist.id,
    });
    expect(stays.statusCode).toBe(409);
    expect(stays.json().code).toBe('takeover-patient-stays');
    const still = (await get(`/api/referrals/${takeoverId}/takeover`, patientCookie)).json();
    expect(still.mainPractitioner.name).toBe('Dr. E. Extern');
    expect(still.history).toHaveLength(1);
  });

  it('access: another department’s specialist, another patient and a confirming back office are kept out', async () => {
    expect((await get(`/api/referrals/${takeoverId}/takeover`, otherSpecialist)).statusCode).toBe(404);
    expect((await get(`/api/referrals/${secondOpinionId}/takeover`, otherPatient)).statusCode).toBe(404);
    expect(
      (await post(`/api/referrals/${takeoverId}/takeover/confirm`, otherSpecialist, {})).statusCode,
    ).toBe(404);
    // Back office may not confirm at all (takeover.confirm is the triage supervisor's and specialist's).
    expect((await post(`/api/referrals/${takeoverId}/takeover/confirm`, backOffice, {})).statusCode).toBe(
      403,
    );
    expect(
      (await post(`/api/referrals/${takeoverId}/takeover/choice`, otherPatient, { choice: 'this-hospital' }))
        .statusCode,
    ).toBe(404);
  });

  it('R-TO-03: the patient’s choice is recorded; on confirmation the hospital specialist becomes main practitioner and the current specialist and family doctor are informed', async () => {
    const bad = await post(`/api/referrals/${takeoverId}/takeover/choice`, patientCookie, {
      choice: 'elsewhere',
    });
    expect(bad.statusCode).toBe(400);
    const chose = await post(`/api/referrals/${takeoverId}/takeover/choice`, patientCookie, {
      choice: 'this-hospital',
    });
    expect(chose.statusCode).toBe(200);
    expect(chose.json().takeover).toMatchObject({
      choice: 'this-hospital',
      choiceRecordedAt: expect.any(String),
    });
    const before = new Date();

    const ok = await post(`/api/referrals/${takeoverId}/takeover/confirm`, specialist.cookie, {});
    expect(ok.statusCode).toBe(200);
    const v = ok.json();
    expect(v.mainPractitioner).toMatchObject({ kind: 'hospital', name: 'Test specialist' });
    expect(v.responsible).toBe('this-hospital');
    expect(v.history).toHaveLength(2);
    expect(v.history[0]).toMatchObject({ name: 'Dr. E. Extern', until: expect.any(String) });
    expect(new Date(v.history[0].until).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);

    // The second opinion shows the same main practitioner: at every moment one answer.
    const so = (await get(`/api/referrals/${secondOpinionId}/takeover`, extern.cookie)).json();
    expect(so.mainPractitioner).toMatchObject({ kind: 'hospital' });
    expect(so.responsible).toBe('this-hospital');

    const referral = (await get(`/api/referrals/${takeoverId}`, specialist.cookie)).json();
    const letters = referral.letters.filter((l: { type: string }) => l.type === 'takeover-confirmed');
    expect(letters.map((l: { recipientRole: string }) => l.recipientRole).sort()).toEqual([
      'family-doctor',
      'main-practitioner',
    ]);
    expect(referral.messages.map((m: { recipient: string }) => m.recipient).sort()).toEqual([
      'dr.extern@elders.example',
      'huisarts@praktijk.example',
    ]);
    const pdf = await get(
      `/api/referrals/${takeoverId}/letters/${letters.find((l: { recipientRole: string }) => l.recipientRole === 'main-practitioner').id}`,
      specialist.cookie,
    );
    expect(pdf.statusCode).toBe(200);
    const text = (
      await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true })
    ).text;
    expect(text).toContain('Dr. E. Extern');
    expect(text).toContain('Test specialist');

    const again = await post(`/api/referrals/${takeoverId}/takeover/confirm`, specialist.cookie, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('takeover-already-confirmed');

    const audit = await t.app.loket.db
      .selectFrom('audit_event')
      .select('event_type')
      .where('object_id', '=', takeoverId)
      .execute();
    expect(audit.map((a) => a.event_type)).toEqual(
      expect.arrayContaining(['takeover.request', 'takeover.choice', 'takeover.confirm', 'takeover.read']),
    );
  });
});
