import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { minimalPdf } from '../documents/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { multipartBody, multipartContentType } from '../testing/multipart.ts';
import { startTestSmtp, subjectOf, type TestSmtp } from '../testing/smtp.ts';

let smtp: TestSmtp;
let t: TestApp;
let gp: string;
let otherGp: string;
let backOffice: string;
let otherBackOffice: string;
let triage: string;
let specialist: string;
let specialistId: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ LOKET_SMTP_URL: smtp.url, LOKET_MAIL_FROM: 'Loket <loket@hospital.example>' });
  gp = await t.signIn(
    (await t.createUser(['referrer'], { email: 'gp@practice.example', agbCode: '01999001' })).email,
  );
  otherGp = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999002' })).email);
  backOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['internal-medicine'] })).email,
  );
  otherBackOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['cardiology'] })).email,
  );
  triage = await t.signIn(
    (await t.createUser(['triage-supervisor'], { departmentIds: ['internal-medicine'] })).email,
  );
  const s = await t.createUser(['specialist'], { departmentIds: ['internal-medicine'] });
  specialistId = s.id;
  specialist = await t.signIn(s.email);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const post = (url: string, cookie: string, payload: object = {}, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { cookie, ...headers }, payload });
const get = (url: string, cookie: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { cookie, ...headers } });

async function step(id: string, action: string, cookie: string, payload: object = {}) {
  const r = await post(`/api/referrals/${id}/actions/${action}`, cookie, payload);
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
}

