import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidBsn } from '@loket/domain';
import { createTestApp, type TestApp } from '../testing/harness.ts';

/**
 * Costs and insurance of second opinions (R-COST-01 … 04), through the real API on a real database. Second
 * opinions come in through the back office's registration (the intake path); how they are reviewed belongs to
 * the second-opinions capability, so a test moves one to "accepted" straight in the table before scheduling.
 */
let t: TestApp;
let referrer: string;
let referrerId: string;
let otherReferrer: string;
let backOffice: string;
let specialist: string;
let careAdmin: string;
let patientUser: string;
let patientUserId: string;
let otherPatient: string;
let otherPatientId: string;

const BSN_A = '999990019';
const BSN_B = '999990032';
const BSN_C = '999990044';

const get = (url: string, cookie: string, lang = 'nl') =>
  t.app.inject({ method: 'GET', url, headers: { cookie, 'accept-language': lang } });
const send = (method: 'POST' | 'PUT', url: string, cookie: string, payload: object = {}, lang = 'nl') =>
  t.app.inject({ method, url, headers: { cookie, 'accept-language': lang }, payload });
const costs = (id: string, cookie: string) => get(`/api/costs/referrals/${id}`, cookie);
const act = (id: string, action: string, cookie: string, payload: object = {}, lang = 'nl') =>
  send('POST', `/api/referrals/${id}/actions/${action}`, cookie, payload, lang);
const schedule = (id: string, lang = 'nl') =>
  act(
    id,
    'schedule',
    backOffice,
    { start: '2026-12-15T10:00:00+01:00', location: 'Polikliniek Oncologie' },
    lang,
  );

const today = () => new Date().toISOString().slice(0, 10);

async function register(
  bsn: string,
  familyName: string,
  email: string | null,
  receivedOn?: string,
): Promise<{ id: string; reference: string }> {
  const r = await send('POST', '/api/referrals/register', backOffice, {
    departmentId: 'oncology-center',
    kind: 'second-opinion',
    urgency: 'routine',
    channel: 'email',
    ...(receivedOn ? { receivedOn } : {}),
    patient: {
      bsn,
      givenName: 'Anna',
      familyName,
      birthDate: '1961-05-04',
      street: 'Albinusdreef',
      houseNumber: '2',
      postcode: '2333 ZA',
      city: 'Leiden',
      phone: '071 526 9111',
      ...(email ? { email } : {}),
    },
    letter: { reason: 'Second opinion on the proposed treatment of breast cancer' },
    referrer: { name: 'Dr. S. Specialist', agbCode: null, specialism: 'surgery', email: null },
  });
  expect(r.statusCode, r.body).toBe(201);
  return { id: r.json().id, reference: r.json().reference };
}

/** The referrer's own request, accepted after review (the review is another capability's). */
async function acceptedOf(id: string) {
  await t.app.loket.db
    .updateTable('referral')
    .set({ state: 'accepted', created_by: referrerId, referrer_user_id: referrerId })
    .where('id', '=', id)
    .execute();
}

async function linkPatient(userId: string, referralId: string) {
  const r = await t.app.loket.db
    .selectFrom('referral')
    .select('patient_id')
    .where('id', '=', referralId)
    .executeTakeFirstOrThrow();
  await t.app.loket.db
    .insertInto('patient_account')
    .values({ user_id: userId, patient_id: r.patient_id! })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

const mails = (recipient: string) =>
  t.app.loket.db
    .selectFrom('outbox_message')
    .select(['subject', 'body', 'referral_id'])
    .where('recipient', '=', recipient)
    .orderBy('id')
    .execute();

const events = (referralId: string) =>
  t.app.loket.db
    .selectFrom('referral_event')
    .select(['type', 'visibility', 'data'])
    .where('referral_id', '=', referralId)
    .orderBy('id')
    .execute();

beforeAll(async () => {
  for (const bsn of [BSN_A, BSN_B, BSN_C]) expect(isValidBsn(bsn)).toBe(true);
  t = await createTestApp();
  const rf = await t.createUser(['referrer'], { agbCode: '03999001' });
  referrerId = rf.id;
  referrer = await t.signIn(rf.email);
  otherReferrer = await t.signIn((await t.createUser(['referrer'], { agbCode: '03999002' })).email);
  backOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['oncology-center'] })).email,
  );
  specialist = await t.signIn(
    (await t.createUser(['specialist'], { departmentIds: ['oncology-center'] })).email,
  );
  careAdmin = await t.signIn((await t.createUser(['care-administration'])).email);
  const p = await t.createUser(['patient']);
  patientUserId = p.id;
  patientUser = await t.signIn(p.email);
  const o = await t.createUser(['patient']);
  otherPatientId = o.id;
  otherPatient = await t.signIn(o.email);
});
afterAll(() => t?.close());

