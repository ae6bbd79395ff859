import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { argon2Options } from '../../accounts/auth.ts';
import {
  cookieHeader,
  createTestApp,
  PUBLIC_URL,
  TEST_PASSWORD,
  totpCode,
  type TestApp,
} from '../../testing/harness.ts';
import { cookieProblems } from '../log-scan/findings.ts';

/**
 * Sessions and sign-in (issue 7, part 7). Sign-out and disabling an account ending the session at once, the
 * sign-in rate limit, and staff needing their second factor are proven in accounts/accounts.int.test.ts; this file
 * adds the password hash parameters, the cookie attributes of every response, both timeouts, the lockout of the
 * second factor and the absence of account enumeration.
 */
const argon2Calls = vi.hoisted(() => ({ hash: 0, verify: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...real,
    hash: (...args: Parameters<typeof real.hash>) => (argon2Calls.hash++, real.hash(...args)),
    verify: (...args: Parameters<typeof real.verify>) => (argon2Calls.verify++, real.verify(...args)),
  };
});

let t: TestApp;
const responses: LightMyRequestResponse[] = [];
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function call(
  method: 'GET' | 'POST',
  url: string,
  options: { cookie?: string; payload?: object } = {},
) {
  const r = await t.app.inject({
    method,
    url,
    headers: { origin: PUBLIC_URL, ...(options.cookie ? { cookie: options.cookie } : {}) },
    ...(options.payload ? { payload: options.payload } : {}),
  });
  responses.push(r);
  return r;
}
const signIn = (email: string, password: string) =>
  call('POST', '/api/auth/sign-in/email', { payload: { email, password } });
const me = async (cookie: string) => (await call('GET', '/api/me', { cookie })).json();
const sessionOf = (userId: string) =>
  t.app.loket.db
    .selectFrom('auth.session')
    .selectAll()
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();

