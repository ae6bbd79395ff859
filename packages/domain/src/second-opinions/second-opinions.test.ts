import { describe, expect, it } from 'vitest';
import {
  dossierChecklist,
  dossierComplete,
  evaluateReferral,
  ReviewOutcomeInputSchema,
  reviewDue,
  SecondOpinionRequestSchema,
  type Department,
} from '../index.ts';
import { holidayDates } from '../calendar/holidays.ts';

const nl = holidayDates([2026, 2027]);
const department = {
  id: 'oncology-center',
  letter: [],
  documents: [],
  referrers: { restrictions: [] },
  stops: [],
} as unknown as Department;

const content = (over: Record<string, unknown> = {}) => ({
  kind: 'second-opinion' as const,
  patient: { familyName: 'Tweede', birthDate: '1966-03-04', bsn: '999990019' },
  letter: { reason: 'Second opinion' },
  documentKinds: [] as never[],
  referrer: { name: 'Dr. A', kind: 'medical-specialist' as const, specialism: 'surgery' },
  confirmations: [],
  secondOpinion: {
    question: 'Surgery or not?',
    route: 'treating-specialist',
    treatedAbroad: false,
    imagingDone: false,
    patientConsulted: true,
  },
  ...over,
});

describe('second-opinion dossier', () => {
  it('R-SO-04: letter and pathology report always; imaging reports and DICOM images when imaging was done; MRSA when treated abroad', () => {
    expect(dossierChecklist({ treatedAbroad: false, imagingDone: false }, []).map((i) => i.kind)).toEqual([
      'correspondence',
      'pathology-report',
    ]);
    expect(
      dossierChecklist({ treatedAbroad: true, imagingDone: true }, ['imaging']).map((i) => [
        i.kind,
        i.present,
      ]),
    ).toEqual([
      ['correspondence', false],
      ['pathology-report', false],
      ['imaging-report', false],
      ['imaging', true],
      ['mrsa-screening', false],
    ]);
    expect(
      dossierComplete({ treatedAbroad: true, imagingDone: false }, ['correspondence', 'pathology-report']),
    ).toBe(false);
    expect(
      dossierComplete({ treatedAbroad: true, imagingDone: false }, [
        'correspondence',
        'pathology-report',
        'mrsa-screening',
      ]),
    ).toBe(true);
  });

  it('R-SO-03, R-SO-04: missing dossier items count as missing, so review cannot start; they do not stop the request being sent', () => {
    const e = evaluateReferral(department, content());
    expect(e.missing.map((m) => m.key)).toEqual(['document.correspondence', 'document.pathology-report']);
    expect(e.essentialMissing).toBe(0);
    const done = evaluateReferral(
      department,
      content({ documentKinds: ['correspondence', 'pathology-report'] }),
    );
    expect(done.missing).toEqual([]);
  });

  it('R-SO-02: a doctor must confirm the patient was consulted; a patient asking for themself need not', () => {
    const so = { ...content().secondOpinion, patientConsulted: false };
    const doctor = evaluateReferral(department, content({ secondOpinion: so }));
    expect(doctor.missing.map((m) => m.key)).toContain('secondOpinion.patientConsulted');
    expect(doctor.essentialMissing).toBe(1);
    const patient = evaluateReferral(department, content({ secondOpinion: { ...so, route: 'patient' } }));
    expect(patient.missing.map((m) => m.key)).not.toContain('secondOpinion.patientConsulted');
    const none = evaluateReferral(department, content({ secondOpinion: null }));
    expect(none.missing.map((m) => m.key)).toEqual(['secondOpinion.request']);
  });

  it('R-SO-01: the request names the treating specialist, who stays main practitioner', () => {
    const r = SecondOpinionRequestSchema.safeParse({
      question: 'Q',
      treatingSpecialist: { name: '', organisation: '' },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'treatingSpecialist.name',
      'treatingSpecialist.organisation',
    ]);
  });
});

describe('second-opinion review clock', () => {
  it('R-SO-03: review is due 5 working days after the dossier is complete, skipping weekends and holidays', () => {
    // Complete on Thursday 2026-04-23: Fri 24, (Mon 27 is King's Day), Tue 28, Wed 29, Thu 30, Fri 1 May.
    expect(reviewDue('2026-04-23', 5, nl)).toBe('2026-05-01');
    expect(reviewDue('2026-11-20', 5, nl)).toBe('2026-11-27');
  });
});

describe('second-opinion review outcome', () => {
  it('R-SO-06: no consult for "other" reasons needs an explanation', () => {
    expect(ReviewOutcomeInputSchema.safeParse({ kind: 'no-consult', reason: 'other' }).success).toBe(false);
    expect(
      ReviewOutcomeInputSchema.safeParse({ kind: 'no-consult', reason: 'urgency-cannot-be-met' }).success,
    ).toBe(true);
  });

  it('R-SO-08: a refusal records a weighty reason and real reasoning', () => {
    expect(
      ReviewOutcomeInputSchema.safeParse({ kind: 'refusal', weightyReason: 'x', reasoning: 'because' })
        .success,
    ).toBe(false);
    expect(
      ReviewOutcomeInputSchema.safeParse({
        kind: 'refusal',
        weightyReason: 'Breach of trust',
        reasoning: 'The patient recorded staff without consent and published it; the board decided so.',
      }).success,
    ).toBe(true);
  });
});
