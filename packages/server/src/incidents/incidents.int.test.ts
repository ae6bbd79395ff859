import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let gp: string;
let gpId: string;
let otherGp: string;
let team: string;
let teamId: string;
let patientUser: string;
let referral: { id: string; reference: string };
let foreignReferral: string;

const report = (over: Record<string, unknown> = {}) => ({
  reporter: {
    name: 'Dr. A. de Vries',
    organisation: 'Huisartsenpraktijk De Linde',
    phone: '071 526 9111',
    email: 'huisarts.incident@example.org',
  },
  occurredOn: '2026-01-12',
  occurredUntil: '2026-01-14',
  description: 'The discharge letter arrived two weeks after discharge.',
  suggestions: 'Send the discharge letter on the day of discharge.',
  departmentId: 'internal-medicine',
  careSetting: 'clinic',
  patient: { initials: 'J.', birthName: 'Jansen', birthDate: '1950-03-01', hospitalNumber: '1234567' },
  consequences: 'The medication was not adjusted for two weeks.',
  actionTaken: 'Called the ward; the letter was sent by e-mail.',
  ...over,
});

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const post = (url: string, cookie: string, payload: object = {}, key?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
    payload,
  });
const outbox = () =>
  t.app.loket.db
    .selectFrom('outbox_message')
    .selectAll()
    .where('recipient', '=', 'huisarts.incident@example.org')
    .orderBy('id')
    .execute();

async function sentReferral(cookie: string, bsn: string, familyDoctorAgb: string) {
  const draft = await post('/api/referrals', cookie, {
    departmentId: 'internal-medicine',
    kind: 'new-referral',
    urgency: 'routine',
    patient: {
      bsn,
      givenName: 'Jan',
      familyName: 'Jansen',
      birthDate: '1950-03-01',
      street: 'Albinusdreef',
      houseNumber: '2',
      postcode: '2333 ZA',
      city: 'Leiden',
      phone: '071 526 9111',
    },
    familyDoctor: { name: 'Dr. A. de Vries', agbCode: familyDoctorAgb },
    letter: { reason: 'Anaemia of unknown cause; prior history: none', 'urgency-period': 'within 4 weeks' },
  });
  expect(draft.statusCode).toBe(201);
  const sent = await post(`/api/referrals/${draft.json().id}/submit`, cookie);
  expect(sent.statusCode).toBe(200);
  return { id: sent.json().id as string, reference: sent.json().reference as string };
}

beforeAll(async () => {
  t = await createTestApp();
  const g = await t.createUser(['referrer'], { agbCode: '01999001' });
  gpId = g.id;
  gp = await t.signIn(g.email);
  otherGp = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999002' })).email);
  const tm = await t.createUser(['transmural-team']);
  teamId = tm.id;
  team = await t.signIn(tm.email);
  patientUser = await t.signIn((await t.createUser(['patient'])).email);
  referral = await sentReferral(gp, '999990032', '01999001');
  // Another practice's referral for a patient of yet another family doctor: the reporter cannot see it.
  foreignReferral = (await sentReferral(otherGp, '999990044', '01999003')).reference;
});
afterAll(() => t?.close());

