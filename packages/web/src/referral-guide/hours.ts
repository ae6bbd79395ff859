import type { Hours, HoursSlot, Language } from '@loket/domain';

const dayNames: Record<Language, string[]> = {
  nl: ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** "ma–vr" for a run of days, "ma, wo" otherwise. */
export function formatDays(days: number[], lang: Language): string {
  const sorted = [...days].sort((a, b) => a - b);
  const names = dayNames[lang];
  const isRun = sorted.length > 2 && sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (isRun) return `${names[sorted[0]! - 1]}–${names[sorted[sorted.length - 1]! - 1]}`;
  return sorted.map((d) => names[d - 1]).join(', ');
}

export function formatSlot(slot: HoursSlot, lang: Language): string {
  return `${formatDays(slot.days, lang)} ${slot.from}–${slot.to}`;
}

export function formatHours(
  hours: Hours | undefined,
  lang: Language,
  labels: { officeHours: string; always: string; unknown: string },
  officeHours: HoursSlot[],
): string {
  if (hours === undefined) return labels.unknown;
  if (hours === 'always') return labels.always;
  if (hours === 'office-hours')
    return `${labels.officeHours} (${officeHours.map((s) => formatSlot(s, lang)).join('; ')})`;
  return hours.map((s) => formatSlot(s, lang)).join('; ');
}
