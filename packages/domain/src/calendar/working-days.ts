import { addDays, weekdayOf } from './local-time.ts';

/**
 * Working days (R-WD-01): weekends and the given public holidays do not count. Holidays come from
 * `dutchHolidays` with the hospital's policy, so this module stays free of calendars and I/O.
 */
export function isWorkingDay(isoDate: string, holidays: ReadonlySet<string>): boolean {
  return weekdayOf(isoDate) <= 5 && !holidays.has(isoDate);
}

/** The date `n` working days after `isoDate` (the start day itself does not count). */
export function addWorkingDays(isoDate: string, n: number, holidays: ReadonlySet<string>): string {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError('working days must be a whole number of at least 0');
  let date = isoDate;
  let left = n;
  while (left > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(date, holidays)) left--;
  }
  return date;
}

/** Working days from `from` (exclusive) up to `to` (inclusive); negative when `to` is earlier. */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  if (to === from) return 0;
  const forward = to > from;
  let count = 0;
  let date = from;
  while (date !== to) {
    date = addDays(date, forward ? 1 : -1);
    if (isWorkingDay(forward ? date : addDays(date, 1), holidays)) count++;
  }
  return forward ? count : -count;
}
