import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** Phone numbers are stored in E.164 and shown in national format (R-ID-03); small metadata, for the browser. */
export function formatPhoneNational(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'NL' ? parsed.formatNational() : parsed.formatInternational();
}
