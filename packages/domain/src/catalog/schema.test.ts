import { describe, expect, it } from 'vitest';
import { validateDepartment } from '../index.ts';

describe('catalog validation', () => {
  it('R-CAT-07: a bad department says where and what is wrong', () => {
    const r = validateDepartment({
      id: 'Bad Id',
      name: {},
      contacts: [{ id: 'a', label: { en: 'A' }, purposes: ['appointments'], phone: '071 526 91 11', hours: [{ days: [1], from: '12:00', to: '09:00' }] }],
      stops: [{ id: 's', subject: { en: 'x' }, text: { en: 'y' }, scope: { carePathIds: ['nope'] } }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'name', 'contacts[0].phone', 'contacts[0].hours[0]']));
    expect(r.problems.find((p) => p.path === 'contacts[0].phone')?.message).toMatch(/E\.164/);
  });

  it('R-CAT-07: references inside a department must exist', () => {
    const r = validateDepartment({
      id: 'x',
      name: { en: 'X' },
      stops: [{ id: 's', subject: { en: 'x' }, text: { en: 'y' }, scope: { carePathIds: ['nope'] } }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ path: 'stops[0].scope.carePathIds[0]', message: 'no care path "nope"' });
  });

  it('unknown fields are refused rather than silently dropped', () => {
    const r = validateDepartment({ id: 'x', name: { en: 'X' }, phonenumber: '+31715269111' });
    expect(r.ok).toBe(false);
  });
});
