import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { insertPatient, insertReferral } from '../takeover/fixtures.ts';

let t: TestApp;
let specialist: string;
let triage: string;
let otherSpecialist: string;
let referrerCookie: string;
let referralId: string;
let failingId: string;
let neurologyId: string;
let meetingId: string;
let caseId: string;

const P = { bsn: '999990044', givenName: 'Henk', familyName: 'de Graaf' };
const Q = { bsn: '999990056', givenName: 'Fatma', familyName: 'Yilmaz', familyDoctorEmail: 'not an address' };

beforeAll(async () => {
  t = await createTestApp();
  const ref = await t.createUser(['referrer'], { email: 'dr.verwijzer@elders.example', agbCode: '03999002' });
  referrerCookie = await t.signIn(ref.email);
  specialist = await t.signIn(
    (await t.createUser(['specialist'], { departmentIds: ['oncology-center'] })).email,
  );
  triage = await t.signIn(
    (await t.createUser(['triage-supervisor'], { departmentIds: ['oncology-center'] })).email,
  );
  otherSpecialist = await t.signIn(
    (await t.createUser(['specialist'], { departmentIds: ['neurology'] })).email,
  );
  const referrer = {
    id: ref.id,
    name: 'Dr. V. Verwijzer',
    email: ref.email,
    kind: 'medical-specialist' as const,
  };
  referralId = await insertReferral(t.app.loket.db, {
    kind: 'new-referral',
    state: 'scheduled',
    departmentId: 'oncology-center',
    patientId: await insertPatient(t.app.loket.db, P),
    patient: P,
    referrer,
  });
  failingId = await insertReferral(t.app.loket.db, {
    kind: 'new-referral',
    state: 'seen',
    departmentId: 'oncology-center',
    patientId: await insertPatient(t.app.loket.db, Q),
    patient: Q,
    referrer,
  });
  neurologyId = await insertReferral(t.app.loket.db, {
    kind: 'new-referral',
    state: 'seen',
    departmentId: 'neurology',
    patientId: await insertPatient(t.app.loket.db, {
      bsn: '999990068',
      givenName: 'Piet',
      familyName: 'Visser',
    }),
    patient: { bsn: '999990068', givenName: 'Piet', familyName: 'Visser' },
    referrer,
  });
});
afterAll(() => t?.close());

