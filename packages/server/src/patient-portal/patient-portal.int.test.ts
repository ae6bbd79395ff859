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

/** The e-mails queued for an address, newest first. */
const mailsTo = (to: string) =>
  t.app.loket.db
    .selectFrom('outbox_message')
    .select(['subject', 'body'])
    .where('recipient', '=', to)
    .orderBy('id', 'desc')
    .execute();
const tokenIn = (body: string) => /\/second-opinion\/confirm#([\w-]+)/.exec(body)?.[1];
const confirm = (token: string) =>
  t.app.inject({ method: 'POST', url: '/api/patient-portal/confirm', payload: { token } });
const requestOf = (email: string) =>
  t.app.loket.db
    .selectFrom('referral')
    .selectAll()
    .where('referrer_email', '=', email)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();

/** A newcomer asks, confirms the address with the link in the e-mail, and signs in. */
async function newcomer(
  body: ReturnType<typeof request>,
  headers: Record<string, string> = {},
  from?: string,
) {
  const res = await post(body, headers, from);
  expect(res.statusCode, res.body).toBe(202);
  const mail = (await mailsTo(body.patient.email)).find((m) => tokenIn(m.body));
  expect(mail, 'a confirmation e-mail').toBeDefined();
  const confirmed = await confirm(tokenIn(mail!.body)!);
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  const cookie = await t.signIn(body.patient.email);
  return { res, cookie, referral: await requestOf(body.patient.email), confirmed: confirmed.json() };
}

beforeAll(async () => {
  t = await createTestApp();
  const office = await t.createUser(['back-office'], { departmentIds: ['oncology-center'] });
  oncologyOffice = await t.signIn(office.email);
  oncologyOfficeName = (await t.app.loket.accounts.get(office.id))!.name;
  referrer = await t.signIn((await t.createUser(['referrer'], { agbCode: '01999001' })).email);
});
afterAll(() => t?.close());