describe('transmural incident reports', () => {
  let id: string;

  it('R-INC-01: the report form is prefilled with the contact details of the account', async () => {
    const r = await get('/api/incidents/reporter', gp);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      name: 'Test referrer',
      email: expect.stringContaining('@test.loket.nl'),
    });
  });

  it('R-INC-01: a family doctor reports with the fields the page lists, linked to their referral; a double click makes one report', async () => {
    const body = report({ referralReference: referral.reference.toLowerCase() });
    const first = await post('/api/incidents', gp, body, 'incident-key-0001');
    expect(first.statusCode).toBe(201);
    id = first.json().id;
    expect(first.json()).toMatchObject({
      reference: expect.stringMatching(/^TI-\d{4}-\d{6}$/),
      state: 'received',
      access: 'reporter',
      availableActions: [],
      mayWriteMessage: true,
      reporter: { name: 'Dr. A. de Vries', phone: '+31715269111', email: 'huisarts.incident@example.org' },
      occurredOn: '2026-01-12',
      occurredUntil: '2026-01-14',
      careSetting: 'clinic',
      departmentId: 'internal-medicine',
      patient: { initials: 'J.', birthName: 'Jansen', birthDate: '1950-03-01', hospitalNumber: '1234567' },
      consequences: expect.any(String),
      actionTaken: expect.any(String),
      suggestions: expect.any(String),
      referral,
      history: [{ type: 'reported', side: 'reporter', toState: 'received' }],
    });
    const again = await post('/api/incidents', gp, body, 'incident-key-0001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(id);
    const n = await t.app.loket.db
      .selectFrom('incident')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('R-INC-01: no BSN is taken, missing fields are named, and only a referral the reporter can see is linked', async () => {
    const bsn = await post(
      '/api/incidents',
      gp,
      report({ patient: { initials: 'J.', birthName: 'Jansen', birthDate: '1950-03-01', bsn: '999990019' } }),
    );
    expect(bsn.statusCode).toBe(400);
    const asNumber = await post(
      '/api/incidents',
      gp,
      report({
        patient: {
          initials: 'J.',
          birthName: 'Jansen',
          birthDate: '1950-03-01',
          hospitalNumber: '999990019',
        },
      }),
    );
    expect(asNumber.statusCode).toBe(400);
    expect(asNumber.json().problems.map((p: { path: string }) => p.path)).toEqual(['patient.hospitalNumber']);
    const missing = await post('/api/incidents', gp, report({ description: '', careSetting: undefined }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['description', 'careSetting']),
    );
    const foreign = await post('/api/incidents', gp, report({ referralReference: foreignReferral }));
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().problems).toEqual([{ path: 'referralReference', message: expect.any(String) }]);
  });

  it('R-SEC-03: another referrer cannot see the report (404), a patient cannot report, a reporter cannot handle', async () => {
    expect((await get(`/api/incidents/${id}`, otherGp)).statusCode).toBe(404);
    expect((await post(`/api/incidents/${id}/messages`, otherGp, { text: 'Hello' })).statusCode).toBe(404);
    expect((await get('/api/incidents', otherGp)).json().incidents).toEqual([]);
    expect((await post('/api/incidents', patientUser, report())).statusCode).toBe(403);
    expect((await post(`/api/incidents/${id}/actions/start-triage`, gp)).statusCode).toBe(403);
  });

  it('R-INC-01: the transmural team sees every report on its list, and triages', async () => {
    const list = await get('/api/incidents', team);
    expect(list.json()).toMatchObject({ access: 'team', incidents: [{ id, state: 'received' }] });
    const seen = await get(`/api/incidents/${id}`, team);
    expect(seen.json()).toMatchObject({ access: 'team', availableActions: ['start-triage'] });
    const triage = await post(
      `/api/incidents/${id}/actions/start-triage`,
      team,
      { note: 'Taken up' },
      'inc-triage-1',
    );
    expect(triage.statusCode).toBe(200);
    expect(triage.json()).toMatchObject({ state: 'in-triage', availableActions: ['investigate', 'close'] });
    const twice = await post(
      `/api/incidents/${id}/actions/start-triage`,
      team,
      { note: 'Taken up' },
      'inc-triage-1',
    );
    expect(twice.statusCode).toBe(200);
    expect(twice.json().history.filter((h: { type: string }) => h.type === 'state-changed')).toHaveLength(1);
    const wrong = await post(`/api/incidents/${id}/actions/start-triage`, team);
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().code).toBe('incident-step-not-allowed');
  });

  it('R-INC-01: the team writes to the reporter, who answers; the reporter is told by e-mail', async () => {
    const asked = await post(`/api/incidents/${id}/messages`, team, {
      text: 'Which ward was the patient discharged from?',
    });
    expect(asked.statusCode).toBe(201);
    const answered = await post(`/api/incidents/${id}/messages`, gp, { text: 'From ward 4 North.' });
    expect(answered.statusCode).toBe(201);
    expect(answered.json().history.filter((h: { type: string }) => h.type === 'message')).toEqual([
      expect.objectContaining({ side: 'team', note: 'Which ward was the patient discharged from?' }),
      expect.objectContaining({ side: 'reporter', note: 'From ward 4 North.' }),
    ]);
    const mail = await outbox();
    expect(mail.map((m) => m.subject)).toEqual([
      expect.stringMatching(/in behandeling genomen/),
      expect.stringMatching(/nieuw bericht/),
    ]);
  });

  it('R-INC-01: closing needs the conclusion and measures; the team investigates and closes', async () => {
    expect((await post(`/api/incidents/${id}/actions/investigate`, team)).json().state).toBe(
      'under-investigation',
    );
    const empty = await post(`/api/incidents/${id}/actions/close`, team, { conclusion: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().problems).toEqual([{ path: 'conclusion', message: expect.any(String) }]);
    const closed = await post(`/api/incidents/${id}/actions/close`, team, {
      conclusion: 'Discharge letters now go out on the day of discharge; the ward has been informed.',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({
      state: 'closed',
      closedAt: expect.any(String),
      availableActions: [],
      mayWriteMessage: false,
    });
    expect((await post(`/api/incidents/${id}/messages`, gp, { text: 'Thanks' })).statusCode).toBe(409);
  });

  it('R-INC-01: the reporter sees the progress: state, dates, messages and the conclusion', async () => {
    const mine = await get('/api/incidents', gp);
    expect(mine.json()).toMatchObject({ access: 'reporter', incidents: [{ id, state: 'closed' }] });
    const view = (await get(`/api/incidents/${id}`, gp)).json();
    expect(view).toMatchObject({
      state: 'closed',
      conclusion: expect.stringMatching(/day of discharge/),
      createdAt: expect.any(String),
      closedAt: expect.any(String),
    });
    expect(
      view.history
        .filter((h: { type: string }) => h.type === 'state-changed')
        .map((h: { toState: string }) => h.toState),
    ).toEqual(['in-triage', 'under-investigation', 'closed']);
    const mail = await outbox();
    expect(mail).toHaveLength(4);
    expect(mail.at(-1)!.subject).toMatch(/afgesloten/);
    expect(mail.every((m) => !m.body.includes('Jansen') && !m.body.includes('1950'))).toBe(true);
  });

  it('R-SEC-01: reporting, reading, every step and every message are audited, with the patient of the linked referral', async () => {
    const events = await t.app.loket.db
      .selectFrom('audit_event')
      .selectAll()
      .where('object_type', '=', 'incident')
      .where('object_id', '=', id)
      .orderBy('seq')
      .execute();
    const types = events.map((e) => e.event_type);
    expect(types).toEqual(
      expect.arrayContaining([
        'incident.create',
        'incident.read',
        'incident.start-triage',
        'incident.investigate',
        'incident.close',
        'incident.message',
      ]),
    );
    const created = events.find((e) => e.event_type === 'incident.create')!;
    expect(created).toMatchObject({ action: 'C', user_id: gpId, patient_id: expect.any(String) });
    const closed = events.find((e) => e.event_type === 'incident.close')!;
    expect(closed).toMatchObject({ action: 'U', user_id: teamId, patient_id: created.patient_id });
    const linked = await t.app.loket.db
      .selectFrom('referral')
      .select('patient_id')
      .where('id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(created.patient_id).toBe(linked.patient_id);
  });

  it('documents its routes in the OpenAPI description', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/incidents',
        '/api/incidents/{id}/actions/{action}',
        '/api/incidents/{id}/messages',
      ]),
    );
  });
});
