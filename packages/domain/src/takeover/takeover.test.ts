import { describe, expect, it } from 'vitest';
import {
  decideChoice,
  decideConfirm,
  decideRequest,
  mainPractitionerAt,
  responsibleHospital,
  TakeoverChoiceInputSchema,
  type PractitionerPeriod,
} from './model.ts';

const t0 = new Date('2026-11-01T09:00:00Z');
const t1 = new Date('2026-11-20T14:00:00Z');
const history: PractitionerPeriod[] = [
  { name: 'Dr. E. Extern', organisation: 'Ziekenhuis Elders', kind: 'external', since: t0, until: t1 },
  {
    name: 'Dr. S. Specialist',
    organisation: 'Oncologisch Centrum',
    kind: 'hospital',
    since: t1,
    until: null,
  },
];

describe('takeover rules', () => {
  it('R-TO-01: a takeover is requested only from a second opinion that is under way or done, once', () => {
    const base = {
      kind: 'second-opinion',
      state: 'seen' as const,
      relationships: ['patient-self' as const],
      openTakeover: false,
    };
    expect(decideRequest(base)).toEqual({ allowed: true });
    expect(decideRequest({ ...base, kind: 'new-referral' })).toEqual({
      allowed: false,
      reason: 'no-second-opinion',
    });
    expect(decideRequest({ ...base, state: 'completed' })).toEqual({ allowed: true });
    expect(decideRequest({ ...base, state: 'cancelled' })).toEqual({ allowed: false, reason: 'closed' });
    expect(decideRequest({ ...base, openTakeover: true })).toEqual({
      allowed: false,
      reason: 'already-requested',
    });
    expect(decideRequest({ ...base, relationships: ['specialist'] }).allowed).toBe(true);
    expect(decideRequest({ ...base, relationships: ['back-office'] })).toEqual({
      allowed: false,
      reason: 'not-permitted',
    });
  });

  it('R-TO-02: the main practitioner at any moment follows the recorded history', () => {
    expect(mainPractitionerAt(history, new Date('2026-10-01T00:00:00Z'))).toBeNull();
    expect(mainPractitionerAt(history, new Date('2026-11-20T13:59:59Z'))?.name).toBe('Dr. E. Extern');
    expect(mainPractitionerAt(history, t1)?.name).toBe('Dr. S. Specialist');
    expect(responsibleHospital(null)).toBe('current-hospital');
    expect(responsibleHospital(t1)).toBe('this-hospital');
  });

  it('R-TO-03: confirmation needs the patient’s choice for this hospital, by triage supervisor or specialist', () => {
    const base = {
      state: 'in-triage' as const,
      relationships: ['specialist' as const],
      choice: null,
      confirmed: false,
    };
    expect(decideConfirm(base)).toEqual({ allowed: false, reason: 'choice-missing' });
    expect(decideConfirm({ ...base, choice: 'current-hospital' })).toEqual({
      allowed: false,
      reason: 'patient-stays',
    });
    expect(decideConfirm({ ...base, choice: 'this-hospital' })).toEqual({ allowed: true });
    expect(
      decideConfirm({ ...base, choice: 'this-hospital', relationships: ['triage-supervisor'] }).allowed,
    ).toBe(true);
    expect(decideConfirm({ ...base, choice: 'this-hospital', relationships: ['back-office'] })).toEqual({
      allowed: false,
      reason: 'not-permitted',
    });
    expect(decideConfirm({ ...base, choice: 'this-hospital', confirmed: true })).toEqual({
      allowed: false,
      reason: 'already-confirmed',
    });
    expect(
      decideChoice({ state: 'received', relationships: ['patient-self'], confirmed: false }).allowed,
    ).toBe(true);
    expect(
      decideChoice({ state: 'received', relationships: ['family-doctor'], confirmed: false }).allowed,
    ).toBe(false);
    expect(TakeoverChoiceInputSchema.safeParse({ choice: 'elsewhere' }).success).toBe(false);
  });
});