describe('passwords', () => {
  it('stored password hashes are Argon2id with at least OWASP parameters (19 MiB, 2 passes)', async () => {
    expect(argon2Options).toMatchObject({ algorithm: 2 }); // 2 = Argon2id
    await t.createUser(['referrer']);
    await t.createUser(['back-office']);
    const hashes = await t.app.loket.db
      .selectFrom('auth.account')
      .select('password')
      .where('providerId', '=', 'credential')
      .execute();
    expect(hashes.length).toBeGreaterThanOrEqual(2);
    for (const { password } of hashes) {
      const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(password ?? '');
      expect(m, 'an Argon2id hash').not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(19_456);
      expect(Number(m![2])).toBeGreaterThanOrEqual(2);
      expect(Number(m![3])).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('timeouts', () => {
  it('a session expires after the idle timeout, and its use within it is what keeps it', async () => {
    const u = await t.createUser(['referrer']);
    const cookie = await t.signIn(u.email);
    const s = (await sessionOf(u.id))!;
    const idleMs = t.config.sessionIdleMinutes * 60_000;
    expect(Math.abs(s.expiresAt.getTime() - s.createdAt.getTime() - idleMs)).toBeLessThan(5_000);
    expect((await me(cookie)).signedIn).toBe(true);
    // Idle for longer than the timeout: the session is over.
    await t.app.loket.db
      .updateTable('auth.session')
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where('id', '=', s.id)
      .execute();
    expect((await me(cookie)).signedIn).toBe(false);
  });

  it('a session ends after the absolute timeout however active it is, and is deleted', async () => {
    const u = await t.createUser(['referrer']);
    const cookie = await t.signIn(u.email);
    const s = (await sessionOf(u.id))!;
    expect((await me(cookie)).signedIn).toBe(true);
    const started = new Date(Date.now() - t.config.sessionMaxHours * 3_600_000 - 60_000);
    // Still within its idle time (just used), but started longer ago than the maximum.
    await t.app.loket.db
      .updateTable('auth.session')
      .set({ createdAt: started, expiresAt: new Date(Date.now() + 600_000) })
      .where('id', '=', s.id)
      .execute();
    expect((await me(cookie)).signedIn).toBe(false);
    expect(await sessionOf(u.id)).toBeUndefined();
  });

  it('using a session slides its idle expiry forward, at most once a minute, and renews the browser cookie with it', async () => {
    const u = await t.createUser(['referrer']);
    const cookie = await t.signIn(u.email);
    const s = (await sessionOf(u.id))!;
    // Signed in two minutes ago and not used since: the next request is due to slide the expiry.
    const soon = new Date(Date.now() + t.config.sessionIdleMinutes * 60_000 - 120_000);
    await t.app.loket.db
      .updateTable('auth.session')
      .set({ expiresAt: soon })
      .where('id', '=', s.id)
      .execute();
    const used = await call('GET', '/api/me', { cookie });
    expect(used.json().signedIn).toBe(true);
    const slid = (await sessionOf(u.id))!.expiresAt;
    expect(slid.getTime()).toBeGreaterThan(soon.getTime() + 60_000);
    // The browser gets the same cookie with a fresh Max-Age, or it would drop it while the session lives on.
    const refreshed = [used.headers['set-cookie'] ?? []].flat().map(String);
    const value = /loket\.session_token=([^;]+)/.exec(cookie)![1];
    expect(refreshed).toEqual([
      expect.stringContaining(
        `__Host-loket.session_token=${value}; Max-Age=${t.config.sessionIdleMinutes * 60};`,
      ),
    ]);
    expect(cookieProblems(refreshed[0]!)).toEqual([]);
    // Used again at once: no new write, and no cookie.
    const again = await call('GET', '/api/me', { cookie });
    expect(again.json().signedIn).toBe(true);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await sessionOf(u.id))!.expiresAt.getTime()).toBe(slid.getTime());
  });

  it('a session cookie whose signature does not hold signs nobody in, even with a real token', async () => {
    const u = await t.createUser(['referrer']);
    const cookie = await t.signIn(u.email);
    expect((await me(cookie)).signedIn).toBe(true);
    const [, name, value] = /(\S*loket\.session_token)=([^;]+)/.exec(cookie)!;
    const signed = decodeURIComponent(value!);
    const token = signed.slice(0, signed.lastIndexOf('.'));
    const forged = `${token}.${Buffer.alloc(32, 7).toString('base64')}`;
    expect((await me(`${name}=${encodeURIComponent(forged)}`)).signedIn).toBe(false);
    expect((await me(`${name}=${encodeURIComponent(token)}`)).signedIn).toBe(false);
    expect((await me(`${name}=${encodeURIComponent(signed)}`)).signedIn).toBe(true);
  });
});

describe('back-off', () => {
  it('after 10 wrong codes the second factor is locked: even the right code is refused', async () => {
    const u = await t.createUser(['back-office']);
    const first = await signIn(u.email, TEST_PASSWORD);
    expect(first.json()).toMatchObject({ twoFactorRedirect: true });
    const pending = cookieHeader(first);
    const right = await totpCode();
    const wrong = right === '000000' ? '111111' : '000000';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push(
        (
          await call('POST', '/api/auth/two-factor/verify-totp', {
            cookie: pending,
            payload: { code: wrong },
          })
        ).statusCode,
      );
    // Each wrong code is refused (401, or 400 from the library for some attempts).
    expect(statuses.filter((s) => s >= 400 && s < 500)).toHaveLength(10);
    const locked = await call('POST', '/api/auth/two-factor/verify-totp', {
      cookie: pending,
      payload: { code: await totpCode() },
    });
    expect(locked.statusCode).not.toBe(200);
    expect(locked.cookies.find((c) => c.name === '__Host-loket.session_token' && c.value)).toBeUndefined();
  });
});

describe('no account enumeration', () => {
  it('an unknown address and a wrong password get the same answer after the same work (one Argon2id each)', async () => {
    const u = await t.createUser(['referrer']);
    argon2Calls.hash = 0;
    argon2Calls.verify = 0;
    const wrong = await signIn(u.email, 'not the password at all');
    const wrongWork = argon2Calls.hash + argon2Calls.verify;
    argon2Calls.hash = 0;
    argon2Calls.verify = 0;
    const unknown = await signIn('nobody-at-all@test.loket.nl', 'not the password at all');
    const unknownWork = argon2Calls.hash + argon2Calls.verify;
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(wrong.statusCode);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.headers['set-cookie']).toEqual(wrong.headers['set-cookie']);
    // Both run exactly one Argon2id computation with the same parameters: a verify, or a hash of the attempt.
    expect(wrongWork).toBe(1);
    expect(unknownWork).toBe(1);
  });

  it('self sign-up and password reset answer the same for a known and an unknown address', async () => {
    const u = await t.createUser(['patient']);
    for (const [url, body] of [
      ['/api/auth/sign-up/email', { name: 'X', password: 'a long enough password' }],
      ['/api/auth/request-password-reset', { redirectTo: '/' }],
      ['/api/auth/forget-password', { redirectTo: '/' }],
    ] as const) {
      const known = await call('POST', url, { payload: { ...body, email: u.email } });
      const unknown = await call('POST', url, { payload: { ...body, email: 'nobody-else@test.loket.nl' } });
      expect(known.statusCode, url).toBe(unknown.statusCode);
      expect(known.statusCode, url).not.toBe(200);
      expect(known.body, url).toBe(unknown.body);
    }
  });
});

describe('no account enumeration by the public second-opinion request', () => {
  /** A signed-out request for a second opinion (patient-portal), from an address of the caller's choice. */
  const secondOpinion = (email: string, lang: 'nl' | 'en', from: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/patient-portal/requests',
      remoteAddress: from,
      headers: { origin: PUBLIC_URL, 'accept-language': lang },
      payload: {
        patient: {
          givenName: 'Mila',
          familyName: 'Jansen',
          birthDate: '1971-09-14',
          street: 'Rapenburg',
          houseNumber: '70',
          postcode: '2311 EZ',
          city: 'Leiden',
          country: 'NL',
          phone: '+31 71 123 4567',
          email,
        },
        hasBsn: false,
        departmentId: 'oncology-center',
        question: 'Is the proposed operation the best treatment, or should chemotherapy come first?',
        treatingSpecialist: { name: 'Dr. A. de Vries', organisation: 'Alrijne Ziekenhuis' },
        treatedAbroad: false,
        imagingDone: false,
        password: 'a long password of her own',
        consentToObtainRecords: true,
        responsibilitiesRead: true,
      },
    });
  const mailsTo = (to: string) =>
    t.app.loket.db
      .selectFrom('outbox_message')
      .select(['subject', 'body'])
      .where('recipient', '=', to)
      .orderBy('id', 'desc')
      .execute();
  const stored = async (email: string) =>
    (await t.app.loket.db.selectFrom('referral').select('id').where('referrer_email', '=', email).execute())
      .length;
  /** What a caller can see of an answer: everything but the clock and the request's own id. */
  const seen = (r: LightMyRequestResponse) => {
    const { date, 'x-request-id': id, ...headers } = r.headers;
    void date;
    void id;
    return { status: r.statusCode, headers, body: r.body };
  };

  it('R-SEC-03: an address with an account, one still waiting for confirmation and a new one get byte-identical answers after the same work (one Argon2id each); only the e-mail differs', async () => {
    const stamp = Date.now();
    const known = `known-${stamp}@test.loket.nl`;
    const waiting = `waiting-${stamp}@test.loket.nl`;
    const unknown = `unknown-${stamp}@test.loket.nl`;
    // The known account asked once and confirmed its address; the waiting one asked and did not confirm yet.
    for (const email of [known, waiting])
      expect((await secondOpinion(email, 'en', '198.51.100.1')).statusCode).toBe(202);
    const link = /\/second-opinion\/confirm#([\w-]+)/.exec((await mailsTo(known))[0]!.body)![1]!;
    const confirmed = await t.app.inject({
      method: 'POST',
      url: '/api/patient-portal/confirm',
      headers: { origin: PUBLIC_URL },
      payload: { token: link },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);

    const answers: Record<string, { answer: ReturnType<typeof seen>; work: number; mails: number }> = {};
    for (const [name, email] of [
      ['known', known],
      ['waiting', waiting],
      ['unknown', unknown],
    ] as const) {
      const mailsBefore = (await mailsTo(email)).length;
      argon2Calls.hash = 0;
      argon2Calls.verify = 0;
      const r = await secondOpinion(email, 'nl', '198.51.100.2');
      responses.push(r);
      answers[name] = {
        answer: seen(r),
        work: argon2Calls.hash + argon2Calls.verify,
        mails: (await mailsTo(email)).length - mailsBefore,
      };
    }
    // Status, headers (set-cookie included: none), body: the same bytes for all three.
    expect(answers.known!.answer.status).toBe(202);
    expect(answers.known!.answer.body).toBe('{"status":"check-your-email"}');
    expect(answers.known!.answer.headers['set-cookie']).toBeUndefined();
    expect(answers.waiting!.answer).toEqual(answers.known!.answer);
    expect(answers.unknown!.answer).toEqual(answers.known!.answer);
    // The same costly work: exactly one Argon2id computation each.
    expect([answers.known!.work, answers.waiting!.work, answers.unknown!.work]).toEqual([1, 1, 1]);

    // Each owner gets the right e-mail, in the language of the request.
    expect(answers.known!.mails).toBe(1);
    const [toKnown] = await mailsTo(known);
    expect(toKnown!.subject).toBe('Iemand vroeg een second opinion aan met uw e-mailadres');
    expect(toKnown!.body).toContain('Log dan in met uw account en vraag de second opinion opnieuw aan');
    expect(toKnown!.body).not.toContain('/second-opinion/confirm#');
    expect(answers.waiting!.mails).toBe(1);
    const [toWaiting] = await mailsTo(waiting);
    expect(toWaiting!.subject).toBe('Bevestig uw e-mailadres voor uw second-opinionaanvraag');
    expect(toWaiting!.body).toContain('/second-opinion/confirm#');
    expect(answers.unknown!.mails).toBeGreaterThanOrEqual(1);
    const toUnknown = (await mailsTo(unknown)).find((m) => m.body.includes('/second-opinion/confirm#'));
    expect(toUnknown!.subject).toMatch(/^Bevestig uw e-mailadres voor uw second-opinionaanvraag \S+$/);

    // Only the new address got a request; the others still have just their first one.
    expect([await stored(known), await stored(waiting), await stored(unknown)]).toEqual([1, 1, 1]);
  });
});

describe('cookies', () => {
  it('every Set-Cookie of every response in this file is __Host-, Secure, HttpOnly, SameSite', async () => {
    const u = await t.createUser(['back-office']);
    const cookie = await t.signIn(u.email);
    await call('POST', '/api/auth/sign-out', { cookie, payload: {} });
    const headers = responses.flatMap((r) => [r.headers['set-cookie'] ?? []].flat().map(String));
    expect(headers.length).toBeGreaterThan(5);
    expect(headers.filter((h) => h.includes('session_token')).length).toBeGreaterThan(0);
    expect(headers.map((h) => [h.split('=')[0], cookieProblems(h)]).filter(([, p]) => p!.length > 0)).toEqual(
      [],
    );
  });
});
