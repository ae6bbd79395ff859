import { describe, expect, it } from 'vitest';
import { containsBsn } from './outbox.ts';
import { describeError } from './worker.ts';

describe('containsBsn', () => {
  it.each([
    '999990019',
    'BSN 999990019.',
    'bsn:999990019',
    'BSN999990019',
    '999 99 0019',
    '999 990 019',
    '9999.90.019',
    '999.990.019',
    '12345672', // 8 digits, read as 012345672
    'ref 12 999990019', // a 9-digit group in a longer run
    'line one\n999990019\nline three',
    'https://loket.example.org/referrals/5f0c1e2a-0b3d-4c5e-8f9a-0123abcdef45 BSN 999990019',
  ])('R-ID-04: finds a BSN in %j', (text) => {
    expect(containsBsn(text)).toBe(true);
  });

  it.each([
    '',
    'VW-2026-000123',
    '999990018', // fails the 11-test
    '0612345678', // 10 digits: a mobile number
    '06 1234 5678',
    '020 123 4567',
    '06-12345672', // glued to other digits: a telephone number
    '+31 12345672',
    '1234567', // too short
    '1234567890', // too long
    '24.01.2026', // a date (24012026 passes the 11-test)
    '24 01 2026',
    'Afspraak op dinsdag 24 november 2026 om 10:30',
    // record ids in links: their hex groups hold digit runs that pass the 11-test
    'https://loket.example.org/referrals/5f0c1e2a-0b3d-4c5e-8f9a-999990019abc',
    'https://loket.example.org/referrals/12345672-ab3d-4c5e-8f9a-0123abcdef45',
  ])('does not take %j for a BSN', (text) => {
    expect(containsBsn(text)).toBe(false);
  });
});

describe('describeError', () => {
  it('R-ID-04: keeps no addresses or long numbers in the recorded error', () => {
    const err = Object.assign(
      new Error(
        "Can't send mail - all recipients were rejected: 550 5.1.1 <jan.jansen@example.nl>: 999990019",
      ),
      { code: 'EENVELOPE', responseCode: 550 },
    );
    const text = describeError(err);
    expect(text).toBe(
      "EENVELOPE 550: Can't send mail - all recipients were rejected: 550 5.1.1 <<address>>: <number>",
    );
  });
});
