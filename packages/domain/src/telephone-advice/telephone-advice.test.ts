import { describe, expect, it } from 'vitest';
import {
  isTelephoneAdviceConsentType,
  mayAddTelephoneAdviceConsent,
  mayOpenTelephoneAdvicePatientFile,
  telephoneAdviceAccess,
  TelephoneAdviceInputSchema,
  type TelephoneAdviceInput,
} from '../index.ts';

const input = (over: Partial<TelephoneAdviceInput> = {}): TelephoneAdviceInput => ({
  patient: {
    bsn: '9999 90 019',
    givenName: 'Jan',
    familyName: 'Jansen',
    birthDate: '1950-03-01',
    street: 'Albinusdreef',
    houseNumber: '2',
    postcode: '2333za',
    city: 'Leiden',
  },
  departmentId: 'maternity',
  consultedSpecialist: 'Dr. K. Gynaecoloog',
  consultedOn: '2026-02-03',
  advice: 'Start low-dose aspirin; refer if the blood pressure rises above 140/90.',
  supplementaryInfo: 'G2P1, 14 weeks pregnant.',
  ...over,
});

const failing = (value: unknown) => {
  const r = TelephoneAdviceInputSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('the telephone advice record (R-TEL-01)', () => {
  it('R-TEL-01: holds BSN, name, date of birth, postcode and street address, the advice and supplementary information', () => {
    const r = TelephoneAdviceInputSchema.parse(input());
    expect(r.patient).toEqual({
      bsn: '999990019',
      givenName: 'Jan',
      familyName: 'Jansen',
      birthDate: '1950-03-01',
      street: 'Albinusdreef',
      houseNumber: '2',
      postcode: '2333 ZA',
      city: 'Leiden',
    });
    expect(r.advice).toMatch(/aspirin/);
    expect(r.supplementaryInfo).toBe('G2P1, 14 weeks pregnant.');
  });

  it('R-TEL-01: the BSN, name, date of birth, street address, postcode and advice are required', () => {
    const missing = failing({
      ...input(),
      patient: { bsn: '', familyName: '', birthDate: '', street: '', houseNumber: '', postcode: '' },
      advice: ' ',
    });
    expect(missing).toEqual(
      expect.arrayContaining([
        'patient.bsn',
        'patient.familyName',
        'patient.birthDate',
        'patient.street',
        'patient.houseNumber',
        'patient.postcode',
        'advice',
      ]),
    );
  });

  it('R-TEL-01: a BSN that fails the 11-test and a malformed postcode are refused', () => {
    expect(failing(input({ patient: { ...input().patient, bsn: '999990018' } }))).toEqual(['patient.bsn']);
    expect(failing(input({ patient: { ...input().patient, postcode: '0123 AB' } }))).toEqual([
      'patient.postcode',
    ]);
  });

  it('R-TEL-01: a consultation cannot be in the future', () => {
    expect(failing(input({ consultedOn: '2999-01-01' }))).toEqual(['consultedOn']);
  });
});

describe('consent before the file (R-CON-02)', () => {
  const gp = { userId: 'gp', roles: ['referrer'] as const, departmentIds: [], organisationId: null };
  const office = {
    userId: 'bo',
    roles: ['back-office'] as const,
    departmentIds: ['maternity'],
    organisationId: null,
  };
  const elsewhere = { ...office, userId: 'bo2', departmentIds: ['neurology'] };
  const waiting = { state: 'awaiting-consent' as const, departmentId: 'maternity', recordedBy: 'gp' };
  const filed = { ...waiting, state: 'in-file' as const };

  it('R-CON-02: without consent only the recorder sees the record; staff of the department do not', () => {
    expect(telephoneAdviceAccess(gp, waiting)).toBe('recorder');
    expect(telephoneAdviceAccess(office, waiting)).toBeNull();
  });

  it('R-CON-02, R-SEC-03: once in the file the department sees it; other departments and referrers do not', () => {
    expect(telephoneAdviceAccess(office, filed)).toBe('department');
    expect(telephoneAdviceAccess(elsewhere, filed)).toBeNull();
    expect(telephoneAdviceAccess({ ...gp, userId: 'other-gp' }, filed)).toBeNull();
  });

  it('R-CON-02: the recorder adds the consent once; it is a PDF or an image', () => {
    expect(mayAddTelephoneAdviceConsent('recorder', 'awaiting-consent')).toBe(true);
    expect(mayAddTelephoneAdviceConsent('recorder', 'in-file')).toBe(false);
    expect(mayAddTelephoneAdviceConsent('department', 'awaiting-consent')).toBe(false);
    expect(isTelephoneAdviceConsentType('application/pdf')).toBe(true);
    expect(isTelephoneAdviceConsentType('image/jpeg')).toBe(true);
    expect(isTelephoneAdviceConsentType('text/plain')).toBe(false);
    expect(isTelephoneAdviceConsentType('application/dicom')).toBe(false);
  });

  it('R-SEC-03: staff open a patient file only when their department has the patient', () => {
    expect(mayOpenTelephoneAdvicePatientFile(office, ['maternity'])).toBe(true);
    expect(mayOpenTelephoneAdvicePatientFile(office, ['neurology'])).toBe(false);
    expect(
      mayOpenTelephoneAdvicePatientFile({ roles: ['referrer'], departmentIds: ['maternity'] }, ['maternity']),
    ).toBe(false);
  });
});
