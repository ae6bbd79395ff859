/**
 * Burgerservicenummer (R-ID-01): 8 or 9 digits, padded to 9, weights 9..2 and -1 (the "11-test"),
 * sum divisible by 11 and not 0.
 */
export function normalizeBsn(input: string): string | null {
  const digits = input.replace(/[\s.-]/g, '');
  if (!/^\d{8,9}$/.test(digits)) return null;
  return digits.padStart(9, '0');
}

export function isValidBsn(input: string): boolean {
  const bsn = normalizeBsn(input);
  if (bsn === null) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(bsn[i]) * (9 - i);
  sum -= Number(bsn[8]);
  return sum !== 0 && sum % 11 === 0;
}

/** The official test range (999990000-999999999 and 000009921) that fixtures and demo data must use. */
export function isTestBsn(input: string): boolean {
  const bsn = normalizeBsn(input);
  if (bsn === null) return false;
  return bsn === '000009921' || (bsn >= '999990000' && bsn <= '999999999');
}
