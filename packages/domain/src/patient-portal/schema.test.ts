import { describe, expect, it } from 'vitest';
import { decideAction, type ActorFacts, type ReferralFacts } from '../referrals/machine.ts';
import { DraftInputSchema } from '../referrals/schema.ts';
import {
  accessKindOf,
  draftOfPatientRequest,
  NO_BSN_OWN_REQUEST,
  PatientSecondOpinionRequestSchema,
  type PatientSecondOpinionRequestInput,
} from './schema.ts';

const input = (over: Partial<PatientSecondOpinionRequestInput> = {}): PatientSecondOpinionRequestInput => ({
  patient: {
    givenName: 'Emma',
    familyName: 'Schneider',
    birthDate: '1968-04-02',
    street: 'Hauptstraße',
    houseNumber: '12',
    postcode: '50667',
    city: 'Köln',
    country: 'DE',
    phone: '+49 221 1234567',
    email: 'emma@example.org',
  },
  hasBsn: false,
  departmentId: 'oncology-center',
  question: 'Surgery or chemotherapy first?',
  treatingSpecialist: { name: 'Dr. K. Weber', organisation: 'Uniklinik Köln' },
  consentToObtainRecords: true,
  responsibilitiesRead: true,
  ...over,
});

const paths = (r: ReturnType<typeof PatientSecondOpinionRequestSchema.safeParse>) =>
  r.success ? [] : r.error.issues.map((i) => i.path.join('.'));

describe('a patient\u2019s own second-opinion request', () => {
  it('R-CON-01: consent to obtain the records and the responsibilities read are both required', () => {
    expect(PatientSecondOpinionRequestSchema.safeParse(input()).success).toBe(true);
    expect(
      paths(PatientSecondOpinionRequestSchema.safeParse(input({ consentToObtainRecords: false }))),
    ).toEqual(['consentToObtainRecords']);
    expect(
      paths(PatientSecondOpinionRequestSchema.safeParse(input({ responsibilitiesRead: false }))),
    ).toEqual(['responsibilitiesRead']);
  });

  it('R-SO-02: a BSN is asked only of someone who has one, and passes the 11-test (R-ID-01)', () => {
    expect(paths(PatientSecondOpinionRequestSchema.safeParse(input({ hasBsn: true })))).toEqual([
      'patient.bsn',
    ]);
    const nl = { ...input().patient, country: 'NL', postcode: '2333 ZA' };
    expect(
      paths(
        PatientSecondOpinionRequestSchema.safeParse(
          input({ hasBsn: true, patient: { ...nl, bsn: '999990018' } }),
        ),
      ),
    ).toContain('patient.bsn');
    expect(
      PatientSecondOpinionRequestSchema.safeParse(
        input({ hasBsn: true, patient: { ...nl, bsn: '999990044' } }),
      ).success,
    ).toBe(true);
  });

  it('R-SO-02: who the patient is and how to reach them are required', () => {
    const r = PatientSecondOpinionRequestSchema.safeParse(
      input({ patient: { givenName: '', familyName: '', birthDate: '', email: '' } }),
    );
    expect(paths(r)).toEqual(
      expect.arrayContaining([
        'patient.givenName',
        'patient.familyName',
        'patient.birthDate',
        'patient.email',
      ]),
    );
  });

  it('R-SO-02: the request becomes a second-opinion draft asked by the patient, without the doctor\u2019s confirmation', () => {
    const parsed = PatientSecondOpinionRequestSchema.parse(input());
    const draft = DraftInputSchema.parse(draftOfPatientRequest(parsed));
    expect(draft.kind).toBe('second-opinion');
    expect(draft.secondOpinion).toMatchObject({
      route: 'patient',
      patientConsulted: false,
      question: parsed.question,
    });
    expect(draft.patient.bsn).toBeNull();
    expect(draft.patient.noBsnReason).toBe(NO_BSN_OWN_REQUEST);
  });

  it('R-SO-02: the patient may submit their own request; another patient may not', () => {
    const referral: ReferralFacts = {
      state: 'draft',
      departmentId: 'oncology-center',
      createdBy: 'p1',
      organisationId: null,
      patientId: 'patient-1',
    };
    const self: ActorFacts = {
      userId: 'p1',
      roles: ['patient'],
      departmentIds: [],
      organisationId: null,
      patientIds: ['patient-1'],
    };
    expect(decideAction('submit', self, referral)).toEqual({ allowed: true, to: 'received' });
    expect(decideAction('submit', { ...self, userId: 'p2', patientIds: ['patient-2'] }, referral)).toEqual({
      allowed: false,
      reason: 'not-permitted',
    });
  });
});

describe('the access log in plain words (R-SEC-02)', () => {
  it('R-SEC-02: audit actions become read, change, download and search', () => {
    expect(accessKindOf('referral.read', 'R')).toBe('read');
    expect(accessKindOf('document.download', 'R')).toBe('download');
    expect(accessKindOf('referral.search', 'R')).toBe('search');
    expect(accessKindOf('referral.accept', 'U')).toBe('change');
    expect(accessKindOf('referral.register', 'C')).toBe('create');
  });
});
