import { formatPhoneNational } from '../identifiers/phone-format.ts';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Every phone number in a piece of the catalog (hospital, departments) with how it is shown (R-ID-03). The server
 * sends these with the guide, so the public guide's first load carries no phone-number library.
 */
export function phoneDisplays(value: unknown, into: Record<string, string> = {}): Record<string, string> {
  if (typeof value === 'string') {
    if (E164.test(value) && !(value in into)) into[value] = formatPhoneNational(value);
  } else if (Array.isArray(value)) {
    for (const v of value) phoneDisplays(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) phoneDisplays(v, into);
  }
  return into;
}
