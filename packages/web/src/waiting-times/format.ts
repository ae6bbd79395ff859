/** A number of days as the reader writes it: "13,7" in Dutch, "13.7" in English. */
export function formatDays(days: number, language: string): string {
  return days.toLocaleString(language === 'en' ? 'en-GB' : 'nl-NL', { maximumFractionDigits: 1 });
}
