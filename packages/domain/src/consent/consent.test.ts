import { describe, expect, it } from 'vitest';
import {
  consentMethodRefusal,
  ConsentInputSchema,
  ConsentWithdrawalSchema,
  hasConsent,
  isConsentDeclarationType,
  mayWithdraw,
  needsConsent,
  type ConsentFact,
} from '../index.ts';

const at = (s: string) => new Date(`2026-11-${s}T12:00:00Z`);

describe('which letters wait for consent', () => {
  it('R-COM-02: the results letter after treatment to the family doctor, and to a referrer, needs consent', () => {
    expect(needsConsent('feedback', 'family-doctor', 'after-treatment')).toBe(
      'results-letter-to-family-doctor',
    );
    expect(needsConsent('feedback', 'referrer', 'after-treatment')).toBe('results-letter-to-family-doctor');
  });

  it('R-COM-01: the report after a multidisciplinary meeting goes at once', () => {
    expect(needsConsent('feedback', 'family-doctor', 'after-mdo')).toBeNull();
    expect(needsConsent('mdo-report', 'family-doctor', 'after-mdo')).toBeNull();
    expect(needsConsent('mdo-report', 'family-doctor', 'after-treatment')).toBeNull();
  });

  it('R-CON-03: receipt, invitation, rejection and the patient\u2019s own letters are not held', () => {
    for (const type of [
      'rejection',
      'invitation',
      'appointment-confirmation',
      'request-information',
      'cancellation',
    ])
      expect(needsConsent(type, 'family-doctor', 'other')).toBeNull();
    expect(needsConsent('feedback', 'patient', 'after-treatment')).toBeNull();
    expect(needsConsent('feedback', 'family-doctor')).toBeNull();
  });
});

describe('consent in force', () => {
  const given: ConsentFact = {
    scope: 'results-letter-to-family-doctor',
    givenAt: at('10'),
    withdrawnAt: null,
  };

  it('R-CON-03: holds from when it is given until it is withdrawn, for its own scope only', () => {
    expect(hasConsent([given], 'results-letter-to-family-doctor', at('09'))).toBe(false);
    expect(hasConsent([given], 'results-letter-to-family-doctor', at('11'))).toBe(true);
    expect(hasConsent([given], 'records-for-second-opinion', at('11'))).toBe(false);
    const withdrawn = { ...given, withdrawnAt: at('12') };
    expect(hasConsent([withdrawn], 'results-letter-to-family-doctor', at('11'))).toBe(true);
    expect(hasConsent([withdrawn], 'results-letter-to-family-doctor', at('13'))).toBe(false);
    expect(
      hasConsent([withdrawn, { ...given, givenAt: at('14') }], 'results-letter-to-family-doctor', at('15')),
    ).toBe(true);
  });
});

describe('recording consent', () => {
  it('R-CON-01: each kind of user has its own way of recording', () => {
    expect(consentMethodRefusal('patient', 'portal')).toBeNull();
    expect(consentMethodRefusal('patient', 'signed-form')).toBe('method-not-for-you');
    expect(consentMethodRefusal('staff', 'signed-form')).toBeNull();
    expect(consentMethodRefusal('staff', 'verbal-to-staff')).toBeNull();
    expect(consentMethodRefusal('staff', 'portal')).toBe('method-not-for-you');
    expect(consentMethodRefusal('referrer', 'confirmed-by-referrer')).toBeNull();
    expect(consentMethodRefusal('referrer', 'verbal-to-staff')).toBe('method-not-for-you');
  });

  it('R-CON-01: a verbal consent needs a note; scope and method must be known', () => {
    expect(
      ConsentInputSchema.safeParse({ scope: 'results-letter-to-family-doctor', method: 'verbal-to-staff' })
        .success,
    ).toBe(false);
    expect(
      ConsentInputSchema.parse({
        scope: 'results-letter-to-family-doctor',
        method: 'verbal-to-staff',
        note: '  Told me at the desk  ',
      }).note,
    ).toBe('Told me at the desk');
    expect(
      ConsentInputSchema.parse({ scope: 'results-letter-to-family-doctor', method: 'portal', note: '' }).note,
    ).toBe(null);
    expect(ConsentInputSchema.safeParse({ scope: 'everything', method: 'portal' }).success).toBe(false);
  });

  it('R-CON-01: only the patient and staff withdraw, always with a reason', () => {
    expect(mayWithdraw('patient')).toBe(true);
    expect(mayWithdraw('staff')).toBe(true);
    expect(mayWithdraw('referrer')).toBe(false);
    expect(ConsentWithdrawalSchema.safeParse({ reason: '   ' }).success).toBe(false);
    expect(isConsentDeclarationType('application/pdf')).toBe(true);
    expect(isConsentDeclarationType('text/html')).toBe(false);
  });
});
