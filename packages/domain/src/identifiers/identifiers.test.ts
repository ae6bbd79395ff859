import { describe, expect, it } from 'vitest';
import {
  formatPhoneNational,
  isTestBsn,
  isValidAgb,
  isValidBsn,
  normalizeBsn,
  normalizePostcode,
  parseAgb,
  toE164,
} from '../index.ts';

describe('identifiers', () => {
  it('R-ID-01: a BSN passes the 11-test with weights 9..2 and -1, padded to 9 digits', () => {
    expect(isValidBsn('999990019')).toBe(true);
    expect(isValidBsn('999990018')).toBe(false);
    expect(isValidBsn('999991772')).toBe(true);
    expect(isValidBsn('9921')).toBe(false);
    // 8 digits are padded with a leading zero: 00009921 -> 000009921
    expect(normalizeBsn('00009921')).toBe('000009921');
    expect(isValidBsn('00009921')).toBe(true);
    expect(isValidBsn('000000000')).toBe(false); // sum 0 is not allowed
    expect(isValidBsn('99999 0019')).toBe(true);
    expect(isValidBsn('abcdefghi')).toBe(false);
    expect(isValidBsn('1234567890')).toBe(false);
  });

  it('R-ID-01: test data uses only the official test range', () => {
    expect(isTestBsn('999990019')).toBe(true);
    expect(isTestBsn('000009921')).toBe(true);
    expect(isTestBsn('111222333')).toBe(false);
  });

  it('R-ID-02: an AGB code is 8 digits and its first two give the profession', () => {
    expect(parseAgb('01999001')?.profession?.en).toBe('family doctor');
    expect(parseAgb('03123456')?.profession?.en).toBe('medical specialist');
    expect(parseAgb('06123456')?.profession?.nl).toBe('ziekenhuis');
    expect(isValidAgb('0123456')).toBe(false);
    expect(isValidAgb('012345678')).toBe(false);
    expect(isValidAgb('0123456a')).toBe(false);
  });

  it('R-ID-03: a Dutch postcode is "1234 AB", first digit not 0, without SA, SD and SS', () => {
    expect(normalizePostcode('2300rc')).toBe('2300 RC');
    expect(normalizePostcode('2333 ZC')).toBe('2333 ZC');
    expect(normalizePostcode('0300 RC')).toBeNull();
    expect(normalizePostcode('2300 SA')).toBeNull();
    expect(normalizePostcode('2300 SD')).toBeNull();
    expect(normalizePostcode('2300 SS')).toBeNull();
    expect(normalizePostcode('23000 RC')).toBeNull();
  });

  it('R-ID-03: phone numbers are stored in E.164 and shown in national format', () => {
    expect(toE164('+31 (0)71 526 91 11')).toBe('+31715269111');
    expect(toE164('071-5262630')).toBe('+31715262630');
    expect(toE164('+31 (0)6 27 83 75 24')).toBe('+31627837524');
    expect(toE164('12345')).toBeNull();
    expect(formatPhoneNational('+31715269111')).toBe('071 526 9111');
  });
});
