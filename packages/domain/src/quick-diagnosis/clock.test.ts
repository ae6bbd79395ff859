import { describe, expect, it } from 'vitest';
import {
  appointmentDate,
  choiceProblems,
  DayPlanInputSchema,
  defaultReferralPolicy,
  diagnosisDeadline,
  evaluateReferral,
  firstVisitDeadline,
  QuickDiagnosisConfigSchema,
  type Department,
} from '../index.ts';
import { holidayDates } from '../calendar/holidays.ts';

const nl = holidayDates([2026, 2027]);
const config = QuickDiagnosisConfigSchema.parse({
  departmentId: 'oncology-center',
  tumourTypes: [
    { id: 'bladder', name: { nl: 'Blaaskanker', en: 'Bladder cancer' }, diagnosisWorkingDays: 2 },
    { id: 'prostate', name: { nl: 'Prostaatkanker', en: 'Prostate cancer' }, diagnosisWorkingDays: 4 },
  ],
});
const department = {
  id: 'oncology-center',
  letter: [],
  documents: [],
  referrers: { restrictions: [] },
  stops: [],
};

describe('quick diagnosis', () => {
  it('R-QD-01, R-WD-01: the first visit is the next working day after receipt', () => {
    expect(config.firstVisitWorkingDays).toBe(1);
    const d = firstVisitDeadline('2026-11-20', config, defaultReferralPolicy, nl); // a Friday
    expect(d).toMatchObject({ rule: 'quick-diagnosis-first-visit', from: '2026-11-20', due: '2026-11-23' });
    expect(d.policy.holidays).toEqual(defaultReferralPolicy.holidays);
    // Christmas Eve: Christmas and Boxing Day do not count.
    expect(firstVisitDeadline('2026-12-24', config, defaultReferralPolicy, nl).due).toBe('2026-12-28');
  });

  it('R-QD-01: the diagnosis follows 1 to 4 working days after the first visit, per tumour type', () => {
    const [bladder, prostate] = config.tumourTypes;
    expect(diagnosisDeadline('2026-11-23', bladder!, defaultReferralPolicy, nl)).toMatchObject({
      rule: 'quick-diagnosis',
      due: '2026-11-25',
      workingDays: 2,
    });
    expect(diagnosisDeadline('2026-11-26', prostate!, defaultReferralPolicy, nl).due).toBe('2026-12-02');
    const tooLong = QuickDiagnosisConfigSchema.safeParse({
      departmentId: 'oncology-center',
      tumourTypes: [{ id: 'x', name: { en: 'X' }, diagnosisWorkingDays: 5 }],
    });
    expect(tooLong.success).toBe(false);
  });

  it('R-QD-01: the tumour type comes from the list and the route from its department', () => {
    expect(
      choiceProblems(config, 'oncology-center', { tumourTypeId: 'bladder', patientChoice: true }),
    ).toEqual([]);
    expect(choiceProblems(config, 'urology', null)[0]!.path).toBe('kind');
    expect(
      choiceProblems(config, 'oncology-center', { tumourTypeId: 'lung', patientChoice: true })[0]!.path,
    ).toBe('quickDiagnosis.tumourTypeId');
    expect(choiceProblems(undefined, 'oncology-center', null)[0]!.path).toBe('kind');
  });

  it("R-QD-01: without the patient's choice and a tumour type the referral cannot be sent", () => {
    const content = {
      kind: 'quick-diagnosis' as const,
      patient: { bsn: '999990019', familyName: 'Snel', birthDate: '1958-02-02' },
      letter: { reason: 'Haematuria' },
      documentKinds: [],
      referrer: { name: 'Dr. A', kind: 'family-doctor' as const, specialism: null },
      confirmations: [],
    };
    const without = evaluateReferral(department as unknown as Department, content);
    expect(without.missing.map((m) => m.key)).toEqual([
      'quickDiagnosis.tumourType',
      'quickDiagnosis.patientChoice',
    ]);
    expect(without.essentialMissing).toBe(2);
    const withChoice = evaluateReferral(department as unknown as Department, {
      ...content,
      quickDiagnosis: { tumourTypeId: 'bladder', patientChoice: true },
    });
    expect(withChoice.essentialMissing).toBe(0);
    // Another kind of referral does not ask for it.
    expect(
      evaluateReferral(department as unknown as Department, { ...content, kind: 'new-referral' })
        .essentialMissing,
    ).toBe(0);
  });

  it('R-QD-01: the day plan keeps the examinations in order of time, never two at once', () => {
    const plan = DayPlanInputSchema.parse({
      examinations: [
        { kind: 'consultation', time: '14:00' },
        { kind: 'blood-test', time: '08:30', location: ' ' },
        { kind: 'mri', time: '11:00' },
      ],
    });
    expect(plan.examinations.map((e) => e.kind)).toEqual(['blood-test', 'mri', 'consultation']);
    expect(plan.examinations[0]!.location).toBeNull();
    const clash = DayPlanInputSchema.safeParse({
      examinations: [
        { kind: 'ct', time: '09:00' },
        { kind: 'mri', time: '09:00' },
      ],
    });
    expect(clash.success).toBe(false);
    expect(DayPlanInputSchema.safeParse({ examinations: [] }).success).toBe(false);
    expect(DayPlanInputSchema.safeParse({ examinations: [{ kind: 'ct', time: '9:00' }] }).success).toBe(
      false,
    );
  });

  it('R-QD-01: an appointment counts on its day in Amsterdam', () => {
    expect(appointmentDate('2026-11-23T23:30:00Z')).toBe('2026-11-24');
    expect(appointmentDate('2026-11-23T08:30:00+01:00')).toBe('2026-11-23');
  });
});
