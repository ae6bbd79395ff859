import { describe, expect, it } from 'vitest';
import { DepartmentSchema, evaluateReferral, referrerKindOf, type ReferralContent } from '../index.ts';

const internalMedicine = DepartmentSchema.parse({
  id: 'internal-medicine',
  name: { en: 'Internal Medicine' },
  letter: [
    { item: 'patient-personal-data', text: { en: "patient's personal data (including telephone number)" } },
    { item: 'patient-phone', text: { en: 'telephone number' } },
    { item: 'referrer-name', text: { en: 'name of the referrer' } },
    { item: 'reason', text: { en: 'reasons for referral and prior history' } },
    {
      item: 'urgency-period',
      text: { en: 'indication of the period during which the patient must be seen' },
    },
    { item: 'medication', text: { en: 'medications taken' } },
  ],
  documents: [{ kind: 'pathology-report', text: { en: 'Pathology report' }, need: 'required' }],
});

const content = (over: Partial<ReferralContent> = {}): ReferralContent => ({
  kind: 'new-referral',
  patient: { bsn: '999990019', familyName: 'Jansen', birthDate: '1950-01-01', phone: '+31612345678' },
  letter: { reason: 'Anaemia', 'urgency-period': 'within 4 weeks', medication: 'none' },
  documentKinds: ['pathology-report'],
  referrer: { name: 'Dr. A', kind: 'family-doctor', specialism: 'family medicine' },
  confirmations: [],
  ...over,
});

describe('completeness of a referral', () => {
  it('R-REF-03: a complete referral misses nothing', () => {
    expect(evaluateReferral(internalMedicine, content())).toMatchObject({ missing: [], blocking: 0 });
  });

  it("R-REF-03: what is missing is named in the department's own words", () => {
    const e = evaluateReferral(
      internalMedicine,
      content({ letter: { reason: 'x' }, documentKinds: [], patient: { familyName: 'J' } }),
    );
    expect(e.missing.map((m) => m.key)).toEqual([
      'patient.birthDate',
      'patient.bsn',
      'patient.phone',
      'letter.urgency-period',
      'letter.medication',
      'document.pathology-report',
    ]);
    expect(e.missing.find((m) => m.key === 'letter.medication')?.text).toEqual({ en: 'medications taken' });
  });

  it('R-CAT-03: departments differ: neurosurgery asks for the BSN and the address', () => {
    const neurosurgery = DepartmentSchema.parse({
      id: 'neurosurgery',
      name: { en: 'Neurosurgery' },
      letter: [
        { item: 'patient-bsn', text: { en: "Patient's BSN number" } },
        { item: 'patient-address', text: { en: 'Name and address details' } },
      ],
    });
    const e = evaluateReferral(
      neurosurgery,
      content({ patient: { familyName: 'J', birthDate: '1950-01-01', noBsnReason: 'abroad' } }),
    );
    expect(e.missing.map((m) => m.key)).toEqual(['patient.bsn', 'patient.address']);
  });

  it('R-CAT-05: a stop on a care path blocks the referral and carries the redirect', () => {
    const pulmonology = DepartmentSchema.parse({
      id: 'pulmonology',
      name: { nl: 'Longziekten' },
      carePaths: [{ id: 'astma-copd', name: { nl: 'Astma en COPD' } }],
      stops: [
        {
          id: 'copd',
          subject: { nl: 'Astma en COPD' },
          referrers: ['family-doctor'],
          scope: { carePathIds: ['astma-copd'] },
          text: { nl: 'Presentatiestop' },
          redirect: { name: { nl: 'Alrijne Ziekenhuis' } },
        },
      ],
    });
    const blocked = evaluateReferral(pulmonology, content({ carePathId: 'astma-copd' }));
    expect(blocked.blocking).toBe(1);
    expect(blocked.blockers[0]).toMatchObject({
      kind: 'stop',
      stop: { redirect: { name: { nl: 'Alrijne Ziekenhuis' } } },
    });
    // A specialist is not primary care: the stop does not apply.
    expect(
      evaluateReferral(
        pulmonology,
        content({
          carePathId: 'astma-copd',
          referrer: { name: 'x', kind: 'medical-specialist', specialism: 'internal medicine' },
        }),
      ).blocking,
    ).toBe(0);
    expect(evaluateReferral(pulmonology, content({ carePathId: null })).blocking).toBe(0);
  });

  it('R-CAT-05: only an orthopedist, neurologist or neurosurgeon may refer to neurosurgery', () => {
    const neurosurgery = DepartmentSchema.parse({
      id: 'neurosurgery',
      name: { en: 'Neurosurgery' },
      referrers: {
        restrictions: [
          {
            id: 'spec',
            type: 'specialisms',
            allowed: ['orthopedics', 'neurology', 'neurosurgery'],
            text: { en: 'only by letter from ...' },
          },
        ],
      },
    });
    expect(evaluateReferral(neurosurgery, content()).blockers).toHaveLength(1);
    expect(
      evaluateReferral(
        neurosurgery,
        content({ referrer: { name: 'x', kind: 'medical-specialist', specialism: 'Neurology' } }),
      ).blocking,
    ).toBe(0);
  });

  it('R-CAT-05: a subject stop, the treating doctor and a region are confirmed by the referrer', () => {
    const psychiatry = DepartmentSchema.parse({
      id: 'psychiatry',
      name: { en: 'Psychiatry' },
      carePaths: [{ id: 'esketamine', name: { en: 'Esketamine' } }],
      stops: [{ id: 'ssd', subject: { en: 'somatic symptom disorder' }, text: { en: 'no longer' } }],
      referrers: {
        restrictions: [
          {
            id: 'treating',
            type: 'treating-doctor',
            text: { en: 'Referrals must be made by the treating doctor.' },
          },
          {
            id: 'region',
            type: 'region',
            region: { en: 'Leiden and neighbouring areas' },
            scope: { carePathIds: ['esketamine'] },
            text: { en: 'region only' },
          },
        ],
      },
    });
    const plain = evaluateReferral(psychiatry, content());
    expect(plain.confirmations.map((c) => c.id)).toEqual(['stop:ssd', 'restriction:treating']);
    expect(plain.blocking).toBe(2);
    const esketamine = evaluateReferral(
      psychiatry,
      content({ carePathId: 'esketamine', confirmations: ['stop:ssd', 'restriction:treating'] }),
    );
    expect(esketamine.confirmations.map((c) => [c.id, c.confirmed])).toEqual([
      ['stop:ssd', true],
      ['restriction:treating', true],
      ['restriction:region', false],
    ]);
    expect(esketamine.blocking).toBe(1);
  });

  it('R-ID-02: the AGB profession code tells a family doctor from a specialist', () => {
    expect(referrerKindOf('01999001')).toBe('family-doctor');
    expect(referrerKindOf('03999002')).toBe('medical-specialist');
    expect(referrerKindOf(null, true)).toBe('doctor-abroad');
    expect(referrerKindOf(null)).toBeNull();
  });
});
