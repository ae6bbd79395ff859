import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Phone numbers (R-ID-03) are validated and stored in E.164, and shown in national format. */
export function toE164(input: string, defaultCountry: 'NL' = 'NL'): string | null {
  // The source pages write numbers as "+31 (0)71 526 91 11": the "(0)" trunk prefix must go.
  const cleaned = input.replace(/\(0\)/g, '');
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

export function isE164(value: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(value) && toE164(value) === value;
}
