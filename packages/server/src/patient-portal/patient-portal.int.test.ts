import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../testing/harness.ts';
import { REQUESTS_PER_HOUR } from './service.ts';

let t: TestApp;
let oncologyOffice: string;
let oncologyOfficeName: string;
let referrer: string;

let counter = 0;
const email = () => `patient${++counter}-${Date.now()}@example.org`;

/** A patient living abroad, without a BSN, asking the oncology center. */
const request = (over: Record<string, unknown> = {}, patient: Record<string, unknown> = {}) => ({
  patient: {
    givenName: 'Emma',
    familyName: 'Schneider',
    birthDate: '1968-04-02',
    street: 'Hauptstraße',
    houseNumber: '12',
    postcode: '50667',
    city: 'Köln',
    country: 'DE',
    phone: '+49 221 1234567',
    email: email(),
    ...patient,
  },
  hasBsn: false,
  departmentId: 'oncology-center',
  question: 'Is surgery the right treatment for my breast tumour, or should chemotherapy come first?',
  treatingSpecialist: { name: 'Dr. K. Weber', organisation: 'Uniklinik Köln' },
  treatedAbroad: true,
  imagingDone: true,
  password: TEST_PASSWORD,
  consentToObtainRecords: true,
  responsibilitiesRead: true,
  ...over,
});

/** Each request from its own address unless told, so the per-address limit meets only the test about it. */
const post = (
  payload: unknown,
  headers: Record<string, string> = {},
  from = `10.0.${++counter % 250}.${counter % 250}`,
) =>
  t.app.inject({
    method: 'POST',
    url: '/api/patient-portal/requests',
    headers,
    payload: payload as object,
    remoteAddress: from,
  });
const get = (url: string, cookie: string, lang = 'en') =>
  t.app.inject({ method: 'GET', url, headers: { cookie, 'accept-language': lang } });

beforeAll(async () => {
  t = await createTestApp();
  const office = await t.createUser(['back-office'], { departmentIds: ['oncology-center'] });
  oncologyOffice = await t.signIn(office.email);
  oncologyOfficeName = (await t.app.loket.accounts.get(office.id))!.name;
  referrer = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999001' })).email);
});
afterAll(() => t?.close());

