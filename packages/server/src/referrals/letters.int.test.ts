import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { containsBsn } from '../messages/outbox.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { startTestSmtp, subjectOf, textPart, type TestSmtp } from '../testing/smtp.ts';

let smtp: TestSmtp;
let t: TestApp;
let gp: string;
let backOffice: string;
let triage: string;
let specialistId: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ LOKET_SMTP_URL: smtp.url, LOKET_MAIL_FROM: 'Loket <loket@hospital.example>' });
  gp = await t.signIn(
    (await t.createUser(['referrer'], { email: 'gp@practice.example', agbCode: '01999001' })).email,
  );
  backOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['internal-medicine'] })).email,
  );
  triage = await t.signIn(
    (await t.createUser(['triage-supervisor'], { departmentIds: ['internal-medicine'] })).email,
  );
  specialistId = (await t.createUser(['specialist'], { departmentIds: ['internal-medicine'] })).id;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const post = (url: string, cookie: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
const deliver = async () => {
  const r = await t.app.loket.outbox.runOnce();
  return r;
};

describe('letters and messages', () => {
  let id: string;

  it('R-COM-03: receipt, request for information, invitation and confirmation go out over SMTP to the right people', async () => {
    const draft = await post('/api/referrals', gp, {
      departmentId: 'internal-medicine',
      kind: 'new-referral',
      patient: {
        bsn: '999990019',
        givenName: 'Jan',
        familyName: 'Jansen',
        birthDate: '1950-03-01',
        phone: '0612345678',
        email: 'jan@patient.example',
      },
      familyDoctor: { name: 'Dr. F. Family', agbCode: '01999009', email: 'family@practice.example' },
      letter: { reason: 'Anaemia', 'urgency-period': '4 weeks' },
    });
    id = draft.json().id;
    expect((await post(`/api/referrals/${id}/submit`, gp)).statusCode).toBe(200);
    await post(`/api/referrals/${id}/actions/request-information`, backOffice, {
      missing: ['Medications taken'],
      message: 'Please send the list',
    });
    await post(`/api/referrals/${id}/actions/supplement`, gp, { letter: { medication: 'none' } });
    await post(`/api/referrals/${id}/actions/start-triage`, backOffice);
    await post(`/api/referrals/${id}/actions/accept`, triage, {
      urgency: 'routine',
      specialistIds: [specialistId],
    });
    const s = await post(`/api/referrals/${id}/actions/schedule`, backOffice, {
      start: '2026-12-01T10:30:00+01:00',
      location: 'Polikliniek B2-P',
    });
    expect(s.statusCode).toBe(200);

    // Nothing is sent before delivery runs: the outbox holds the messages the transactions wrote.
    expect(smtp.received).toHaveLength(0);
    const result = await deliver();
    expect(result.sent).toBe(4);
    const by = (to: string) => smtp.received.filter((m) => m.to.includes(to)).map((m) => subjectOf(m.raw));
    expect(by('gp@practice.example')).toEqual([
      expect.stringMatching(/^Verwijzing VW-\d{4}-\d{6} ontvangen door Interne Geneeskunde$/),
      expect.stringMatching(/aanvullende gegevens gevraagd/),
    ]);
    expect(by('jan@patient.example')).toEqual([expect.stringMatching(/^Uitnodiging voor uw afspraak/)]);
    expect(by('family@practice.example')).toEqual([expect.stringMatching(/eerste afspraak gepland/)]);
    const withPdf = smtp.received.filter((m) => /Content-Type: application\/pdf/.test(m.raw));
    expect(withPdf).toHaveLength(3);
  });

  it('R-ID-04: no e-mail body or subject carries the BSN', () => {
    expect(smtp.received.length).toBeGreaterThan(0);
    for (const m of smtp.received) {
      expect(containsBsn(textPart(m.raw))).toBe(false);
      expect(containsBsn(subjectOf(m.raw))).toBe(false);
      expect(textPart(m.raw)).not.toContain('999990019');
    }
  });

  it('R-COM-03, R-REF-06: every letter is kept as a PDF on the referral and its delivery is visible', async () => {
    const v = (
      await t.app.inject({ method: 'GET', url: `/api/referrals/${id}`, headers: { cookie: gp } })
    ).json();
    expect(
      v.letters.map((l: { type: string; recipientRole: string }) => `${l.type}:${l.recipientRole}`),
    ).toEqual([
      'request-information:referrer',
      'invitation:patient',
      'appointment-confirmation:family-doctor',
    ]);
    expect(
      v.messages.every((m: { status: string; sentAt: string | null }) => m.status === 'sent' && m.sentAt),
    ).toBe(true);
    const confirmation = v.letters.find((l: { type: string }) => l.type === 'appointment-confirmation');
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/referrals/${id}/letters/${confirmation.id}`,
      headers: { cookie: gp },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), {
      mergePages: true,
    });
    expect(text).toContain(v.reference);
    expect(text).toMatch(/1 december 2026/);
    expect(text).toContain('Jan Jansen');
  });

  it('R-REF-06: a rejection notice goes to the referrer and the family doctor', async () => {
    const d = await post('/api/referrals', gp, {
      departmentId: 'internal-medicine',
      kind: 'new-referral',
      patient: { bsn: '999990032', familyName: 'Pieters', birthDate: '1960-01-01' },
      familyDoctor: { name: 'Dr. F. Family', email: 'family@practice.example' },
      letter: { reason: 'x', 'urgency-period': 'y', medication: 'z' },
    });
    const rid = d.json().id;
    await post(`/api/referrals/${rid}/submit`, gp);
    await post(`/api/referrals/${rid}/actions/start-triage`, backOffice);
    await post(`/api/referrals/${rid}/actions/reject`, triage, {
      reasonCode: 'better-elsewhere',
      explanation: 'Primary care',
      redirect: 'Huisarts',
    });
    smtp.received.length = 0;
    await deliver();
    const rejections = smtp.received.filter((m) => /niet aangenomen/.test(subjectOf(m.raw)));
    expect(rejections.flatMap((m) => m.to).sort()).toEqual([
      'family@practice.example',
      'gp@practice.example',
    ]);
  });
});
