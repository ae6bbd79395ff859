import { describe, expect, it } from 'vitest';
import { dutchHolidays } from './holidays.ts';
import { localTime } from './local-time.ts';

const dates = (year: number, policy?: Parameters<typeof dutchHolidays>[1]) =>
  dutchHolidays(year, policy).map((h) => h.date);

describe('Dutch public holidays', () => {
  it('R-WD-01: the Algemene termijnenwet days of 2025, 2026 and 2027', () => {
    expect(dates(2025)).toEqual(
      expect.arrayContaining([
        '2025-01-01',
        '2025-04-21',
        '2025-04-26',
        '2025-05-29',
        '2025-06-09',
        '2025-12-25',
        '2025-12-26',
      ]),
    );
    expect(dates(2026)).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-04-06',
        '2026-04-27',
        '2026-05-14',
        '2026-05-25',
        '2026-12-25',
        '2026-12-26',
      ]),
    );
    expect(dates(2027)).toEqual(
      expect.arrayContaining([
        '2027-01-01',
        '2027-03-29',
        '2027-04-27',
        '2027-05-06',
        '2027-05-17',
        '2027-12-25',
        '2027-12-26',
      ]),
    );
  });

  it('R-WD-01: Good Friday and 5 May follow the policy setting', () => {
    expect(dates(2026)).not.toContain('2026-04-03');
    expect(dates(2026, { goodFriday: true, liberationDay: 'never' })).toContain('2026-04-03');
    expect(dates(2026, { goodFriday: false, liberationDay: 'every-five-years' })).not.toContain('2026-05-05');
    expect(dates(2025, { goodFriday: false, liberationDay: 'every-five-years' })).toContain('2025-05-05');
    expect(dates(2026, { goodFriday: false, liberationDay: 'every-year' })).toContain('2026-05-05');
  });

  it('local time is computed in Europe/Amsterdam, across summer time', () => {
    expect(localTime(new Date('2026-07-01T07:30:00Z'), 'Europe/Amsterdam')).toEqual({
      date: '2026-07-01',
      weekday: 3,
      time: '09:30',
    });
    expect(localTime(new Date('2026-01-05T23:30:00Z'), 'Europe/Amsterdam')).toEqual({
      date: '2026-01-06',
      weekday: 2,
      time: '00:30',
    });
  });
});
