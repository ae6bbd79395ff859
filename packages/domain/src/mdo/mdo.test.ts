import { describe, expect, it } from 'vitest';
import { conclusionSummary, decideAgenda, decideConclusion, MdoMeetingInputSchema } from './model.ts';

const now = new Date('2026-11-24T12:00:00Z');
const later = new Date('2026-11-24T16:00:00Z');

describe('MDO rules', () => {
  it('R-SO-07: a case goes on an upcoming meeting of its own department once the patient was seen', () => {
    const base = {
      state: 'seen' as const,
      referralDepartmentId: 'oncology-center',
      meetingDepartmentId: 'oncology-center',
      meetingStartsAt: later,
      now,
      onAgenda: false,
    };
    expect(decideAgenda(base)).toEqual({ allowed: true });
    expect(decideAgenda({ ...base, state: 'awaiting-mdo' }).allowed).toBe(true);
    expect(decideAgenda({ ...base, state: 'scheduled' })).toEqual({ allowed: false, reason: 'wrong-state' });
    expect(decideAgenda({ ...base, referralDepartmentId: 'neurology' })).toEqual({
      allowed: false,
      reason: 'other-department',
    });
    expect(decideAgenda({ ...base, onAgenda: true })).toEqual({
      allowed: false,
      reason: 'already-on-agenda',
    });
    expect(decideAgenda({ ...base, meetingStartsAt: new Date('2026-11-23T12:00:00Z') })).toEqual({
      allowed: false,
      reason: 'meeting-past',
    });
  });

  it('R-SO-07: the conclusion is recorded at or after the meeting, once', () => {
    const base = { state: 'awaiting-mdo' as const, meetingStartsAt: later, now, concluded: false };
    expect(decideConclusion(base)).toEqual({ allowed: false, reason: 'meeting-not-started' });
    expect(decideConclusion({ ...base, now: new Date('2026-11-24T15:50:00Z') }).allowed).toBe(true);
    expect(decideConclusion({ ...base, now: later, concluded: true })).toEqual({
      allowed: false,
      reason: 'already-concluded',
    });
    expect(decideConclusion({ ...base, now: later, state: 'completed' })).toEqual({
      allowed: false,
      reason: 'wrong-state',
    });
  });

  it('R-COM-01: the summary on the referral holds diagnosis and treatment advice', () => {
    const s = conclusionSummary({ diagnosis: 'cT2N0', treatmentAdvice: 'Surgery' }, 'en');
    expect(s).toContain('Diagnosis: cT2N0');
    expect(s).toContain('Treatment advice: Surgery');
    expect(
      MdoMeetingInputSchema.safeParse({ departmentId: 'x', title: 'MDO', startsAt: '2026-11-24 16:00' })
        .success,
    ).toBe(false);
  });
});
