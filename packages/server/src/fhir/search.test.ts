import { describe, expect, it } from 'vitest';
import { FhirError } from './outcome.ts';
import { parseDate, parsePaging, parseReferralFilter } from './search.ts';

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof FhirError ? { status: e.status, issue: e.issue, message: e.message } : e;
  }
  throw new Error('not refused');
};

describe('FHIR search parameters', () => {
  it('FHIR: a date without a zone is a day in Amsterdam, in winter and in summer time', () => {
    expect(parseDate('authored-on', '2026-01-15')).toEqual({
      comparator: 'eq',
      start: new Date('2026-01-14T23:00:00Z'),
      end: new Date('2026-01-15T23:00:00Z'),
    });
    const summer = parseDate('authored-on', 'ge2026-07');
    expect(summer.comparator).toBe('ge');
    expect(summer.start).toEqual(new Date('2026-06-30T22:00:00Z'));
    expect(summer.end).toEqual(new Date('2026-07-31T22:00:00Z'));
    expect(parseDate('_lastUpdated', 'lt2026-03-01T10:00:00+01:00').start).toEqual(
      new Date('2026-03-01T09:00:00Z'),
    );
  });

  it('FHIR: a date that is not FHIR, or a prefix not served, is refused with what to send', () => {
    expect(refused(() => parseDate('authored-on', 'yesterday'))).toMatchObject({
      status: 400,
      issue: 'invalid',
      message: expect.stringMatching(/YYYY-MM-DD/),
    });
    expect(refused(() => parseDate('authored-on', 'ap2026-01-01'))).toMatchObject({
      status: 400,
      issue: 'not-supported',
    });
    expect(refused(() => parseDate('authored-on', '2026-13-01'))).toMatchObject({ status: 400 });
  });

  it('FHIR: unknown parameters and modifiers are refused, not ignored', () => {
    expect(refused(() => parseReferralFilter('Task', { colour: 'red' }))).toMatchObject({
      status: 400,
      issue: 'not-supported',
    });
    expect(refused(() => parseReferralFilter('Task', { 'status:not': 'received' }))).toMatchObject({
      status: 400,
    });
    // authored-on is Task's name; a ServiceRequest's is authored (R4 search parameters).
    expect(refused(() => parseReferralFilter('ServiceRequest', { 'authored-on': '2026' }))).toMatchObject({
      status: 400,
    });
    expect(refused(() => parseReferralFilter('Task', { owner: 'Practitioner/x' }))).toMatchObject({
      status: 400,
      issue: 'invalid',
    });
  });

  it('FHIR: status tokens become the referral states behind them', () => {
    expect(parseReferralFilter('Task', { status: 'in-progress' }).states).toEqual([
      'scheduled',
      'seen',
      'awaiting-mdo',
    ]);
    expect(parseReferralFilter('ServiceRequest', { status: 'revoked,on-hold' }).states).toEqual([
      'awaiting-information',
      'rejected',
      'cancelled',
    ]);
    expect(
      parseReferralFilter('Task', { status: 'received', 'business-status': 'in-triage' }).states,
    ).toEqual(['in-triage']);
    expect(parseReferralFilter('Task', { status: 'nonsense' }).states).toEqual([]);
    expect(
      parseReferralFilter('Task', { owner: 'HealthcareService/cardiology', patient: 'p1' }),
    ).toMatchObject({ departments: ['cardiology'], patients: ['p1'] });
  });

  it('FHIR: a page is 1 to 100 entries', () => {
    expect(parsePaging({})).toEqual({ count: 20, offset: 0 });
    expect(parsePaging({ _count: '5', _offset: '10' })).toEqual({ count: 5, offset: 10 });
    expect(refused(() => parsePaging({ _count: '1000' }))).toMatchObject({ status: 400 });
    expect(refused(() => parsePaging({ _offset: '-1' }))).toMatchObject({ status: 400 });
  });
});
