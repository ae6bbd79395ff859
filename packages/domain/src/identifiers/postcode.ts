/** Dutch postcode (R-ID-03): `1234 AB`, first digit not 0, letter pairs SA, SD and SS are not issued. */
export function normalizePostcode(input: string): string | null {
  const m = /^\s*([1-9]\d{3})\s?([a-zA-Z]{2})\s*$/.exec(input);
  if (!m) return null;
  const letters = m[2]!.toUpperCase();
  if (letters === 'SA' || letters === 'SD' || letters === 'SS') return null;
  return `${m[1]} ${letters}`;
}

export function isValidPostcode(input: string): boolean {
  return normalizePostcode(input) !== null;
}
