import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultReferralPolicy } from '@loket/domain';
import { createTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('the referral policy', () => {
  it('R-WD-02: a policy change applies to new deadlines, which record the policy that made them', async () => {
    const admin = await t.signIn((await t.createUser(['administrator'])).email);
    const gp = await t.signIn((await t.createUser(['referrer'])).email);
    const policy = {
      ...defaultReferralPolicy,
      triageWorkingDays: { routine: 2, urgent: 1 },
      holidays: { goodFriday: true, liberationDay: 'every-year' as const },
    };
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/referral-policy',
      headers: { cookie: admin },
      payload: policy,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual(policy);
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: '/api/admin/settings/referral-policy',
          headers: { cookie: gp },
          payload: policy,
        })
      ).statusCode,
    ).toBe(403);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/referral-policy',
      headers: { cookie: admin },
      payload: { ...policy, atRiskWorkingDays: -1 },
    });
    expect(bad.statusCode).toBe(400);

    const d = await t.app.inject({
      method: 'POST',
      url: '/api/referrals',
      headers: { cookie: gp },
      payload: {
        departmentId: 'hematology',
        kind: 'new-referral',
        patient: { bsn: '999990044', familyName: 'X', birthDate: '1970-01-01' },
        letter: { reason: 'r' },
      },
    });
    const s = await t.app.inject({
      method: 'POST',
      url: `/api/referrals/${d.json().id}/submit`,
      headers: { cookie: gp },
    });
    expect(s.json().triage.deadline).toMatchObject({
      workingDays: 2,
      policy: { holidays: { goodFriday: true, liberationDay: 'every-year' } },
    });
  });
});
