import { describe, expect, it } from 'vitest';
import {
  SUDDEN_DEATH_TRANSPORT_COST_EUR,
  SuddenDeathRequestInputSchema,
  decideSuddenDeathStep,
  suddenDeathAdvice,
  suddenDeathSteps,
  type SuddenDeathRequestInput,
} from './index.ts';

const dna: SuddenDeathRequestInput = {
  kind: 'dna-storage',
  deceased: { familyName: 'Jansen', sex: 'male', birthDate: '1990-05-01', deathDate: '2026-01-10' },
  biopsies: { count: 2, onePerPot: true, labelled: true, roomTemperature: true },
  requester: { name: 'Dr. A. de Vries', phone: '071 526 9111', agbCode: '01999001' },
};

describe('sudden death', () => {
  it('R-SD-01: autopsy is advised for deceased aged 18 to 45', () => {
    expect(suddenDeathAdvice(17)).toBe('consult-on-duty');
    expect(suddenDeathAdvice(18)).toBe('autopsy-advised');
    expect(suddenDeathAdvice(45)).toBe('autopsy-advised');
    expect(suddenDeathAdvice(46)).toBe('consult-on-duty');
    expect(() => suddenDeathAdvice(-1)).toThrow(RangeError);
    expect(SUDDEN_DEATH_TRANSPORT_COST_EUR).toBe(33);
  });

  it('R-SD-01: DNA storage needs at least 2 biopsies, one per pot, labelled, at room temperature', () => {
    const ok = SuddenDeathRequestInputSchema.safeParse(dna);
    expect(ok.success).toBe(true);
    expect(ok.data?.requester.phone).toBe('+31715269111');
    expect(ok.data?.autopsy).toBeNull();
    const one = SuddenDeathRequestInputSchema.safeParse({ ...dna, biopsies: { ...dna.biopsies, count: 1 } });
    expect(one.error?.issues.map((i) => i.path.join('.'))).toEqual(['biopsies.count']);
    const fridge = SuddenDeathRequestInputSchema.safeParse({
      ...dna,
      biopsies: { ...dna.biopsies, roomTemperature: false },
    });
    expect(fridge.error?.issues.map((i) => i.path.join('.'))).toEqual(['biopsies.roomTemperature']);
    const unlabelled = SuddenDeathRequestInputSchema.safeParse({
      ...dna,
      biopsies: { ...dna.biopsies, labelled: false },
    });
    expect(unlabelled.success).toBe(false);
    const none = SuddenDeathRequestInputSchema.safeParse({ ...dna, biopsies: null });
    expect(none.error?.issues.map((i) => i.path.join('.'))).toEqual(['biopsies']);
  });

  it('R-SD-01: an autopsy request confirms permission and that the family knows the transport costs', () => {
    const autopsy = { ...dna, kind: 'autopsy' as const, biopsies: null };
    expect(SuddenDeathRequestInputSchema.safeParse(autopsy).success).toBe(false);
    const ok = SuddenDeathRequestInputSchema.safeParse({
      ...autopsy,
      autopsy: { familyConsent: true, transportCostsExplained: true },
    });
    expect(ok.success).toBe(true);
    expect(ok.data?.biopsies).toBeNull();
  });

  it('R-SD-01: the deceased cannot die before birth or in the future', () => {
    const before = SuddenDeathRequestInputSchema.safeParse({
      ...dna,
      deceased: { ...dna.deceased, deathDate: '1989-01-01' },
    });
    expect(before.error?.issues.map((i) => i.path.join('.'))).toEqual(['deceased.deathDate']);
    const future = SuddenDeathRequestInputSchema.safeParse({
      ...dna,
      deceased: { ...dna.deceased, deathDate: '2999-01-01' },
    });
    expect(future.success).toBe(false);
  });

  it('R-SD-01: stored DNA is examined only after the first family member registers for screening', () => {
    const stored = { kind: 'dna-storage' as const, state: 'stored' as const, familyMemberRegistered: false };
    expect(decideSuddenDeathStep(stored, 'examine')).toEqual({
      allowed: false,
      reason: 'no-family-member-registered',
    });
    expect(decideSuddenDeathStep(stored, 'register-family-member')).toEqual({ allowed: true, to: 'stored' });
    expect(decideSuddenDeathStep({ ...stored, familyMemberRegistered: true }, 'examine')).toEqual({
      allowed: true,
      to: 'examined',
    });
    // Registered, but the DNA is not stored yet.
    expect(
      decideSuddenDeathStep({ ...stored, state: 'received', familyMemberRegistered: true }, 'examine'),
    ).toEqual({ allowed: false, reason: 'not-in-this-state' });
    expect(
      decideSuddenDeathStep({ ...stored, familyMemberRegistered: true }, 'register-family-member'),
    ).toEqual({ allowed: false, reason: 'not-in-this-state' });
  });

  it('R-SD-01: each kind has its own steps', () => {
    const requested = {
      kind: 'dna-storage' as const,
      state: 'requested' as const,
      familyMemberRegistered: false,
    };
    expect(decideSuddenDeathStep(requested, 'receive')).toEqual({ allowed: true, to: 'received' });
    expect(decideSuddenDeathStep(requested, 'store')).toEqual({
      allowed: false,
      reason: 'not-in-this-state',
    });
    expect(decideSuddenDeathStep(requested, 'complete')).toEqual({
      allowed: false,
      reason: 'not-for-this-kind',
    });
    const autopsy = { ...requested, kind: 'autopsy' as const, state: 'received' as const };
    expect(decideSuddenDeathStep(autopsy, 'complete')).toEqual({ allowed: true, to: 'completed' });
    expect(suddenDeathSteps(autopsy).map((s) => s.action)).toEqual(['receive', 'complete']);
    expect(suddenDeathSteps(requested).map((s) => s.action)).toEqual([
      'receive',
      'store',
      'register-family-member',
      'examine',
    ]);
  });
});
