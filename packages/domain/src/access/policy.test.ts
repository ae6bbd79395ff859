import { describe, expect, it } from 'vitest';
import { decide, permissions, roles, rolePermissions, type Principal, type Role } from '../index.ts';

function principal(r: Role[], secondFactor = true): Principal {
  return {
    userId: 'u',
    roles: r,
    secondFactorVerified: secondFactor,
    secondFactorEnrolled: secondFactor,
    departmentIds: [],
    organisationId: null,
  };
}

describe('access policy', () => {
  it('R-SEC-03: the public guide is open to everyone, everything else needs a signed-in user', () => {
    expect(decide(null, 'catalog.read')).toEqual({ allowed: true });
    for (const p of permissions.filter((x) => x !== 'catalog.read')) {
      expect(decide(null, p)).toEqual({ allowed: false, status: 401, reason: 'sign-in-required' });
    }
  });

  it('R-SEC-03: each role reaches exactly what it is granted', () => {
    for (const role of roles) {
      for (const p of permissions) {
        const expected = p === 'catalog.read' || rolePermissions(role).includes(p);
        expect(decide(principal([role]), p).allowed, `${role} → ${p}`).toBe(expected);
      }
    }
    expect(decide(principal(['administrator']), 'audit.read')).toMatchObject({
      allowed: false,
      status: 403,
      reason: 'not-permitted',
    });
    expect(decide(principal(['privacy-officer']), 'catalog.edit')).toMatchObject({
      allowed: false,
      status: 403,
    });
    expect(decide(principal(['referrer']), 'users.manage')).toMatchObject({ allowed: false, status: 403 });
  });

  it('R-SEC-03: staff without a second factor reach only their own account', () => {
    const admin = principal(['administrator'], false);
    expect(decide(admin, 'account.self')).toEqual({ allowed: true });
    expect(decide(admin, 'catalog.edit')).toEqual({
      allowed: false,
      status: 403,
      reason: 'second-factor-required',
    });
    // referrers may use a second factor but need not
    expect(decide(principal(['referrer'], false), 'account.self')).toEqual({ allowed: true });
  });
});
