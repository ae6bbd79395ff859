import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookieHeader,
  createTestApp,
  PUBLIC_URL,
  TEST_PASSWORD,
  totpCode,
  type TestApp,
} from '../testing/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    headers: { origin: PUBLIC_URL, ...headers },
    payload: { email, password },
  });
const me = async (cookie: string) =>
  (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json();

describe('sign-in', () => {
  it('R-ID-02: a referrer account needs a valid AGB code', async () => {
    await expect(
      t.app.loket.accounts.create(
        { userId: null, userName: 'test', role: null, accessPoint: null },
        {
          email: 'no-agb@test.loket.nl',
          password: TEST_PASSWORD,
          name: 'No AGB',
          roles: ['referrer'],
          agbCode: null,
        },
      ),
    ).rejects.toMatchObject({
      status: 400,
      extra: { problems: [expect.objectContaining({ path: 'agbCode' })] },
    });
    await expect(
      t.app.loket.accounts.create(
        { userId: null, userName: 'test', role: null, accessPoint: null },
        {
          email: 'bad-agb@test.loket.nl',
          password: TEST_PASSWORD,
          name: 'Bad AGB',
          roles: ['referrer'],
          agbCode: '1234',
        },
      ),
    ).rejects.toMatchObject({ status: 400 });
    const ok = await t.createUser(['referrer'], { agbCode: '01234567' });
    const account = await t.app.loket.accounts.get(ok.id);
    expect(account?.agbCode).toBe('01234567');
  });

  it('a referrer signs in with a password only; the session is a __Host- cookie', async () => {
    const u = await t.createUser(['referrer']);
    const r = await signIn(u.email, TEST_PASSWORD);
    expect(r.statusCode).toBe(200);
    const session = r.cookies.find((c) => c.name === '__Host-loket.session_token');
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.domain).toBeUndefined();
    for (const raw of [r.headers['set-cookie']].flat()) {
      expect(String(raw)).toMatch(/^__Host-.*; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    }
    const m = await me(cookieHeader(r));
    expect(m).toMatchObject({
      signedIn: true,
      user: { email: u.email, roles: ['referrer'] },
      secondFactor: { required: false },
    });
  });

  it('a wrong password gets a clear refusal, no session, and a failed sign-in in the audit trail', async () => {
    const u = await t.createUser(['referrer']);
    const r = await signIn(u.email, 'not the password at all');
    expect(r.statusCode).toBe(401);
    expect(r.cookies.find((c) => c.name === '__Host-loket.session_token' && c.value)).toBeUndefined();
    const unknown = await signIn('nobody@test.loket.nl', 'not the password at all');
    // The same answer for an unknown address: no account enumeration.
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe(r.json().code);
    const failures = await t.app.loket.db
      .selectFrom('audit_event')
      .selectAll()
      .where('event_type', '=', 'auth.sign-in')
      .where('user_id', '=', u.id)
      .execute();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ outcome: 'failure:401', action: 'E', access_point: '127.0.0.1' });
  });

  it('staff sign in with a password and then a code from their authenticator app', async () => {
    const u = await t.createUser(['back-office']);
    const first = await signIn(u.email, TEST_PASSWORD);
    expect(first.json()).toMatchObject({ twoFactorRedirect: true });
    // Without the code there is no session.
    expect(first.cookies.find((c) => c.name === '__Host-loket.session_token' && c.value)).toBeUndefined();
    const pending = cookieHeader(first);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      headers: { origin: PUBLIC_URL, cookie: pending },
      payload: { code: '000000' === (await totpCode()) ? '111111' : '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      headers: { origin: PUBLIC_URL, cookie: pending },
      payload: { code: await totpCode() },
    });
    expect(right.statusCode).toBe(200);
    const m = await me(cookieHeader(right, pending));
    expect(m).toMatchObject({ signedIn: true, secondFactor: { required: true, enrolled: true } });
  });

  it('R-SEC-03: staff without a second factor can only set one up', async () => {
    const u = await t.createUser(['administrator'], { enrollTotp: false });
    const cookie = await t.signIn(u.email);
    expect(await me(cookie)).toMatchObject({ secondFactor: { required: true, enrolled: false } });
    const blocked = await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('second-factor-required');
    const enable = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/enable',
      headers: { origin: PUBLIC_URL, cookie },
      payload: { password: TEST_PASSWORD },
    });
    expect(enable.statusCode).toBe(200);
    const secret = new URL(enable.json().totpURI).searchParams.get('secret')!;
    const cookie2 = cookieHeader(enable, cookie);
    const verify = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      headers: { origin: PUBLIC_URL, cookie: cookie2 },
      payload: { code: await totpCode(secret) },
    });
    expect(verify.statusCode).toBe(200);
    const cookie3 = cookieHeader(verify, cookie2);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: { cookie: cookie3 } }))
        .statusCode,
    ).toBe(200);
  });

  it('disabling an account ends its sessions at once and blocks sign-in', async () => {
    const admin = await t.createUser(['administrator']);
    const adminCookie = await t.signIn(admin.email);
    const u = await t.createUser(['referrer']);
    const cookie = await t.signIn(u.email);
    expect((await me(cookie)).signedIn).toBe(true);
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/admin/users/${u.id}/disabled`,
      headers: { cookie: adminCookie },
      payload: { disabled: true },
    });
    expect(r.statusCode).toBe(204);
    expect((await me(cookie)).signedIn).toBe(false);
    const again = await signIn(u.email, TEST_PASSWORD);
    expect(again.statusCode).toBe(403);
  });

  it('signing out ends the session', async () => {
    const u = await t.createUser(['patient']);
    const cookie = await t.signIn(u.email);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { origin: PUBLIC_URL, cookie },
      payload: {},
    });
    expect(out.statusCode).toBe(200);
    expect((await me(cookie)).signedIn).toBe(false);
    const audited = await t.app.loket.db
      .selectFrom('audit_event')
      .select('user_id')
      .where('event_type', '=', 'auth.sign-out')
      .execute();
    expect(audited.map((a) => a.user_id)).toContain(u.id);
  });
});

describe('sign-in rate limit', () => {
  it('repeated sign-in attempts are refused with 429 and a retry time', async () => {
    const limited = await createTestApp({ LOKET_SIGNIN_ATTEMPTS_PER_MINUTE: '3' });
    try {
      const u = await limited.createUser(['referrer']);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 5; i++) {
        last = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/sign-in/email',
          headers: { origin: PUBLIC_URL },
          payload: { email: u.email, password: 'wrong password here' },
        });
        statuses.push(last.statusCode);
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
      expect(Number(last!.headers['x-retry-after'])).toBeGreaterThan(0);
      // Even the right password waits until the window has passed.
      const right = await limited.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { origin: PUBLIC_URL },
        payload: { email: u.email, password: TEST_PASSWORD },
      });
      expect(right.statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
