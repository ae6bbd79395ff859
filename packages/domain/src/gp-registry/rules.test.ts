import { describe, expect, it } from 'vitest';
import {
  confirmationProblems,
  GpRegistrationInputSchema,
  isFamilyDoctorAgb,
  registrationEffect,
  usableSecureMail,
} from '../index.ts';

const practice = { name: 'Huisartsenpraktijk De Linde', agbCode: '01999100', postcode: '2333za' };

describe('family-doctor registry rules', () => {
  it('R-GP-01: only family doctors (AGB profession 01) register', () => {
    expect(isFamilyDoctorAgb('01999001')).toBe(true);
    expect(isFamilyDoctorAgb('03999002')).toBe(false);
    expect(isFamilyDoctorAgb(null)).toBe(false);
  });

  it('R-GP-01: a registration is checked in shape: secure mail, practice AGB and postcode', () => {
    const ok = GpRegistrationInputSchema.parse({
      kind: 'practice-change',
      practice,
      effectiveOn: '2026-12-01',
      takesOverFromAgb: '',
    });
    expect(ok).toMatchObject({ practice: { postcode: '2333 ZA' }, takesOverFromAgb: null });
    const bad = GpRegistrationInputSchema.safeParse({
      kind: 'practice-change',
      practice: { ...practice, agbCode: '03999100' },
      effectiveOn: '2026-12-01',
    });
    expect(bad.success).toBe(false);
    expect(
      GpRegistrationInputSchema.parse({ kind: 'secure-mail', secureMail: 'A.Doctor@Zorgmail.NL' }),
    ).toMatchObject({ secureMail: 'a.doctor@zorgmail.nl' });
    expect(GpRegistrationInputSchema.safeParse({ kind: 'secure-mail', secureMail: 'no' }).success).toBe(
      false,
    );
  });

  it('R-GP-01: confirming needs the Vektis check of the doctor, and of the practice where one is named', () => {
    expect(confirmationProblems('secure-mail', { vektisDoctor: true, vektisPractice: false })).toEqual([]);
    expect(
      confirmationProblems('secure-mail', { vektisDoctor: false, vektisPractice: true }).map((p) => p.path),
    ).toEqual(['checks.vektisDoctor']);
    expect(
      confirmationProblems('new-in-region', { vektisDoctor: true, vektisPractice: false }).map((p) => p.path),
    ).toEqual(['checks.vektisPractice']);
  });

  it('R-GP-01: a takeover moves the patients of the former doctor; a practice change leaves the old practice', () => {
    const takeover = GpRegistrationInputSchema.parse({
      kind: 'new-in-region',
      practice,
      effectiveOn: '2026-12-01',
      takesOverFromAgb: '01999001',
    });
    expect(registrationEffect(takeover, '01999002')).toEqual({
      secureMail: null,
      joinPractice: { agbCode: '01999100', from: '2026-12-01' },
      leaveOtherPracticesOn: null,
      endsOn: null,
      movePatientsFrom: '01999001',
    });
    // Naming oneself as the former doctor moves nothing.
    expect(registrationEffect(takeover, '01999001').movePatientsFrom).toBeNull();
    const change = GpRegistrationInputSchema.parse({
      kind: 'practice-change',
      practice,
      effectiveOn: '2026-12-01',
    });
    expect(registrationEffect(change, '01999002')).toMatchObject({
      leaveOtherPracticesOn: '2026-11-30',
      movePatientsFrom: null,
    });
    const stopped = GpRegistrationInputSchema.parse({ kind: 'stopped', effectiveOn: '2026-12-31' });
    expect(registrationEffect(stopped, '01999002')).toMatchObject({ endsOn: '2026-12-31' });
  });

  it('R-GP-01: only a confirmed address of a practising doctor is used', () => {
    const confirmed = {
      secureMail: 'a@zorgmail.nl',
      secureMailConfirmedAt: '2026-11-01T10:00:00Z',
      endedOn: null,
    };
    expect(usableSecureMail(confirmed, '2026-11-23')).toBe('a@zorgmail.nl');
    expect(usableSecureMail({ ...confirmed, secureMailConfirmedAt: null }, '2026-11-23')).toBeNull();
    expect(usableSecureMail({ ...confirmed, endedOn: '2026-11-22' }, '2026-11-23')).toBeNull();
    expect(usableSecureMail({ ...confirmed, endedOn: '2026-11-23' }, '2026-11-23')).toBe('a@zorgmail.nl');
    expect(usableSecureMail(null, '2026-11-23')).toBeNull();
  });
});