describe('the patient\u2019s own second-opinion request', () => {
  it('R-SO-02: a patient requests a second opinion without anyone\u2019s permission: account, record and submitted request in one go, seen after confirming the address', async () => {
    const body = request();
    const res = await post(body, { 'accept-language': 'en' });
    // Signed out the answer is always "check your e-mail" (docs/security.md section 7): no id, no cookie.
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ status: 'check-your-email' });
    expect(res.headers['set-cookie']).toBeUndefined();
    const made = await requestOf(body.patient.email);
    expect(['received', 'in-triage']).toContain(made.state);

    // The account waits for its address: the right password does not sign in yet.
    const early = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: body.patient.email, password: TEST_PASSWORD },
    });
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('EMAIL_NOT_CONFIRMED');
    expect(early.headers['set-cookie'] ?? '').not.toContain('session_token=');

    // The e-mail, in the language of the request, names the request and carries the link.
    const [mail] = await mailsTo(body.patient.email).then((all) => all.filter((m) => tokenIn(m.body)));
    expect(mail!.subject).toBe(
      `Confirm your e-mail address for your second-opinion request ${made.reference}`,
    );
    const token = tokenIn(mail!.body)!;
    const db = t.app.loket.db;
    // Only a hash of the token is stored.
    expect(JSON.stringify(await db.selectFrom('auth.verification').selectAll().execute())).not.toContain(
      token,
    );
    const confirmed = await confirm(token);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ email: body.patient.email, reference: made.reference });
    const user = await db
      .selectFrom('auth.user')
      .select('emailVerified')
      .where('email', '=', body.patient.email)
      .executeTakeFirstOrThrow();
    expect(user.emailVerified).toBe(true);
    // The link works once.
    const again = await confirm(token);
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('confirmation-link-invalid');
    expect((await confirm('not-a-token-at-all-but-long-enough')).statusCode).toBe(400);

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
    expect(res.statusCode, res.body).toBe(202);
    const db = t.app.loket.db;
    const referral = await requestOf(body.patient.email);
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
    const withBsn = request({ hasBsn: true }, { bsn: '999990032', country: 'NL', postcode: '2333za' });
    const right = await post(withBsn);
    expect(right.statusCode, right.body).toBe(202);
    const r = await requestOf(withBsn.patient.email);
    expect((r.patient as { bsn: string }).bsn).toBe('999990032');
    // The BSN never goes into the e-mail (R-ID-04).
    expect((await mailsTo(withBsn.patient.email)).map((m) => m.body).join('\n')).not.toContain('999990032');
  });

  it('R-SO-02: a retry with the same Idempotency-Key makes one account, one request and one e-mail', async () => {
    const body = request();
    const key = `retry-${Date.now()}`;
    const first = await post(body, { 'idempotency-key': key });
    const second = await post(body, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(202);
    expect(second.statusCode, second.body).toBe(202);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toBe(first.body);
    expect((await mailsTo(body.patient.email)).filter((m) => tokenIn(m.body))).toHaveLength(1);
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

  it('R-SO-02: an address that already has an account gets the same answer, nothing is made, and its owner is told by e-mail to sign in and ask again', async () => {
    const body = request();
    await newcomer(body);
    const before = (await mailsTo(body.patient.email)).length;
    const key = `known-${Date.now()}`;
    const other = request({}, { email: body.patient.email.toUpperCase(), givenName: 'Someone' });
    const again = await post(other, { 'accept-language': 'nl', 'idempotency-key': key });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ status: 'check-your-email' });
    const refs = await t.app.loket.db
      .selectFrom('referral')
      .select('id')
      .where('referrer_email', 'in', [body.patient.email, other.patient.email])
      .execute();
    expect(refs).toHaveLength(1);
    expect(
      await t.app.loket.db
        .selectFrom('patient')
        .select('id')
        .where('given_name', '=', 'Someone')
        .where('email', 'in', [body.patient.email, other.patient.email])
        .execute(),
    ).toHaveLength(0);
    // The owner is told, in the language of the request, without a confirmation link.
    const mails = await mailsTo(body.patient.email);
    expect(mails).toHaveLength(before + 1);
    expect(mails[0]!.subject).toBe('Iemand vroeg een second opinion aan met uw e-mailadres');
    expect(mails[0]!.body).toContain('/sign-in?next=%2Fsecond-opinion%2Frequest');
    expect(tokenIn(mails[0]!.body)).toBeUndefined();
    // A retry with the same key is answered as a retry, and tells the owner only once.
    const retry = await post(other, { 'accept-language': 'nl', 'idempotency-key': key });
    expect(retry.statusCode).toBe(202);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await mailsTo(body.patient.email)).toHaveLength(before + 1);
  });

  it('R-SO-02: an address whose account still waits for confirmation gets a new link; the new request is not stored', async () => {
    const body = request();
    expect((await post(body)).statusCode).toBe(202);
    const again = await post(request({ departmentId: 'neurology' }, { email: body.patient.email }));
    expect(again.statusCode).toBe(202);
    const links = (await mailsTo(body.patient.email)).filter((m) => tokenIn(m.body));
    expect(links).toHaveLength(2);
    expect(links[0]!.subject).toBe('Bevestig uw e-mailadres voor uw second-opinionaanvraag');
    const confirmed = await confirm(tokenIn(links[0]!.body)!);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    // Confirmed: every link of the account has done its work.
    expect((await confirm(tokenIn(links[1]!.body)!)).statusCode).toBe(400);
    const overview = (await get('/api/patient-portal/overview', await t.signIn(body.patient.email))).json();
    expect(overview.requests.map((r: { departmentId: string }) => r.departmentId)).toEqual([
      'oncology-center',
    ]);
  });

  it('R-SO-02: a department that gives no second opinions is refused', async () => {
    const res = await post(request({ departmentId: 'internal-medicine' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().problems.map((p: { path: string }) => p.path)).toEqual(['departmentId']);
  });

  it('R-SO-02: a signed-in patient asks from the portal without making an account; staff cannot use this form', async () => {
    const body = request();
    const { cookie } = await newcomer(body);
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
    const { referral: made, cookie } = await newcomer(body);
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

    const { cookie: otherCookie } = await newcomer(request());
    expect((await get(`/api/referrals/${made.id}/letters/${letter.id}`, otherCookie)).statusCode).toBe(404);
  });
});

describe('who looked at my data', () => {
  it('R-SEC-02: the patient sees who read their referral (name and role), newest first; another patient cannot', async () => {
    const { referral: made, cookie } = await newcomer(request());

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
    const { cookie: otherCookie } = await newcomer(request());
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
  it('R-SO-02: new accounts from one address are limited per hour, with a clear message; known addresses count too', async () => {
    const from = '192.0.2.7';
    const known = request();
    await newcomer(known, {}, '192.0.2.9');
    expect((await post(request({}, { email: known.patient.email }), {}, from)).statusCode).toBe(202);
    for (let i = 1; i < REQUESTS_PER_HOUR; i++)
      expect((await post(request(), { 'accept-language': 'en' }, from)).statusCode).toBe(202);
    const res = await post(request(), { 'accept-language': 'en' }, from);
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('rate-limited');
    expect(res.json().message).toMatch(/try again/);
    // Another address is not affected.
    expect((await post(request(), {}, '192.0.2.8')).statusCode).toBe(202);
  });
});