/** A referral from the GP, seen by the specialist; completed unless told not to. */
async function seenReferral(bsn: string, familyName: string) {
  const draft = await post('/api/referrals', gp, {
    departmentId: 'internal-medicine',
    kind: 'new-referral',
    patient: {
      bsn,
      givenName: 'Daan',
      familyName,
      birthDate: '1961-05-12',
      phone: '0612345678',
      email: `${familyName.toLowerCase()}@patient.example`,
    },
    familyDoctor: { name: 'Dr. F. Family', agbCode: '01999009', email: 'family@practice.example' },
    letter: { reason: 'Anaemia', 'urgency-period': '4 weeks', medication: 'none' },
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const id = draft.json().id as string;
  const sent = await post(`/api/referrals/${id}/submit`, gp);
  expect(sent.statusCode, sent.body).toBe(200);
  await step(id, 'start-triage', backOffice);
  await step(id, 'accept', triage, { urgency: 'routine', specialistIds: [specialistId] });
  await step(id, 'schedule', backOffice, { start: '2026-12-01T10:30:00+01:00', location: 'Polikliniek B2' });
  await step(id, 'record-consult', specialist, { note: 'Seen' });
  const patientId = (
    await t.app.loket.db
      .selectFrom('referral')
      .select('patient_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).patient_id!;
  return { id, patientId };
}

async function patientUserFor(patientId: string): Promise<string> {
  const u = await t.createUser(['patient']);
  await t.app.loket.db
    .insertInto('patient_account')
    .values({ user_id: u.id, patient_id: patientId })
    .execute();
  return t.signIn(u.email);
}

const feedbackMessages = async (referralId: string) =>
  t.app.loket.db
    .selectFrom('outbox_message as m')
    .innerJoin('letter as l', 'l.id', 'm.letter_id')
    .select(['m.recipient', 'm.status', 'l.type'])
    .where('m.referral_id', '=', referralId)
    .where('l.type', '=', 'feedback')
    .execute();

async function letterText(referralId: string, letterId: string, cookie: string) {
  const r = await get(`/api/referrals/${referralId}/letters/${letterId}`, cookie);
  expect(r.statusCode).toBe(200);
  const pdf = await getDocumentProxy(new Uint8Array(r.rawPayload));
  return (await extractText(pdf, { mergePages: true })).text;
}

describe('consent and the letters that wait for it', () => {
  let a: { id: string; patientId: string };
  let patient: string;

  beforeAll(async () => {
    a = await seenReferral('999990019', 'Bakker');
    patient = await patientUserFor(a.patientId);
    await t.app.loket.outbox.runOnce();
    smtp.received.length = 0;
  });

  it('R-COM-02, R-CON-03: after treatment the results letter is made and kept, but nothing goes to the outbox without consent', async () => {
    await step(a.id, 'complete', specialist, { summary: 'Iron deficiency; treated.', endOfTreatment: true });
    const letters = await t.app.loket.db
      .selectFrom('letter')
      .select(['id', 'recipient_role'])
      .where('referral_id', '=', a.id)
      .where('type', '=', 'feedback')
      .execute();
    // To the referring GP and to the patient's own family doctor: both kept as PDF.
    expect(letters.map((l) => l.recipient_role).sort()).toEqual(['family-doctor', 'referrer']);
    expect(await feedbackMessages(a.id)).toEqual([]);
    await t.app.loket.outbox.runOnce();
    expect(smtp.received.map((m) => subjectOf(m.raw)).filter((s) => /terugrapportage/.test(s))).toEqual([]);
  });

  it('R-CON-03: the wait is visible, with since when, to staff, the referrer and the patient', async () => {
    for (const cookie of [backOffice, gp, patient, specialist]) {
      const r = await get(`/api/referrals/${a.id}/consent`, cookie);
      expect(r.statusCode, r.body).toBe(200);
      const letters = r.json().letters as { recipientRole: string; waitingSince: string; releasedAt: null }[];
      expect(letters).toHaveLength(2);
      for (const l of letters) {
        expect(l.releasedAt).toBeNull();
        expect(Date.now() - new Date(l.waitingSince).getTime()).toBeLessThan(60_000);
      }
    }
    const view = (await get(`/api/referrals/${a.id}`, patient)).json();
    expect(view.timeline.some((e: { type: string }) => e.type === 'letter-waiting-for-consent')).toBe(true);
  });

  it('R-CON-01: methods follow who records: a patient cannot claim a signed form, staff must write down a verbal consent', async () => {
    const wrong = await post(`/api/referrals/${a.id}/consent`, patient, {
      scope: 'results-letter-to-family-doctor',
      method: 'signed-form',
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('consent-method-not-allowed');
    const noNote = await post(
      `/api/referrals/${a.id}/consent`,
      backOffice,
      { scope: 'results-letter-to-family-doctor', method: 'verbal-to-staff' },
      { 'accept-language': 'en' },
    );
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().problems).toEqual([
      { path: 'note', message: 'Write down what the patient said and when' },
    ]);
    expect(await feedbackMessages(a.id)).toEqual([]);
  });

  let consentId: string;

  it('R-CON-01, R-CON-03: the patient gives consent in the portal; recorded with who, when and scope, and the waiting letters go out in the same step', async () => {
    const before = Date.now();
    const r = await post(
      `/api/referrals/${a.id}/consent`,
      patient,
      { scope: 'results-letter-to-family-doctor', method: 'portal' },
      { 'idempotency-key': 'consent-a-portal-1' },
    );
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json();
    expect(body.records).toHaveLength(1);
    const rec = body.records[0];
    consentId = rec.id;
    expect(rec).toMatchObject({
      scope: 'results-letter-to-family-doctor',
      method: 'portal',
      referralId: a.id,
      givenBy: { role: 'patient', name: 'Test patient' },
      withdrawn: null,
    });
    expect(new Date(rec.givenAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(body.letters.every((l: { releasedAt: string | null }) => l.releasedAt !== null)).toBe(true);
    const queued = await feedbackMessages(a.id);
    expect(queued.map((m) => m.recipient).sort()).toEqual(['family@practice.example', 'gp@practice.example']);

    // Sending the same request again answers the same, without a second record or second e-mails.
    const again = await post(
      `/api/referrals/${a.id}/consent`,
      patient,
      { scope: 'results-letter-to-family-doctor', method: 'portal' },
      { 'idempotency-key': 'consent-a-portal-1' },
    );
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().records).toHaveLength(1);
    expect(await feedbackMessages(a.id)).toHaveLength(2);

    await t.app.loket.outbox.runOnce();
    const feedback = smtp.received.filter((m) => /terugrapportage/.test(subjectOf(m.raw)));
    expect(
      feedback
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual(['family@practice.example', 'gp@practice.example']);
    // The timeline tells it in order: the consent, then the letters it released.
    const types = (await get(`/api/referrals/${a.id}`, patient))
      .json()
      .timeline.map((e: { type: string }) => e.type)
      .filter((x: string) => ['consent-given', 'letters-released'].includes(x));
    expect(types).toEqual(['consent-given', 'letters-released']);
    const after = (await get(`/api/referrals/${a.id}/consent`, patient)).json();
    expect(after.letters.map((l: { messageStatus: string }) => l.messageStatus)).toEqual(['sent', 'sent']);
  });

  it('R-CON-01: the consent is audited with the patient; reads are audited too', async () => {
    const rows = await t.app.loket.db
      .selectFrom('audit_event')
      .select(['event_type', 'patient_id'])
      .where('event_type', 'in', ['consent.record', 'consent.read'])
      .execute();
    expect(rows.some((r) => r.event_type === 'consent.record' && r.patient_id === a.patientId)).toBe(true);
    expect(rows.some((r) => r.event_type === 'consent.read' && r.patient_id === a.patientId)).toBe(true);
    expect(rows.every((r) => r.patient_id === a.patientId)).toBe(true);
  });

  it('R-CON-01: a withdrawal keeps the record and stamps who, when and why; a referrer cannot withdraw', async () => {
    const byGp = await post(`/api/referrals/${a.id}/consent/${consentId}/withdraw`, gp, { reason: 'x' });
    expect(byGp.statusCode).toBe(403);
    const noReason = await post(`/api/referrals/${a.id}/consent/${consentId}/withdraw`, patient, {
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    const r = await post(`/api/referrals/${a.id}/consent/${consentId}/withdraw`, patient, {
      reason: 'I changed my mind',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().records[0]).toMatchObject({
      id: consentId,
      givenBy: { role: 'patient' },
      withdrawn: { by: 'Test patient', reason: 'I changed my mind' },
    });
    const twice = await post(`/api/referrals/${a.id}/consent/${consentId}/withdraw`, backOffice, {
      reason: 'again',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('consent-already-withdrawn');
  });

  it('R-CON-03: a consent withdrawn before treatment ends does not count: the letter waits', async () => {
    const b = await seenReferral('999990032', 'Visser');
    const staffGiven = await post(`/api/referrals/${b.id}/consent`, backOffice, {
      scope: 'results-letter-to-family-doctor',
      method: 'verbal-to-staff',
      note: 'Patient agreed at the desk on 1 December.',
    });
    expect(staffGiven.statusCode, staffGiven.body).toBe(201);
    const id = staffGiven.json().records[0].id;
    expect(
      (
        await post(`/api/referrals/${b.id}/consent/${id}/withdraw`, backOffice, {
          reason: 'Patient called back',
        })
      ).statusCode,
    ).toBe(200);
    await step(b.id, 'complete', specialist, { summary: 'Stable.', endOfTreatment: false });
    expect(await feedbackMessages(b.id)).toEqual([]);
    const view = (await get(`/api/referrals/${b.id}/consent`, gp)).json();
    expect(view.letters).toHaveLength(2);
    expect(view.letters.every((l: { releasedAt: null }) => l.releasedAt === null)).toBe(true);

    // The referrer confirms the patient's consent; the letters go.
    const confirmed = await post(`/api/referrals/${b.id}/consent`, gp, {
      scope: 'results-letter-to-family-doctor',
      method: 'confirmed-by-referrer',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(await feedbackMessages(b.id)).toHaveLength(2);
  });

  it('R-COM-02: consent given beforehand lets the results letter go at once', async () => {
    const c = await seenReferral('999990044', 'Smit');
    const form = await t.app.inject({
      method: 'POST',
      url: `/api/referrals/${c.id}/consent/signed-form`,
      headers: { cookie: backOffice, 'content-type': multipartContentType },
      payload: multipartBody([
        { name: 'scope', value: 'results-letter-to-family-doctor' },
        { name: 'note', value: 'Signed at the outpatient desk' },
        { name: 'file', filename: 'toestemming.pdf', type: 'application/pdf', data: minimalPdf() },
      ]),
    });
    expect(form.statusCode, form.body).toBe(201);
    const rec = form.json().records[0];
    expect(rec).toMatchObject({
      method: 'signed-form',
      givenBy: { role: 'staff' },
      declaration: { filename: 'toestemming.pdf' },
    });
    const download = await get(`/api/referrals/${c.id}/consent/${rec.id}/declaration`, gp);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment/);

    await step(c.id, 'complete', specialist, { summary: 'Done.', endOfTreatment: true });
    expect(await feedbackMessages(c.id)).toHaveLength(2);
    expect((await get(`/api/referrals/${c.id}/consent`, gp)).json().letters).toEqual([]);
  });

  it('R-COM-04: the end of treatment, or that it continues, is in the record and in the letter to the family doctor', async () => {
    const ended = (await get(`/api/referrals/${a.id}`, backOffice)).json();
    expect(ended.decision.endOfTreatment).toBe(true);
    expect(ended.timeline.find((e: { type: string }) => e.type === 'completed').data.endOfTreatment).toBe(
      true,
    );
    const endedLetter = ended.letters.find(
      (l: { type: string; recipientRole: string }) =>
        l.type === 'feedback' && l.recipientRole === 'family-doctor',
    );
    expect(await letterText(a.id, endedLetter.id, backOffice)).toContain(
      'De behandeling bij ons is afgerond',
    );

    const b = (
      await t.app.loket.db.selectFrom('referral').select('id').where('state', '=', 'completed').execute()
    ).map((x) => x.id);
    const continuing = await Promise.all(
      b.map(async (id) => (await get(`/api/referrals/${id}`, backOffice)).json()),
    );
    const open = continuing.find((v) => v.decision.endOfTreatment === false);
    expect(open).toBeDefined();
    const letter = open.letters.find(
      (l: { type: string; recipientRole: string }) =>
        l.type === 'feedback' && l.recipientRole === 'family-doctor',
    );
    const text = await letterText(open.id, letter.id, backOffice);
    expect(text).toContain('De behandeling bij ons loopt door');
    expect(text).not.toContain('De behandeling bij ons is afgerond');
  });

  it('R-SEC-03: another patient, another referrer or staff of another department get 404; nothing is recorded', async () => {
    const other = await seenReferral('999990056', 'Mulder');
    const stranger = await patientUserFor(other.patientId);
    for (const cookie of [stranger, otherGp, otherBackOffice]) {
      expect((await get(`/api/referrals/${a.id}/consent`, cookie)).statusCode).toBe(404);
    }
    for (const cookie of [stranger, otherGp]) {
      const r = await post(`/api/referrals/${a.id}/consent`, cookie, {
        scope: 'results-letter-to-family-doctor',
        method: cookie === stranger ? 'portal' : 'confirmed-by-referrer',
      });
      expect(r.statusCode).toBe(404);
    }
    expect(
      (await post(`/api/referrals/${a.id}/consent/${consentId}/withdraw`, stranger, { reason: 'x' }))
        .statusCode,
    ).toBe(404);
    // Triage may read consent but not record it.
    expect(
      (
        await post(`/api/referrals/${a.id}/consent`, triage, {
          scope: 'results-letter-to-family-doctor',
          method: 'verbal-to-staff',
          note: 'n',
        })
      ).statusCode,
    ).toBe(403);
    const count = await t.app.loket.db
      .selectFrom('consent_record')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('patient_id', '=', a.patientId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
