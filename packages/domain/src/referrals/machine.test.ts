import { describe, expect, it } from 'vitest';
import {
  availableActions,
  canView,
  decideAction,
  fhirTaskStatus,
  referralActions,
  referralStates,
  type ActorFacts,
  type ReferralAction,
  type ReferralFacts,
  type ReferralState,
} from '../index.ts';

const referral = (state: ReferralState): ReferralFacts => ({
  state,
  departmentId: 'internal-medicine',
  createdBy: 'gp-1',
  organisationId: 'practice-1',
  patientId: 'patient-1',
  familyDoctorAgb: '01000099',
});

const actors: Record<string, ActorFacts> = {
  'referrer (owner)': {
    userId: 'gp-1',
    roles: ['referrer'],
    departmentIds: [],
    organisationId: 'practice-1',
  },
  'referrer (same practice)': {
    userId: 'gp-2',
    roles: ['referrer'],
    departmentIds: [],
    organisationId: 'practice-1',
  },
  'referrer (other practice)': {
    userId: 'gp-3',
    roles: ['referrer'],
    departmentIds: [],
    organisationId: 'practice-2',
  },
  'patient (self)': {
    userId: 'p-1',
    roles: ['patient'],
    departmentIds: [],
    organisationId: null,
    patientIds: ['patient-1'],
  },
  'patient (other)': {
    userId: 'p-2',
    roles: ['patient'],
    departmentIds: [],
    organisationId: null,
    patientIds: ['patient-2'],
  },
  'back office': {
    userId: 'bo',
    roles: ['back-office'],
    departmentIds: ['internal-medicine'],
    organisationId: null,
  },
  'back office (other department)': {
    userId: 'bo2',
    roles: ['back-office'],
    departmentIds: ['neurology'],
    organisationId: null,
  },
  'triage supervisor': {
    userId: 'ts',
    roles: ['triage-supervisor'],
    departmentIds: ['internal-medicine'],
    organisationId: null,
  },
  specialist: {
    userId: 'sp',
    roles: ['specialist'],
    departmentIds: ['internal-medicine'],
    organisationId: null,
  },
  administrator: {
    userId: 'ad',
    roles: ['administrator'],
    departmentIds: ['internal-medicine'],
    organisationId: null,
  },
  'privacy officer': { userId: 'po', roles: ['privacy-officer'], departmentIds: [], organisationId: null },
};

/** The whole machine, written out: state → actor → the actions allowed (guards met). Everything else is refused. */
const expected: Record<ReferralState, Partial<Record<string, ReferralAction[]>>> = {
  // A patient sends only their own second-opinion request (R-SO-02); the server makes no other patient drafts.
  draft: {
    'referrer (owner)': ['submit'],
    'referrer (same practice)': ['submit'],
    'patient (self)': ['submit'],
  },
  received: {
    'referrer (owner)': ['cancel'],
    'referrer (same practice)': ['cancel'],
    'patient (self)': ['cancel'],
    'back office': ['start-triage', 'request-information', 'forward', 'cancel', 'merge'],
    'triage supervisor': ['start-triage', 'request-information', 'forward', 'merge'],
  },
  'awaiting-information': {
    'referrer (owner)': ['supplement', 'cancel'],
    'referrer (same practice)': ['supplement', 'cancel'],
    // Not this referral's supplement: it is a family doctor's referral (see the second-opinion test below).
    'patient (self)': ['cancel'],
    'back office': ['supplement', 'forward', 'cancel', 'merge'],
    'triage supervisor': ['forward', 'merge'],
  },
  'in-triage': {
    'referrer (owner)': ['cancel'],
    'referrer (same practice)': ['cancel'],
    'patient (self)': ['cancel'],
    'back office': ['request-information', 'forward', 'cancel', 'merge'],
    'triage supervisor': ['request-information', 'accept', 'reject', 'forward', 'merge'],
  },
  accepted: {
    'referrer (owner)': ['cancel'],
    'referrer (same practice)': ['cancel'],
    'patient (self)': ['cancel'],
    'back office': ['schedule', 'cancel'],
    'triage supervisor': ['schedule'],
  },
  scheduled: {
    'referrer (owner)': ['cancel'],
    'referrer (same practice)': ['cancel'],
    'patient (self)': ['cancel'],
    'back office': ['reschedule', 'no-show', 'cancel'],
    'triage supervisor': ['reschedule', 'no-show'],
    specialist: ['no-show', 'record-consult'],
  },
  seen: { specialist: ['refer-to-mdo', 'complete'] },
  'awaiting-mdo': { specialist: ['complete'] },
  rejected: {},
  completed: {},
  cancelled: {},
};

