import { describe, expect, it } from 'vitest';
import {
  APOP_HIGH_RISK_THRESHOLD,
  ApopAnswersSchema,
  ApopCallOutcomeInputSchema,
  ApopModelInputSchema,
  ApopPatientSchema,
  ageInYears,
  apopApplies,
  apopCognitiveDomain,
  apopFollowUpDue,
  apopFollowUpStatus,
  apopFunctionalRisk,
  apopNeedsFollowUpCall,
  assessApop,
  type ApopAnswers,
  type ApopModel,
} from './index.ts';

/** Made-up coefficients to exercise the arithmetic; not a clinical model. */
const model: ApopModel = {
  intercept: -6,
  coefficients: {
    agePerYear: 0.05,
    male: 0.2,
    arrivedByAmbulance: 0.6,
    regularHelp: 0.8,
    bathingHelp: 0.7,
    admittedPastSixMonths: 0.5,
    impairedCognition: 0.9,
  },
  validatedBy: 'unit test',
  source: 'unit test, not validated',
};

const calm: ApopAnswers = {
  sex: 'female',
  arrivedByAmbulance: false,
  regularHelp: false,
  bathingHelp: false,
  admittedPastSixMonths: false,
  knownDementia: false,
  yearQuestion: 'correct',
  monthsBackwards: 'correct',
};

