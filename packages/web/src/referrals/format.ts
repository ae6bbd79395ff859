import { useMemo } from 'react';
import { localTime, resolveText, type Language } from '@loket/domain';
import { useCatalog } from '../referral-guide/catalog.resource';
import { useLanguage } from '../shared/i18n';

const TIME_ZONE = 'Europe/Amsterdam';

const locales: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

/** A moment as a local date and time in the Netherlands, in the reader's language. */
export function formatDateTime(iso: string | null | undefined, lang: Language): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locales[lang], {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** A calendar date (YYYY-MM-DD) written out, with the weekday. */
export function formatDate(isoDate: string | null | undefined, lang: Language, weekday = false): string {
  if (!isoDate) return '';
  const d = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return new Intl.DateTimeFormat(locales[lang], {
    timeZone: 'UTC',
    ...(weekday ? { weekday: 'long' as const } : {}),
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(d);
}

/** Today in the Netherlands, as YYYY-MM-DD. */
export function todayInNetherlands(): string {
  return localTime(new Date(), TIME_ZONE).date;
}

/**
 * A date and a wall-clock time in the Netherlands as an ISO date-time with its offset (+01:00 in winter,
 * +02:00 in summer), as the server wants an appointment's start.
 */
export function amsterdamDateTime(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const wanted = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(wanted)) return null;
  // Try the two offsets the Netherlands uses; keep the one whose local time is what was asked.
  for (const hours of [1, 2]) {
    const at = new Date(wanted - hours * 3_600_000);
    const local = localTime(at, TIME_ZONE);
    if (local.date === date && local.time === time) return `${date}T${time}:00+0${hours}:00`;
  }
  return `${date}T${time}:00+01:00`;
}

/** Department names from the catalog, in the reader's language. */
export function useDepartmentNames() {
  const catalog = useCatalog();
  const lang = useLanguage();
  return useMemo(() => {
    const names = new Map(
      (catalog.data?.departments ?? []).map((d) => [d.id, resolveText(d.name, lang).text]),
    );
    return (id: string) => names.get(id) ?? id;
  }, [catalog.data, lang]);
}

export function formatSize(bytes: number, lang: Language): string {
  const n = new Intl.NumberFormat(locales[lang], { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${n.format(bytes / 1024)} kB`;
  return `${n.format(bytes / 1024 / 1024)} MB`;
}

/** The local date and time in the Netherlands of a moment, for prefilling date and time inputs. */
export function localParts(iso: string): { date: string; time: string } | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const l = localTime(d, TIME_ZONE);
  return { date: l.date, time: l.time };
}