describe('the referral state machine', () => {
  for (const state of referralStates) {
    for (const [name, actor] of Object.entries(actors)) {
      it(`R-REF-01: in ${state}, ${name} may ${(expected[state][name] ?? []).join(', ') || 'do nothing'}`, () => {
        expect(availableActions(actor, referral(state))).toEqual(expected[state][name] ?? []);
      });
    }
  }

  it('R-REF-01: every refusal says why', () => {
    const gp = actors['referrer (owner)']!;
    expect(decideAction('accept', gp, referral('in-triage'))).toEqual({
      allowed: false,
      reason: 'not-permitted',
    });
    expect(decideAction('supplement', gp, referral('received'))).toEqual({
      allowed: false,
      reason: 'wrong-state',
    });
    expect(decideAction('cancel', gp, referral('completed'))).toEqual({ allowed: false, reason: 'closed' });
    expect(decideAction('submit', gp, referral('draft'), { missing: 2 })).toEqual({
      allowed: false,
      reason: 'incomplete',
    });
    expect(decideAction('submit', gp, referral('draft'), { blockers: 1 })).toEqual({
      allowed: false,
      reason: 'blocked',
    });
    expect(decideAction('submit', gp, referral('draft'))).toEqual({ allowed: true, to: 'received' });
  });

  it('R-REF-03: triage starts only on a complete referral; otherwise staff ask for the missing items', () => {
    const bo = actors['back office']!;
    expect(decideAction('start-triage', bo, referral('received'), { missing: 1 })).toEqual({
      allowed: false,
      reason: 'incomplete',
    });
    expect(decideAction('request-information', bo, referral('received'))).toEqual({
      allowed: true,
      to: 'awaiting-information',
    });
    expect(decideAction('supplement', actors['referrer (owner)']!, referral('awaiting-information'))).toEqual(
      { allowed: true, to: 'received' },
    );
  });

  it('R-SO-03: the patient answers a request for information on their second opinion, not on a doctor\u2019s referral', () => {
    const patient = actors['patient (self)']!;
    const secondOpinion = { ...referral('awaiting-information'), kind: 'second-opinion' };
    expect(decideAction('supplement', patient, secondOpinion)).toEqual({ allowed: true, to: 'received' });
    expect(availableActions(patient, secondOpinion)).toContain('supplement');
    expect(decideAction('supplement', patient, { ...secondOpinion, kind: 'new-referral' })).toEqual({
      allowed: false,
      reason: 'not-permitted',
    });
    // Another patient, or the patient before anything was asked: no.
    expect(decideAction('supplement', actors['patient (other)']!, secondOpinion).allowed).toBe(false);
    expect(decideAction('supplement', patient, { ...secondOpinion, state: 'received' }).allowed).toBe(false);
    // The doctor's part is unchanged on any kind.
    expect(
      decideAction('supplement', actors['referrer (owner)']!, { ...secondOpinion, kind: 'new-referral' }),
    ).toEqual({ allowed: true, to: 'received' });
  });

  it('R-REF-09: a forward goes to another department and back to the queue there', () => {
    const ts = actors['triage supervisor']!;
    expect(
      decideAction('forward', ts, referral('in-triage'), { targetDepartmentId: 'internal-medicine' }),
    ).toEqual({
      allowed: false,
      reason: 'same-department',
    });
    expect(decideAction('forward', ts, referral('in-triage'), { targetDepartmentId: 'nephrology' })).toEqual({
      allowed: true,
      to: 'received',
    });
  });

  it("R-SEC-03: a referrer sees their own and their practice's referrals, staff their department's, a patient their own", () => {
    const visible = Object.entries(actors)
      .filter(([, a]) => canView(a, referral('received')))
      .map(([n]) => n);
    expect(visible).toEqual([
      'referrer (owner)',
      'referrer (same practice)',
      'patient (self)',
      'back office',
      'triage supervisor',
      'specialist',
    ]);
  });

  it('maps every state onto a FHIR Task status', () => {
    const fhir = new Set([
      'draft',
      'requested',
      'received',
      'accepted',
      'rejected',
      'ready',
      'cancelled',
      'in-progress',
      'on-hold',
      'failed',
      'completed',
      'entered-in-error',
    ]);
    for (const s of referralStates) expect(fhir.has(fhirTaskStatus[s].status), s).toBe(true);
    expect(referralActions.length).toBeGreaterThan(10);
  });
});
