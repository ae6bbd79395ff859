import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '../../documents/fixtures.ts';
import { createTestApp, PUBLIC_URL, type TestApp } from '../../testing/harness.ts';
import { multipartBody, multipartContentType } from '../../testing/multipart.ts';
import { matrixDraft } from './matrix.ts';

/**
 * The write half of the access matrix (R-SEC-03): fields a role may not set are refused or ignored, and a closed
 * referral is read-only for everyone.
 */
let t: TestApp;
let gp: string;
let gpId: string;
let otherGpId: string;
let backOffice: string;
let patient: string;

const send = (method: string, url: string, cookie: string, payload?: unknown) =>
  t.app.inject({
    method: method as 'POST',
    url,
    headers: { cookie, origin: PUBLIC_URL },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const referralCount = async () =>
  Number(
    (
      await t.app.loket.db
        .selectFrom('referral')
        .select(({ fn }) => fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  const a = await t.createUser(['referrer'], { agbCode: '01999001' });
  gpId = a.id;
  gp = await t.signIn(a.email);
  otherGpId = (await t.createUser(['referrer'], { agbCode: '01999002' })).id;
  backOffice = await t.signIn(
    (await t.createUser(['back-office'], { departmentIds: ['internal-medicine'] })).email,
  );
  patient = await t.signIn((await t.createUser(['patient'])).email);
}, 120_000);
afterAll(() => t?.close());

describe('writes ignore or refuse fields a role may not set (R-SEC-03)', () => {
  it('R-SEC-03: a referrer cannot set the state, owner, organisation or channel of a new referral', async () => {
    const before = await referralCount();
    for (const extra of [
      { state: 'accepted' },
      { status: 'accepted' },
      { createdBy: otherGpId },
      { organisationId: 'another-practice' },
      { channel: 'api' },
      { referrer: { name: 'Someone else', agbCode: '01999002' } },
    ]) {
      const res = await send('POST', '/api/referrals', gp, { ...matrixDraft, ...extra });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
    }
    expect(await referralCount()).toBe(before);
    // Without the extra fields the same draft is made, owned by the one who sent it.
    const ok = await send('POST', '/api/referrals', gp, matrixDraft);
    expect(ok.statusCode).toBe(201);
    const row = await t.app.loket.db
      .selectFrom('referral')
      .select(['state', 'created_by', 'organisation_id', 'channel'])
      .where('id', '=', ok.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'draft', created_by: gpId, organisation_id: null, channel: 'portal' });
  });

  it('R-SEC-03: saving a draft cannot change its state or owner', async () => {
    const draft = (await send('POST', '/api/referrals', gp, matrixDraft)).json();
    const res = await send('PUT', `/api/referrals/${draft.id}/draft`, gp, {
      draft: { ...matrixDraft, state: 'accepted', createdBy: otherGpId },
      version: draft.version,
    });
    expect(res.statusCode).toBe(400);
    const row = await t.app.loket.db
      .selectFrom('referral')
      .select(['state', 'created_by'])
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'draft', created_by: gpId });
  });

  it('R-SEC-03: users cannot give themselves roles, departments or an organisation through their own account', async () => {
    for (const cookie of [gp, patient]) {
      const before = (await send('GET', '/api/me', cookie)).json();
      const res = await send('POST', '/api/auth/update-user', cookie, {
        name: 'Renamed',
        roles: ['administrator'],
        role: 'administrator',
        departmentIds: ['internal-medicine'],
        organisationId: 'another-practice',
        disabledAt: null,
      });
      expect(res.statusCode).toBeLessThan(500);
      const after = (await send('GET', '/api/me', cookie)).json();
      expect(after.roles).toEqual(before.roles);
      expect(after.departmentIds ?? []).toEqual(before.departmentIds ?? []);
      expect(after.organisationId ?? null).toEqual(before.organisationId ?? null);
    }
  });
});

describe('closed referrals are read-only (R-SEC-03)', () => {
  it('R-SEC-03: after cancelling, no one can change the referral, its draft, documents or state', async () => {
    const made = (await send('POST', '/api/referrals', gp, matrixDraft)).json();
    expect((await send('POST', `/api/referrals/${made.id}/submit`, gp)).statusCode).toBe(200);
    const cancelled = await send('POST', `/api/referrals/${made.id}/actions/cancel`, gp, {
      reason: 'Patient recovered',
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().state).toBe('cancelled');
    const snapshot = async () =>
      t.app.loket.db
        .selectFrom('referral')
        .select(['state', 'version', 'letter', 'updated_at'])
        .where('id', '=', made.id)
        .executeTakeFirstOrThrow();
    const documents = async () =>
      (
        await t.app.loket.db
          .selectFrom('referral_document')
          .select('id')
          .where('referral_id', '=', made.id)
          .execute()
      ).length;
    const before = await snapshot();
    const docsBefore = await documents();

    const attempts = [
      send('PUT', `/api/referrals/${made.id}/draft`, gp, { draft: matrixDraft, version: before.version }),
      send('POST', `/api/referrals/${made.id}/submit`, gp),
      ...['supplement', 'cancel', 'start-triage', 'accept', 'reject', 'forward', 'schedule'].flatMap((a) => [
        send('POST', `/api/referrals/${made.id}/actions/${a}`, gp, { reason: 'x', message: 'x' }),
        send('POST', `/api/referrals/${made.id}/actions/${a}`, backOffice, { reason: 'x', message: 'x' }),
      ]),
      t.app.inject({
        method: 'POST',
        url: `/api/referrals/${made.id}/documents`,
        headers: { cookie: gp, origin: PUBLIC_URL, 'content-type': multipartContentType },
        payload: multipartBody([
          { name: 'kind', value: 'other' },
          { name: 'file', filename: 'late.pdf', type: 'application/pdf', data: minimalPdf() },
        ]),
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
    }
    expect(await snapshot()).toEqual(before);
    expect(await documents()).toBe(docsBefore);
    // Reading stays possible.
    expect((await send('GET', `/api/referrals/${made.id}`, gp)).statusCode).toBe(200);
  });
});
