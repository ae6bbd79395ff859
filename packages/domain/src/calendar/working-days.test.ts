import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  defaultReferralPolicy,
  computeDeadline,
  deadlineStatus,
  workingDaysBetween,
} from '../index.ts';
import { addDays } from './local-time.ts';
import { holidayDates } from './holidays.ts';

const nl = holidayDates([2025, 2026, 2027]);

describe('working days', () => {
  it('R-WD-01: weekends do not count', () => {
    expect(addWorkingDays('2026-11-20', 1, nl)).toBe('2026-11-23'); // Friday + 1 = Monday
    expect(addWorkingDays('2026-11-23', 5, nl)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-21', 0, nl)).toBe('2026-11-21');
  });

  it('R-WD-01: Dutch public holidays of 2025, 2026 and 2027 do not count', () => {
    expect(addWorkingDays('2025-04-17', 1, nl)).toBe('2025-04-18'); // Good Friday is a working day by default
    expect(addWorkingDays('2025-04-18', 1, nl)).toBe('2025-04-22'); // Easter Monday 21 April
    expect(addWorkingDays('2026-04-24', 1, nl)).toBe('2026-04-28'); // King's Day Monday 27 April
    expect(addWorkingDays('2026-05-13', 1, nl)).toBe('2026-05-15'); // Ascension 14 May
    expect(addWorkingDays('2026-12-24', 1, nl)).toBe('2026-12-28'); // Christmas, Boxing Day on Saturday
    expect(addWorkingDays('2025-12-24', 1, nl)).toBe('2025-12-29'); // Christmas Thursday and Boxing Day Friday
    expect(addWorkingDays('2026-12-31', 1, nl)).toBe('2027-01-04'); // New Year on Friday
  });

  it('R-WD-01: Good Friday and 5 May follow the policy', () => {
    const strict = holidayDates([2026], { goodFriday: true, liberationDay: 'every-year' });
    expect(addWorkingDays('2026-04-02', 1, strict)).toBe('2026-04-07'); // Good Friday 3 April, Easter Monday 6 April
    expect(addWorkingDays('2026-05-04', 1, strict)).toBe('2026-05-06');
    expect(addWorkingDays('2026-05-04', 1, nl)).toBe('2026-05-05');
  });

  it('counts working days between two dates', () => {
    expect(workingDaysBetween('2026-11-20', '2026-11-23', nl)).toBe(1);
    expect(workingDaysBetween('2026-11-23', '2026-11-20', nl)).toBe(-1);
    expect(workingDaysBetween('2026-04-24', '2026-04-28', nl)).toBe(1);
  });

  it('R-WD-02: a deadline records the policy that produced it and is flagged before it is missed', () => {
    const d = computeDeadline('triage', '2026-04-24', 'routine', defaultReferralPolicy, nl);
    expect(d).toEqual({
      rule: 'triage',
      due: '2026-05-04',
      from: '2026-04-24',
      workingDays: 5,
      policy: { holidays: { goodFriday: false, liberationDay: 'every-five-years' } },
    });
    expect(deadlineStatus(d.due, '2026-04-27', defaultReferralPolicy, nl)).toBe('on-track');
    expect(deadlineStatus(d.due, '2026-05-01', defaultReferralPolicy, nl)).toBe('at-risk');
    expect(deadlineStatus(d.due, '2026-05-04', defaultReferralPolicy, nl)).toBe('at-risk');
    expect(deadlineStatus(d.due, '2026-05-05', defaultReferralPolicy, nl)).toBe('overdue');
    expect(computeDeadline('seen-within', '2026-11-23', 'urgent', defaultReferralPolicy, nl).due).toBe(
      '2026-11-30',
    );
  });

  it('R-WD-02: "at risk" is exactly "at most the margin of working days away", for any due date and margin', () => {
    const day = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2025-01-01', n));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 15 }), (today, due, margin) => {
        const policy = { ...defaultReferralPolicy, atRiskWorkingDays: margin };
        const expected =
          today > due ? 'overdue' : workingDaysBetween(today, due, nl) <= margin ? 'at-risk' : 'on-track';
        expect(deadlineStatus(due, today, policy, nl)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