describe('the patient\u2019s own second-opinion request', () => {
  it('R-SO-02: a patient requests a second opinion without anyone\u2019s permission: account, record and submitted request in one go', async () => {
    const body = request();
    const res = await post(body, { 'accept-language': 'en' });
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json();
    expect(made.newAccount).toBe(true);
    expect(['received', 'in-triage']).toContain(made.state);

    const cookie = await t.signIn(body.patient.email);
    const overview = await get('/api/patient-portal/overview', cookie);
    expect(overview.statusCode, overview.body).toBe(200);
    const { requests, patientName } = overview.json();
    expect(patientName).toBe('Emma Schneider');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ id: made.id, kind: 'second-opinion', consentGiven: true });
    expect(requests[0].timeline.map((e: { type: string }) => e.type)).toContain('submitted');
    // Treated abroad with imaging: the MRSA result and the DICOM images are still to come (R-SO-04).
    expect(requests[0].missing.length).toBeGreaterThan(0);

    const db = t.app.loket.db;
    const referral = await db
      .selectFrom('referral')
      .selectAll()
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(referral.channel).toBe('portal');
    const so = await db
      .selectFrom('second_opinion')
      .selectAll()
      .where('referral_id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(so.route).toBe('patient');
    const patient = await db
      .selectFrom('patient')
      .selectAll()
      .where('id', '=', referral.patient_id!)
      .executeTakeFirstOrThrow();
    expect(patient.country).toBe('DE');
    // The staff see the request in their department's worklist.
    const worklist = await get('/api/worklist', oncologyOffice);
    expect(worklist.body).toContain(referral.reference);
  });

  it('R-CON-01: the consent to obtain the records is recorded with who, when and the scope', async () => {
    const body = request();
    const before = new Date();
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(201);
    const db = t.app.loket.db;
    const referral = await db
      .selectFrom('referral')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    const consents = await db
      .selectFrom('consent_record')
      .selectAll()
      .where('patient_id', '=', referral.patient_id!)
      .execute();
    expect(consents).toHaveLength(1);
    const user = await db
      .selectFrom('auth.user')
      .select(['id'])
      .where('email', '=', body.patient.email)
      .executeTakeFirstOrThrow();
    expect(consents[0]).toMatchObject({
      referral_id: referral.id,
      scope: 'records-for-second-opinion',
      method: 'portal',
      given_by_user_id: user.id,
      given_by_name: 'Emma Schneider',
      given_by_role: 'patient',
    });
    expect(new Date(consents[0]!.given_at).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it('R-CON-01: without consent, or without reading the responsibilities, nothing is made and the fields are named', async () => {
    for (const [field, value] of [
      ['consentToObtainRecords', false],
      ['responsibilitiesRead', false],
    ] as const) {
      const body = request({ [field]: value });
      const res = await post(body, { 'accept-language': 'nl' });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('invalid-input');
      expect(res.json().message).toContain('Verbeter');
      expect(res.json().problems.map((p: { path: string }) => p.path)).toEqual([field]);
      const user = await t.app.loket.db
        .selectFrom('auth.user')
        .select('id')
        .where('email', '=', body.patient.email)
        .executeTakeFirst();
      expect(user).toBeUndefined();
    }
  });

  it('R-SO-02: a BSN is required only of someone who says they have one, and it must pass the 11-test', async () => {
    const missing = await post(request({ hasBsn: true }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().problems.map((p: { path: string }) => p.path)).toContain('patient.bsn');
    const wrong = await post(
      request({ hasBsn: true }, { bsn: '999990018', country: 'NL', postcode: '2333 ZA' }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().problems.map((p: { path: string }) => p.path)).toContain('patient.bsn');
    const right = await post(
      request({ hasBsn: true }, { bsn: '999990032', country: 'NL', postcode: '2333za' }),
    );
    expect(right.statusCode, right.body).toBe(201);
    const r = await t.app.loket.db
      .selectFrom('referral')
      .select(['patient', 'patient_id'])
      .where('id', '=', right.json().id)
      .executeTakeFirstOrThrow();
    expect((r.patient as { bsn: string }).bsn).toBe('999990032');
  });

  it('R-SO-02: a retry with the same Idempotency-Key makes one account and one request', async () => {
    const body = request();
    const key = `retry-${Date.now()}`;
    const first = await post(body, { 'idempotency-key': key });
    const second = await post(body, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    const users = await t.app.loket.db
      .selectFrom('auth.user')
      .select('id')
      .where('email', '=', body.patient.email)
      .execute();
    expect(users).toHaveLength(1);
    const refs = await t.app.loket.db
      .selectFrom('referral')
      .select('id')
      .where('referrer_email', '=', body.patient.email)
      .execute();
    expect(refs).toHaveLength(1);
  });

  it('R-SO-02: an e-mail address that already has an account is refused with "sign in", and nothing is made', async () => {
    const body = request();
    expect((await post(body)).statusCode).toBe(201);
    const again = await post(request({}, { email: body.patient.email.toUpperCase(), givenName: 'Someone' }), {
      'accept-language': 'en',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('patient-account-exists');
    expect(again.json().message).toMatch(/Sign in/);
    // Nothing about the existing account or its requests is revealed.
    expect(again.body).not.toContain('Emma');
    const refs = await t.app.loket.db
      .selectFrom('referral')
      .select('id')
      .where('referrer_email', '=', body.patient.email)
      .execute();
    expect(refs).toHaveLength(1);
  });

  it('R-SO-02: a department that gives no second opinions is refused', async () => {
    const res = await post(request({ departmentId: 'internal-medicine' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().problems.map((p: { path: string }) => p.path)).toEqual(['departmentId']);
  });

  it('R-SO-02: a signed-in patient asks from the portal without making an account; staff cannot use this form', async () => {
    const body = request();
    expect((await post(body)).statusCode).toBe(201);
    const cookie = await t.signIn(body.patient.email);
    const { password, ...withoutPassword } = request({ departmentId: 'neurology' });
    void password;
    const res = await post(withoutPassword, { cookie });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().newAccount).toBe(false);
    const overview = (await get('/api/patient-portal/overview', cookie)).json();
    expect(overview.requests).toHaveLength(2);
    expect(new Set(overview.requests.map((r: { departmentId: string }) => r.departmentId))).toEqual(
      new Set(['oncology-center', 'neurology']),
    );
    const staff = await post(withoutPassword, { cookie: referrer });
    expect(staff.statusCode).toBe(403);
  });
});

describe('the portal', () => {
  it('R-SO-02: when staff ask the patient for more, the portal shows what is asked and the letter, which only they can download', async () => {
    const body = request({ treatedAbroad: false, imagingDone: false });
    const made = (await post(body)).json();
    const cookie = await t.signIn(body.patient.email);
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/referrals/${made.id}/actions/request-information`,
      headers: { cookie: oncologyOffice },
      payload: {
        missing: ['Letter from Dr. Weber with the proposed treatment'],
        message: 'Please upload it.',
      },
    });
    expect(asked.statusCode, asked.body).toBe(200);

    const mine = (await get('/api/patient-portal/overview', cookie)).json().requests[0];
    expect(mine.state).toBe('awaiting-information');
    expect(mine.missingRequested.missing).toEqual(['Letter from Dr. Weber with the proposed treatment']);
    expect(mine.letters.map((l: { type: string }) => l.type)).toContain('request-information');
    const letter = mine.letters.find((l: { type: string }) => l.type === 'request-information');
    const pdf = await get(`/api/referrals/${made.id}/letters/${letter.id}`, cookie);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    const other = request();
    expect((await post(other)).statusCode).toBe(201);
    const otherCookie = await t.signIn(other.patient.email);
    expect((await get(`/api/referrals/${made.id}/letters/${letter.id}`, otherCookie)).statusCode).toBe(404);
  });
});

describe('who looked at my data', () => {
  it('R-SEC-02: the patient sees who read their referral (name and role), newest first; another patient cannot', async () => {
    const body = request();
    const made = (await post(body)).json();
    const cookie = await t.signIn(body.patient.email);

    // A staff member opens the referral.
    const read = await get(`/api/referrals/${made.id}`, oncologyOffice);
    expect(read.statusCode, read.body).toBe(200);

    const res = await get('/api/patient-portal/access-log', cookie);
    expect(res.statusCode, res.body).toBe(200);
    const log = res.json();
    // Reading the log is itself recorded, and is the newest entry.
    expect(log.entries[0]).toMatchObject({ kind: 'read', eventType: 'patient-portal.access-log' });
    expect(log.entries[0].who.self).toBe(true);
    const staffRead = log.entries.find((e: { eventType: string }) => e.eventType === 'referral.read');
    expect(staffRead).toMatchObject({
      kind: 'read',
      who: { name: oncologyOfficeName, roles: ['back-office'], self: false, system: false },
      reference: made.reference,
    });
    const seqs = log.entries.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    // No internal ids or addresses in what the patient reads.
    expect(res.body).not.toMatch(/127\.0\.0\.1|accessPoint|userId/);

    // Paged.
    const page2 = (await get('/api/patient-portal/access-log?page=2&pageSize=2', cookie)).json();
    expect(page2.entries).toHaveLength(2);
    expect(page2.total).toBeGreaterThan(4);

    // Another patient sees only their own log: nothing of the first patient's.
    const other = request();
    expect((await post(other)).statusCode).toBe(201);
    const otherCookie = await t.signIn(other.patient.email);
    const otherLog = (await get('/api/patient-portal/access-log', otherCookie)).json();
    expect(otherLog.entries.some((e: { reference: string | null }) => e.reference === made.reference)).toBe(
      false,
    );
    expect(JSON.stringify(otherLog)).not.toContain(oncologyOfficeName);
    // Nor can they open the first patient's referral.
    expect((await get(`/api/referrals/${made.id}`, otherCookie)).statusCode).toBe(404);
    // Staff and signed-out visitors do not reach a patient's log at all.
    expect((await get('/api/patient-portal/access-log', oncologyOffice)).statusCode).toBe(403);
    expect((await get('/api/patient-portal/access-log', '')).statusCode).toBe(401);
  });
});

describe('rate limit', () => {
  it('R-SO-02: new accounts from one address are limited per hour, with a clear message', async () => {
    const from = '192.0.2.7';
    for (let i = 0; i < REQUESTS_PER_HOUR; i++)
      expect((await post(request(), { 'accept-language': 'en' }, from)).statusCode).toBe(201);
    const res = await post(request(), { 'accept-language': 'en' }, from);
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('rate-limited');
    expect(res.json().message).toMatch(/try again/);
    // Another address is not affected.
    expect((await post(request(), {}, '192.0.2.8')).statusCode).toBe(201);
  });
});
