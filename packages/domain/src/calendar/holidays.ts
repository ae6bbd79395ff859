import Holidays from 'date-holidays';
import type { LocalizedText } from '../i18n/localized-text.ts';

/**
 * Dutch public holidays (R-WD-01). The Algemene termijnenwet days come from date-holidays' "public" type;
 * Good Friday and Liberation Day (5 May) are the hospital's policy, so they are settings.
 */
export interface HolidayPolicy {
  goodFriday: boolean;
  liberationDay: 'every-year' | 'every-five-years' | 'never';
}

export const defaultHolidayPolicy: HolidayPolicy = { goodFriday: false, liberationDay: 'every-five-years' };

export interface Holiday {
  date: string;
  name: LocalizedText;
}

const nl = new Holidays('NL', { languages: ['nl'] });
const en = new Holidays('NL', { languages: ['en'] });

export function dutchHolidays(year: number, policy: HolidayPolicy = defaultHolidayPolicy): Holiday[] {
  const english = new Map(en.getHolidays(year).map((h) => [`${h.date.slice(0, 10)}|${h.rule}`, h.name]));
  const out: Holiday[] = [];
  for (const h of nl.getHolidays(year)) {
    const date = h.date.slice(0, 10);
    const name = { nl: h.name, en: english.get(`${date}|${h.rule}`) ?? h.name };
    if (h.type === 'public') out.push({ date, name });
    else if (h.rule === 'easter -2' && policy.goodFriday) out.push({ date, name });
    else if (h.rule === '05-05') {
      if (
        policy.liberationDay === 'every-year' ||
        (policy.liberationDay === 'every-five-years' && year % 5 === 0)
      )
        out.push({ date, name });
    }
  }
  return out;
}

/** Holidays of the given years as a set of ISO dates. */
export function holidayDates(years: number[], policy: HolidayPolicy = defaultHolidayPolicy): Set<string> {
  return new Set(years.flatMap((y) => dutchHolidays(y, policy).map((h) => h.date)));
}
