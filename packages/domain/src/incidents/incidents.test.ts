import { describe, expect, it } from 'vitest';
import {
  availableIncidentActions,
  decideIncidentAction,
  IncidentActionInputSchemas,
  incidentAccess,
  IncidentReportInputSchema,
  isBsnLikeNumber,
  mayWriteIncidentMessage,
  type IncidentReportInput,
} from '../index.ts';

const report = (over: Partial<IncidentReportInput> = {}): IncidentReportInput => ({
  reporter: {
    name: 'Dr. A. de Vries',
    organisation: 'Huisartsenpraktijk De Linde',
    phone: '071 526 9111',
    email: 'A.deVries@Example.org',
  },
  occurredOn: '2026-01-12',
  occurredUntil: '2026-01-14',
  description: 'Discharge letter arrived two weeks after discharge.',
  suggestions: 'Send the letter on the day of discharge.',
  departmentId: 'internal-medicine',
  careSetting: 'clinic',
  patient: { initials: 'J.', birthName: 'Jansen', birthDate: '1950-03-01', hospitalNumber: '1234567' },
  consequences: 'Medication was not adjusted for two weeks.',
  actionTaken: 'Called the ward.',
  referralReference: 'vw-2026-000001',
  ...over,
});

const paths = (input: unknown) => {
  const r = IncidentReportInputSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('the incident report (R-INC-01)', () => {
  it('R-INC-01: holds the fields the page lists, normalised', () => {
    const r = IncidentReportInputSchema.parse(report());
    expect(r.reporter).toEqual({
      name: 'Dr. A. de Vries',
      organisation: 'Huisartsenpraktijk De Linde',
      phone: '+31715269111',
      email: 'a.devries@example.org',
    });
    expect(r).toMatchObject({
      occurredOn: '2026-01-12',
      occurredUntil: '2026-01-14',
      careSetting: 'clinic',
      patient: { initials: 'J.', birthName: 'Jansen', birthDate: '1950-03-01', hospitalNumber: '1234567' },
      referralReference: 'VW-2026-000001',
    });
  });

  it('R-INC-01: refuses a report without contact e-mail, description, department setting, patient or consequences', () => {
    const bad = paths({
      ...report(),
      reporter: { name: 'X', email: '' },
      description: ' ',
      careSetting: 'ward',
      patient: { initials: '', birthName: '', birthDate: '' },
      consequences: '',
    });
    expect(bad).toEqual(
      expect.arrayContaining([
        'reporter.email',
        'description',
        'careSetting',
        'patient.initials',
        'patient.birthName',
        'patient.birthDate',
        'consequences',
      ]),
    );
  });

  it('R-INC-01: the report has no BSN field, and a BSN given as hospital patient number is refused', () => {
    expect(paths({ ...report(), patient: { ...report().patient, bsn: '999990019' } })).toContain('patient');
    expect(isBsnLikeNumber('999990019')).toBe(true);
    expect(isBsnLikeNumber('9999 90 019')).toBe(true);
    expect(isBsnLikeNumber('1234567')).toBe(false);
    expect(isBsnLikeNumber('999990018')).toBe(false);
    expect(paths(report({ patient: { ...report().patient, hospitalNumber: '999990019' } }))).toEqual([
      'patient.hospitalNumber',
    ]);
  });

  it('R-INC-01: a period ends on or after its start, and no date lies in the future', () => {
    expect(paths(report({ occurredUntil: '2026-01-10' }))).toEqual(['occurredUntil']);
    expect(paths(report({ occurredOn: '2999-01-01', occurredUntil: null }))).toEqual(['occurredOn']);
    expect(IncidentReportInputSchema.parse(report({ occurredUntil: '' })).occurredUntil).toBeNull();
  });

  it('R-INC-01: a referral reference has the referral format', () => {
    expect(paths(report({ referralReference: 'ABC' }))).toEqual(['referralReference']);
    expect(IncidentReportInputSchema.parse(report({ referralReference: '' })).referralReference).toBeNull();
  });

  it('R-INC-01: closing needs a conclusion', () => {
    expect(IncidentActionInputSchemas.close.safeParse({ conclusion: '  ' }).success).toBe(false);
    expect(
      IncidentActionInputSchemas.close.safeParse({ conclusion: 'Letters now go out the same day.' }).success,
    ).toBe(true);
  });
});

describe('handling a report (R-INC-01, R-SEC-03)', () => {
  const team = { userId: 't', roles: ['transmural-team'] as const };
  const gp = { userId: 'g', roles: ['referrer'] as const };
  const other = { userId: 'o', roles: ['referrer'] as const };

  it('R-SEC-03: the team sees every report, a reporter their own, others none', () => {
    expect(incidentAccess(team, { reportedBy: 'g' })).toBe('team');
    expect(incidentAccess(gp, { reportedBy: 'g' })).toBe('reporter');
    expect(incidentAccess(other, { reportedBy: 'g' })).toBeNull();
  });

  it('R-INC-01: received -> in-triage -> under-investigation -> closed, by the team only', () => {
    expect(decideIncidentAction('start-triage', 'team', 'received')).toEqual({
      allowed: true,
      to: 'in-triage',
    });
    expect(decideIncidentAction('investigate', 'team', 'in-triage')).toEqual({
      allowed: true,
      to: 'under-investigation',
    });
    expect(decideIncidentAction('close', 'team', 'under-investigation')).toEqual({
      allowed: true,
      to: 'closed',
    });
    expect(decideIncidentAction('close', 'team', 'in-triage')).toEqual({ allowed: true, to: 'closed' });
    expect(decideIncidentAction('close', 'team', 'received')).toEqual({
      allowed: false,
      reason: 'wrong-state',
    });
    expect(decideIncidentAction('start-triage', 'reporter', 'received')).toEqual({
      allowed: false,
      reason: 'not-permitted',
    });
    expect(availableIncidentActions('team', 'in-triage')).toEqual(['investigate', 'close']);
    expect(availableIncidentActions('team', 'closed')).toEqual([]);
    expect(availableIncidentActions('reporter', 'received')).toEqual([]);
  });

  it('R-INC-01: both sides write messages until the report is closed', () => {
    expect(mayWriteIncidentMessage('reporter', 'under-investigation')).toBe(true);
    expect(mayWriteIncidentMessage('team', 'received')).toBe(true);
    expect(mayWriteIncidentMessage('team', 'closed')).toBe(false);
    expect(mayWriteIncidentMessage(null, 'received')).toBe(false);
  });
});
