/** AGB code (R-ID-02): 8 digits; the first two give the profession. */
export const agbProfessions: Record<string, { en: string; nl: string }> = {
  '01': { en: 'family doctor', nl: 'huisarts' },
  '02': { en: 'dentist', nl: 'tandarts' },
  '03': { en: 'medical specialist', nl: 'medisch specialist' },
  '04': { en: 'physiotherapist', nl: 'fysiotherapeut' },
  '06': { en: 'hospital', nl: 'ziekenhuis' },
  '17': { en: 'pharmacy', nl: 'apotheek' },
  '30': { en: 'midwife', nl: 'verloskundige' },
};

export interface AgbCode {
  code: string;
  professionCode: string;
  profession: { en: string; nl: string } | null;
}

export function parseAgb(input: string): AgbCode | null {
  const code = input.replace(/\s/g, '');
  if (!/^\d{8}$/.test(code)) return null;
  const professionCode = code.slice(0, 2);
  return { code, professionCode, profession: agbProfessions[professionCode] ?? null };
}

export function isValidAgb(input: string): boolean {
  return parseAgb(input) !== null;
}