describe('APOP screening', () => {
  it('R-APOP-01: applies from the 70th birthday, computed from the date of birth', () => {
    expect(ageInYears('1956-03-10', '2026-03-09')).toBe(69);
    expect(ageInYears('1956-03-10', '2026-03-10')).toBe(70);
    expect(ageInYears('1948-02-29', '2026-02-28')).toBe(77);
    expect(apopApplies(69)).toBe(false);
    expect(apopApplies(70)).toBe(true);
    expect(() => assessApop(69, calm, model)).toThrow(RangeError);
  });

  it('R-APOP-01: asks every question; a memory question may be "could not answer" but not left open', () => {
    expect(ApopAnswersSchema.safeParse(calm).success).toBe(true);
    const missing = ApopAnswersSchema.safeParse({ ...calm, bathingHelp: undefined });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.path).toEqual(['bathingHelp']);
    expect(ApopAnswersSchema.safeParse({ ...calm, yearQuestion: 'unable' }).success).toBe(true);
    expect(ApopAnswersSchema.safeParse({ ...calm, yearQuestion: null }).success).toBe(false);
  });

  it('R-APOP-01: the patient needs a valid BSN or a reason for having none', () => {
    const base = { familyName: 'Jansen', birthDate: '1948-01-01' };
    expect(ApopPatientSchema.safeParse({ ...base, bsn: '999990019' }).success).toBe(true);
    expect(ApopPatientSchema.safeParse({ ...base, bsn: '999990018' }).success).toBe(false);
    const none = ApopPatientSchema.safeParse(base);
    expect(none.error?.issues.map((i) => i.path.join('.'))).toEqual(['noBsnReason']);
    expect(ApopPatientSchema.safeParse({ ...base, noBsnReason: 'unconscious, no ID' }).success).toBe(true);
  });

  it('R-APOP-02: cognition is impaired by known dementia, one wrong memory answer, or no cognitive data', () => {
    expect(apopCognitiveDomain(calm)).toEqual({ impaired: false, reasons: [] });
    expect(apopCognitiveDomain({ ...calm, knownDementia: true })).toEqual({
      impaired: true,
      reasons: ['known-dementia'],
    });
    expect(apopCognitiveDomain({ ...calm, monthsBackwards: 'wrong' }).reasons).toEqual([
      'memory-question-wrong',
    ]);
    expect(apopCognitiveDomain({ ...calm, yearQuestion: 'wrong', monthsBackwards: 'wrong' }).impaired).toBe(
      true,
    );
    expect(apopCognitiveDomain({ ...calm, yearQuestion: 'unable', monthsBackwards: 'unable' })).toEqual({
      impaired: true,
      reasons: ['no-cognitive-data'],
    });
    // One question answered correctly is cognitive data.
    expect(apopCognitiveDomain({ ...calm, yearQuestion: 'unable' }).impaired).toBe(false);
  });

  it('R-APOP-03: the functional risk is the logistic of the configured model, high from 45%', () => {
    const low = apopFunctionalRisk(model, 75, calm, false);
    expect(low.probability).toBeCloseTo(1 / (1 + Math.exp(-(-6 + 0.05 * 75))), 10);
    expect(low.high).toBe(false);
    // -6 + 3.9 + 0.6 + 0.8 + 0.7 = 0: exactly 50%.
    const high = apopFunctionalRisk(
      model,
      78,
      { ...calm, arrivedByAmbulance: true, regularHelp: true, bathingHelp: true },
      false,
    );
    expect(high.probability).toBeCloseTo(0.5, 10);
    expect(high.high).toBe(true);
    expect(APOP_HIGH_RISK_THRESHOLD).toBe(0.45);
    // Impaired cognition and male sex enter the model.
    const withCognition = apopFunctionalRisk(model, 75, { ...calm, sex: 'male' }, true);
    expect(withCognition.probability).toBeCloseTo(1 / (1 + Math.exp(-(-6 + 3.75 + 0.2 + 0.9))), 10);
  });

  it('R-APOP-03: 45% is high risk, just below is not', () => {
    const logit = Math.log(0.45 / 0.55);
    const at = { ...model, intercept: logit, coefficients: { ...model.coefficients, agePerYear: 0 } };
    expect(apopFunctionalRisk(at, 80, calm, false).high).toBe(true);
    const below = { ...at, intercept: logit - 0.001 };
    expect(apopFunctionalRisk(below, 80, calm, false).high).toBe(false);
  });

  it('R-APOP-03: a model needs every coefficient and who validated it; no default is shipped', () => {
    expect(ApopModelInputSchema.safeParse(model).success).toBe(true);
    const unsigned = ApopModelInputSchema.safeParse({ ...model, validatedBy: '' });
    expect(unsigned.error?.issues[0]?.path).toEqual(['validatedBy']);
    const partial = ApopModelInputSchema.safeParse({
      ...model,
      coefficients: { ...model.coefficients, bathingHelp: undefined },
    });
    expect(partial.success).toBe(false);
    expect(ApopModelInputSchema.safeParse({ ...model, intercept: Number.NaN }).success).toBe(false);
  });

  it('R-APOP-03: without a model the functional domain is not configured and never guessed', () => {
    const a = assessApop(80, calm, null);
    expect(a.functional).toEqual({ status: 'not-configured' });
    expect(a.outcome).toBe('undetermined');
    expect(a.risk).toBe('unknown');
    const impaired = assessApop(80, { ...calm, knownDementia: true }, null);
    expect(impaired.outcome).toBe('impaired-cognition');
    expect(impaired.risk).toBe('high');
  });

  it('R-APOP-04: four results: low, high functional, impaired cognition, both', () => {
    expect(assessApop(75, calm, model)).toMatchObject({ outcome: 'low-risk', risk: 'low' });
    const frail = { ...calm, arrivedByAmbulance: true, regularHelp: true, bathingHelp: true };
    expect(assessApop(78, frail, model)).toMatchObject({ outcome: 'high-risk-functional', risk: 'high' });
    expect(assessApop(75, { ...calm, yearQuestion: 'wrong' }, model)).toMatchObject({
      outcome: 'impaired-cognition',
      risk: 'high',
    });
    expect(assessApop(78, { ...frail, knownDementia: true }, model)).toMatchObject({
      outcome: 'both',
      risk: 'high',
    });
  });

  it('R-APOP-04: a high-risk patient sent home gets a call within 24 hours of discharge', () => {
    expect(apopNeedsFollowUpCall('high', 'sent-home')).toBe(true);
    expect(apopNeedsFollowUpCall('high', 'admitted')).toBe(false);
    expect(apopNeedsFollowUpCall('low', 'sent-home')).toBe(false);
    expect(apopNeedsFollowUpCall('unknown', 'sent-home')).toBe(false);
    const discharged = new Date('2026-03-10T22:30:00Z');
    const due = apopFollowUpDue(discharged);
    expect(due.toISOString()).toBe('2026-03-11T22:30:00.000Z');
    expect(apopFollowUpStatus(due, null, new Date('2026-03-11T22:29:00Z'))).toBe('open');
    expect(apopFollowUpStatus(due, null, new Date('2026-03-11T22:31:00Z'))).toBe('overdue');
    expect(apopFollowUpStatus(due, new Date('2026-03-11T23:00:00Z'), new Date('2026-03-12T00:00:00Z'))).toBe(
      'closed',
    );
  });

  it('R-APOP-04: a call that did not reach the patient needs a note of what was done instead', () => {
    const base = { instructionsRepeated: false, familyDoctorContacted: false };
    expect(ApopCallOutcomeInputSchema.safeParse({ ...base, outcome: 'not-reached' }).success).toBe(false);
    expect(
      ApopCallOutcomeInputSchema.safeParse({ ...base, outcome: 'not-reached', note: 'Called the GP' })
        .success,
    ).toBe(true);
    expect(ApopCallOutcomeInputSchema.safeParse({ ...base, outcome: 'reached' }).success).toBe(true);
  });
});