describe('costs and insurance of a second opinion', () => {
  let a: { id: string; reference: string };

  it('R-COST-01: when the request comes in, the patient is reminded on the page and by e-mail (no BSN)', async () => {
    a = await register(BSN_A, 'Bakker', 'anna.bakker@example.org');
    await acceptedOf(a.id);
    await linkPatient(patientUserId, a.id);
    const sent = await mails('anna.bakker@example.org');
    const reminder = sent.find((m) => m.subject.includes('zorgverzekeraar'));
    expect(reminder).toMatchObject({ referral_id: a.id, subject: expect.stringContaining(a.reference) });
    expect(reminder!.body).not.toContain(BSN_A);
    expect((await events(a.id)).map((e) => e.type)).toContain('costs-reminder-sent');

    const view = await costs(a.id, patientUser);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      reference: a.reference,
      departmentId: 'oncology-center',
      patientName: 'Anna Bakker',
      reminder: true,
      insurance: null,
      coverage: null,
      flag: null,
      blocks: [],
      openItems: ['coverage-unknown'],
      access: { recordInsurance: true, recordCoverage: true, manage: false },
      policy: { advanceCents: 50_000, flagWindowMonths: 12 },
    });
  });

  it('R-COST-01: another patient and another referrer get 404; reading is audited', async () => {
    expect((await costs(a.id, otherPatient)).statusCode).toBe(404);
    expect((await costs(a.id, otherReferrer)).statusCode).toBe(404);
    expect(
      (
        await send('PUT', `/api/costs/referrals/${a.id}/insurance`, otherPatient, {
          insurer: 'X',
          policyNumber: 'P1',
          country: 'NL',
        })
      ).statusCode,
    ).toBe(404);
    const audit = await t.app.loket.db
      .selectFrom('audit_event')
      .select(['event_type', 'patient_id'])
      .where('event_type', '=', 'costs.read')
      .where('object_id', '=', a.id)
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]!.patient_id).not.toBeNull();
  });

  it("R-COST-01: the referrer records the insurance; a BSN as policy number is refused in the reader's language", async () => {
    const bad = await send(
      'PUT',
      `/api/costs/referrals/${a.id}/insurance`,
      referrer,
      {
        insurer: 'Zilveren Kruis',
        policyNumber: BSN_A,
        country: 'NL',
      },
      'en',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'invalid-input',
      problems: [{ path: 'policyNumber', message: expect.stringMatching(/BSN/) }],
    });
    const ok = await send('PUT', `/api/costs/referrals/${a.id}/insurance`, referrer, {
      insurer: 'Zilveren Kruis',
      policyNumber: 'ZK-123456',
      country: 'nl',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().insurance).toMatchObject({
      insurer: 'Zilveren Kruis',
      policyNumber: 'ZK-123456',
      country: 'NL',
      abroad: false,
      recorded: { name: 'Test referrer', role: 'referrer' },
    });
  });

  it('R-COST-01: only the patient or care administration records what the insurer said', async () => {
    const body = { outcome: 'covered', checkedOn: today(), note: null };
    const byReferrer = await send('PUT', `/api/costs/referrals/${a.id}/coverage`, referrer, body);
    expect(byReferrer.statusCode).toBe(403);
    expect(byReferrer.json().code).toBe('costs-coverage-not-permitted');
  });

  it('R-COST-03: "not covered" asks an advance of the setting\'s amount and e-mails the patient', async () => {
    const r = await send('PUT', `/api/costs/referrals/${a.id}/coverage`, patientUser, {
      outcome: 'not-covered',
      checkedOn: today(),
      note: 'Called the insurer; no second opinion in my policy',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      reminder: false,
      coverage: { outcome: 'not-covered', recorded: { role: 'patient' } },
      advance: { requestedCents: 50_000, paid: null },
      blocks: ['advance-unpaid'],
      openItems: ['advance-unpaid'],
    });
    const sent = await mails('anna.bakker@example.org');
    expect(sent.at(-1)!.body).toMatch(/voorschot van €\s500,00/);
  });

  it('R-COST-03: schedule is refused until the advance is paid; a referrer cannot record the payment; then allowed', async () => {
    const refused = await schedule(a.id, 'en');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'costs-advance-unpaid',
      message: expect.stringMatching(/advance .* has not been paid/),
      advanceCents: 50_000,
    });
    expect((await schedule(a.id)).json().message).toMatch(/voorschot/);

    const payment = { amountCents: 50_000, paidOn: today(), reference: 'BANK-2026-0042' };
    const byReferrer = await send('POST', `/api/costs/referrals/${a.id}/advance-payment`, referrer, payment);
    expect(byReferrer.statusCode).toBe(403);
    const byBackOffice = await send(
      'POST',
      `/api/costs/referrals/${a.id}/advance-payment`,
      backOffice,
      payment,
    );
    expect(byBackOffice.statusCode).toBe(403);
    const short = await send('POST', `/api/costs/referrals/${a.id}/advance-payment`, careAdmin, {
      ...payment,
      amountCents: 20_000,
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().problems[0].path).toBe('amountCents');

    const paid = await send('POST', `/api/costs/referrals/${a.id}/advance-payment`, careAdmin, payment);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({
      advance: { requestedCents: 50_000, paid: { amountCents: 50_000, reference: 'BANK-2026-0042' } },
      blocks: [],
    });
    const again = await send('POST', `/api/costs/referrals/${a.id}/advance-payment`, careAdmin, payment);
    expect(again.json().code).toBe('costs-advance-already-paid');

    const s = await schedule(a.id);
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json().state).toBe('scheduled');
  });

  it('R-COST-03: after the consultation care administration settles the real cost with the advance deducted', async () => {
    const body = { actualCostCents: 65_000, settledOn: today(), note: 'Extra MRI' };
    const early = await send('POST', `/api/costs/referrals/${a.id}/settlement`, careAdmin, body);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('costs-settle-too-early');
    expect((await act(a.id, 'record-consult', specialist, { note: null })).statusCode).toBe(200);
    expect((await costs(a.id, careAdmin)).json().openItems).toEqual(['to-settle']);
    const settled = await send('POST', `/api/costs/referrals/${a.id}/settlement`, careAdmin, body);
    expect(settled.statusCode, settled.body).toBe(200);
    expect(settled.json()).toMatchObject({
      settlement: { actualCostCents: 65_000, advanceCents: 50_000, balanceCents: 15_000 },
      openItems: [],
    });
    const types = (await events(a.id)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'costs-insurance-recorded',
        'costs-coverage-recorded',
        'costs-advance-requested',
        'costs-advance-paid',
        'costs-settled',
      ]),
    );
    const audit = await t.app.loket.db
      .selectFrom('audit_event')
      .select('event_type')
      .where('object_id', '=', a.id)
      .where('event_type', 'like', 'costs.%')
      .execute();
    expect(audit.map((x) => x.event_type)).toEqual(
      expect.arrayContaining(['costs.insurance', 'costs.coverage', 'costs.advance-paid', 'costs.settled']),
    );
  });

  it('R-COST-04: a patient insured abroad is refused an appointment until care administration records the clearance', async () => {
    const b = await register(BSN_B, 'Müller', 'b.mueller@example.de');
    await acceptedOf(b.id);
    const ins = await send('PUT', `/api/costs/referrals/${b.id}/insurance`, referrer, {
      insurer: 'AOK Rheinland',
      policyNumber: 'A123456789',
      country: 'DE',
    });
    expect(ins.json()).toMatchObject({
      insurance: { abroad: true },
      abroad: { needed: true, cleared: null },
      blocks: ['abroad-not-cleared'],
    });
    expect((await mails('b.mueller@example.de')).some((m) => m.subject.includes('buitenland'))).toBe(true);
    const refused = await schedule(b.id, 'en');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'costs-abroad-not-cleared', message: /costs team/ });

    const missingNote = await send('POST', `/api/costs/referrals/${b.id}/abroad-clearance`, careAdmin, {
      arrangement: 'other',
    });
    expect(missingNote.statusCode).toBe(400);
    expect(
      (
        await send('POST', `/api/costs/referrals/${b.id}/abroad-clearance`, referrer, {
          arrangement: 'insurer-guarantee',
        })
      ).statusCode,
    ).toBe(403);
    const cleared = await send('POST', `/api/costs/referrals/${b.id}/abroad-clearance`, careAdmin, {
      arrangement: 'insurer-guarantee',
      note: 'Guarantee letter AOK received by e-mail',
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({
      abroad: { cleared: { arrangement: 'insurer-guarantee' } },
      blocks: [],
    });
    expect((await schedule(b.id)).statusCode).toBe(200);
  });

  it('R-COST-04: a patient insured in the Netherlands needs no clearance', async () => {
    const r = await send('POST', `/api/costs/referrals/${a.id}/abroad-clearance`, careAdmin, {
      arrangement: 'advance-paid',
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('costs-not-abroad');
  });

  it('R-COST-02: a second request of the same patient within 12 months is flagged to patient and staff', async () => {
    const second = await register(BSN_A, 'Bakker', 'anna.bakker@example.org');
    const flagged = (await events(second.id)).find((e) => e.type === 'costs-second-within-year');
    expect(flagged).toMatchObject({ visibility: 'everyone' });
    const asPatient = await costs(second.id, patientUser);
    expect(asPatient.json().flag).toMatchObject({ earlier: [{ departmentId: 'oncology-center' }] });
    const asCareAdmin = await costs(second.id, careAdmin);
    expect(asCareAdmin.json().flag).not.toBeNull();
    // The first one is not flagged by the later one.
    expect((await costs(a.id, careAdmin)).json().flag).toBeNull();
  });

  it('R-COST-02: a request more than 12 months after the previous one is not flagged', async () => {
    const year = new Date().getUTCFullYear();
    const old = await register(BSN_C, 'de Jong', null, `${year - 2}-01-15`);
    const recent = await register(BSN_C, 'de Jong', null);
    expect((await costs(recent.id, careAdmin)).json().flag).toBeNull();
    expect((await events(recent.id)).some((e) => e.type === 'costs-second-within-year')).toBe(false);
    expect(old.id).not.toBe(recent.id);
  });

  it('R-COST-01: care administration lists open cost items across departments, audited, with only what it needs', async () => {
    const c = await register(BSN_B, 'Müller', null);
    const list = await get('/api/costs', careAdmin);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { referralId: string; openItems: string[] }[];
    const item = items.find((i) => i.referralId === c.id);
    expect(item).toMatchObject({ patientName: 'Anna Müller', departmentId: 'oncology-center' });
    expect(Object.keys(item!).sort()).toEqual(
      [
        'departmentId',
        'openItems',
        'patientName',
        'receivedOn',
        'reference',
        'referralId',
        'referralState',
      ].sort(),
    );
    expect(items.some((i) => i.referralId === a.id)).toBe(false);
    expect(JSON.stringify(list.json())).not.toContain(BSN_B);
    expect((await get('/api/costs', backOffice)).statusCode).toBe(403);
    expect((await get('/api/costs', referrer)).statusCode).toBe(403);
    const audit = await t.app.loket.db
      .selectFrom('audit_event')
      .select('details')
      .where('event_type', '=', 'costs.list')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    // Care administration reads the costs, never the referral itself.
    expect((await get(`/api/referrals/${c.id}`, careAdmin)).statusCode).toBe(403);
    void otherPatientId;
  });

  it('R-COST-03: the advance is a setting', async () => {
    const admin = await t.signIn((await t.createUser(['administrator'])).email);
    const put = await send('PUT', '/api/admin/settings/costs-policy', admin, {
      advanceCents: 75_000,
      flagWindowMonths: 12,
    });
    expect(put.statusCode, put.body).toBe(200);
    const d = await register(BSN_C, 'de Jong', null);
    await send('PUT', `/api/costs/referrals/${d.id}/insurance`, careAdmin, {
      insurer: 'CZ',
      policyNumber: 'CZ-1',
      country: 'NL',
    });
    const r = await send('PUT', `/api/costs/referrals/${d.id}/coverage`, careAdmin, {
      outcome: 'not-covered',
      checkedOn: today(),
    });
    expect(r.json().advance.requestedCents).toBe(75_000);
  });
});