const post = (url: string, cookie: string, payload: object = {}, lang = 'nl') =>
  t.app.inject({ method: 'POST', url, headers: { cookie, 'accept-language': lang }, payload });
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('multidisciplinary meeting', () => {
  it('R-SO-07: a meeting is scheduled and a seen case is put on its agenda', async () => {
    const bad = await post('/api/mdo/meetings', specialist, {
      departmentId: 'oncology-center',
      title: '',
      startsAt: 'morgen',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/Verbeter de genoemde velden/);
    expect(
      bad
        .json()
        .problems.map((p: { path: string }) => p.path)
        .sort(),
    ).toEqual(['startsAt', 'title']);

    // Ten minutes from now: still upcoming for the agenda, and the conclusion may be typed in as it opens.
    const startsAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const created = await post('/api/mdo/meetings', specialist, {
      departmentId: 'oncology-center',
      title: 'MDO mammacarcinoom',
      startsAt,
      location: 'Vergaderzaal J-01',
    });
    expect(created.statusCode).toBe(201);
    meetingId = created.json().id;
    expect(created.json()).toMatchObject({ title: 'MDO mammacarcinoom', agenda: [], upcoming: true });

    // The consult is recorded first; a scheduled patient is not yet a case.
    expect((await post(`/api/mdo/meetings/${meetingId}/cases`, specialist, { referralId })).json().code).toBe(
      'mdo-not-allowed',
    );
    expect(
      (await post(`/api/referrals/${referralId}/actions/record-consult`, specialist, { note: 'Seen' })).json()
        .state,
    ).toBe('seen');
    const added = await post(`/api/mdo/meetings/${meetingId}/cases`, specialist, {
      referralId,
      question: 'Primary surgery or neoadjuvant therapy?',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().agenda).toEqual([
      expect.objectContaining({
        referralId,
        patientName: 'Henk de Graaf',
        state: 'awaiting-mdo',
        conclusion: null,
      }),
    ]);
    caseId = added.json().agenda[0].id;
    const r = (await get(`/api/referrals/${referralId}`, specialist)).json();
    expect(r.state).toBe('awaiting-mdo');
    expect(r.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['referred-to-mdo', 'mdo-scheduled']),
    );
    const again = await post(`/api/mdo/meetings/${meetingId}/cases`, specialist, { referralId });
    expect(again.statusCode).toBe(409);

    const list = (await get('/api/mdo/meetings', triage)).json();
    expect(list.meetings).toEqual([expect.objectContaining({ id: meetingId, cases: 1, concluded: 0 })]);
  });

  it('access: another department’s specialist does not see the meeting; a referrer has no MDO; other departments’ cases stay off', async () => {
    expect((await get(`/api/mdo/meetings/${meetingId}`, otherSpecialist)).statusCode).toBe(404);
    expect((await get('/api/mdo/meetings', otherSpecialist)).json().meetings).toEqual([]);
    expect(
      (
        await post(`/api/mdo/meetings/${meetingId}/cases/${caseId}/conclusion`, otherSpecialist, {
          diagnosis: 'x',
          treatmentAdvice: 'y',
        })
      ).statusCode,
    ).toBe(404);
    expect((await get('/api/mdo/meetings', referrerCookie)).statusCode).toBe(403);
    const other = await post(`/api/mdo/meetings/${meetingId}/cases`, specialist, { referralId: neurologyId });
    expect(other.statusCode).toBe(404);
    const foreign = await post('/api/mdo/meetings', specialist, {
      departmentId: 'neurology',
      title: 'Not ours',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(foreign.statusCode).toBe(400);
  });

  it('R-SO-07, R-COM-01: the conclusion completes the referral; the report goes to the family doctor at once with a copy to the referring specialist, in the outbox in the same transaction', async () => {
    const empty = await post(
      `/api/mdo/meetings/${meetingId}/cases/${caseId}/conclusion`,
      specialist,
      { diagnosis: ' ', treatmentAdvice: '' },
      'en',
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/Correct the fields listed/);
    expect(empty.json().problems.map((p: { path: string }) => p.path)).toEqual([
      'diagnosis',
      'treatmentAdvice',
    ]);

    const done = await post(`/api/mdo/meetings/${meetingId}/cases/${caseId}/conclusion`, specialist, {
      diagnosis: 'Invasief ductaal carcinoom links, cT2N0M0.',
      treatmentAdvice: 'Borstsparende operatie, daarna radiotherapie.',
    });
    expect(done.statusCode).toBe(200);
    const item = done.json().agenda[0];
    expect(item.conclusion).toMatchObject({ diagnosis: 'Invasief ductaal carcinoom links, cT2N0M0.' });
    expect(item.state).toBe('completed');
    expect(item.reports.map((x: { recipientRole: string }) => x.recipientRole)).toEqual([
      'family-doctor',
      'referrer',
    ]);

    const r = (await get(`/api/referrals/${referralId}`, specialist)).json();
    expect(r.state).toBe('completed');
    const reports = r.letters.filter((l: { type: string }) => l.type === 'mdo-report');
    expect(reports.map((l: { recipientRole: string }) => l.recipientRole)).toEqual([
      'family-doctor',
      'referrer',
    ]);
    const queued = r.messages.filter((m: { letterId: string }) =>
      reports.some((l: { id: string }) => l.id === m.letterId),
    );
    expect(queued.map((m: { recipient: string }) => m.recipient)).toEqual([
      'huisarts@praktijk.example',
      'dr.verwijzer@elders.example',
    ]);
    // At once: nothing waits for consent, unlike the results letter after treatment (R-COM-02).
    const held = await t.app.loket.db
      .selectFrom('letter_hold')
      .select('letter_id')
      .where('referral_id', '=', referralId)
      .execute();
    expect(held).toEqual([]);
    const completed = r.timeline.find((e: { type: string }) => e.type === 'completed');
    expect(completed.note).toMatch(/Borstsparende operatie/);

    const twice = await post(`/api/mdo/meetings/${meetingId}/cases/${caseId}/conclusion`, specialist, {
      diagnosis: 'a',
      treatmentAdvice: 'b',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('mdo-conclusion-not-allowed');
  });

  it('R-COM-01: when the report cannot be queued, the conclusion is not kept either (one transaction)', async () => {
    const added = await post(`/api/mdo/meetings/${meetingId}/cases`, specialist, { referralId: failingId });
    expect(added.statusCode).toBe(201);
    const failingCase = added
      .json()
      .agenda.find((c: { referralId: string }) => c.referralId === failingId).id;
    const res = await post(`/api/mdo/meetings/${meetingId}/cases/${failingCase}/conclusion`, specialist, {
      diagnosis: 'Benign',
      treatmentAdvice: 'No treatment',
    });
    expect(res.statusCode).toBe(500);
    const r = (await get(`/api/referrals/${failingId}`, specialist)).json();
    expect(r.state).toBe('awaiting-mdo');
    expect(r.letters.filter((l: { type: string }) => l.type === 'mdo-report')).toEqual([]);
    const row = await t.app.loket.db
      .selectFrom('mdo_case')
      .select('concluded_at')
      .where('id', '=', failingCase)
      .executeTakeFirstOrThrow();
    expect(row.concluded_at).toBeNull();
  });
});
