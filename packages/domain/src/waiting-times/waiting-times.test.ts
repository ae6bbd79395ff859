import { describe, expect, it } from 'vitest';
import type { AccessTime } from '../catalog/schema.ts';
import { computeWaitingTimes, type ReferralWaitFact } from './index.ts';

const now = new Date('2026-11-20T12:00:00Z');
const from = new Date('2025-11-20T12:00:00Z');
const opts = { now, from, timeZone: 'Europe/Amsterdam' };
const received = new Date('2026-10-01T10:00:00Z');
const after = (days: number) => new Date(received.getTime() + days * 86_400_000);

function fact(over: Partial<ReferralWaitFact>): ReferralWaitFact {
  return {
    departmentId: 'neurology',
    kind: 'new-referral',
    state: 'scheduled',
    urgency: 'routine',
    receivedAt: received,
    appointmentAt: null,
    ...over,
  };
}

const target: AccessTime = {
  id: 'first-visit-non-urgent',
  type: 'target',
  appliesTo: 'first-visit',
  urgency: 'non-urgent',
  days: 28,
  comparison: 'at-most',
  text: { en: 'At most 4 weeks' },
};

describe('waiting times', () => {
  it('R-CAT-06: measures average and median wait against the published target', () => {
    const facts = [10, 20, 30, 40, 15].map((d) => fact({ appointmentAt: after(d) }));
    const [g] = computeWaitingTimes(facts, new Map([['neurology', [target]]]), opts);
    expect(g!.scheduled).toEqual({ count: 5, averageDays: 23, medianDays: 20, suppressed: false });
    expect(g!.targets[0]).toMatchObject({ accessTimeId: 'first-visit-non-urgent', days: 28, meets: true });

    const slow = [30, 40, 50, 20, 35].map((d) => fact({ appointmentAt: after(d) }));
    const [s] = computeWaitingTimes(slow, new Map([['neurology', [target]]]), opts);
    expect(s!.targets[0]).toMatchObject({ meets: false, measured: { averageDays: 35 } });
  });

  it('R-CAT-06: a non-urgent target is measured on routine referrals only', () => {
    const facts = [
      ...[10, 10, 10, 10, 10].map((d) => fact({ appointmentAt: after(d) })),
      fact({ appointmentAt: after(100), urgency: 'urgent' }),
    ];
    const [g] = computeWaitingTimes(facts, new Map([['neurology', [target]]]), opts);
    expect(g!.scheduled.count).toBe(6);
    expect(g!.targets[0]!.measured).toMatchObject({ count: 5, averageDays: 10 });
  });

  it('R-CAT-06: suppresses figures from fewer than 5 referrals', () => {
    const facts = [10, 20, 30, 40].map((d) => fact({ appointmentAt: after(d) }));
    const [g] = computeWaitingTimes(facts, new Map([['neurology', [target]]]), opts);
    expect(g!.scheduled).toEqual({ count: 4, averageDays: null, medianDays: null, suppressed: true });
    expect(g!.targets[0]!.meets).toBeNull();
  });

  it('R-CAT-06: unscheduled open referrals are still waiting, closed ones and old ones are left out', () => {
    const facts = [
      ...[1, 2, 3, 4, 5].map((d) => fact({ state: 'accepted', receivedAt: after(d) })),
      fact({ state: 'rejected' }),
      fact({ state: 'draft', appointmentAt: after(3) }),
      fact({ receivedAt: new Date('2025-01-01T10:00:00Z'), appointmentAt: new Date('2025-02-01T10:00:00Z') }),
    ];
    const [g] = computeWaitingTimes(facts, new Map(), opts);
    expect(g!.scheduled.count).toBe(0);
    // Received 2 Oct (Amsterdam), now 20 Nov: 49 days.
    expect(g!.stillWaiting).toEqual({ count: 5, longestDays: 49 });
  });

  it('R-SO-09: groups per department and kind; second-opinion targets measure second opinions only', () => {
    const so: AccessTime = { ...target, id: 'so', appliesTo: 'second-opinion', urgency: 'any', days: 42 };
    const facts = [
      ...[10, 11, 12, 13, 14].map((d) => fact({ appointmentAt: after(d) })),
      ...[50, 51, 52, 53, 54].map((d) => fact({ kind: 'second-opinion', appointmentAt: after(d) })),
      ...[5, 5, 5, 5, 5].map((d) =>
        fact({ departmentId: 'oncology', kind: 'second-opinion', appointmentAt: after(d) }),
      ),
    ];
    const groups = computeWaitingTimes(facts, new Map([['neurology', [target, so]]]), opts);
    expect(groups.map((g) => [g.departmentId, g.kind, g.scheduled.averageDays])).toEqual([
      ['neurology', 'new-referral', 12],
      ['neurology', 'second-opinion', 52],
      ['oncology', 'second-opinion', 5],
    ]);
    expect(groups[0]!.targets.map((t) => t.accessTimeId)).toEqual(['first-visit-non-urgent']);
    expect(groups[1]!.targets).toMatchObject([{ accessTimeId: 'so', meets: false }]);
  });

  it('R-SO-09: second opinions are also published per kind of cancer, each suppressed below the minimum', () => {
    const so = (days: number, cancerKind: string | null) =>
      fact({ kind: 'second-opinion', appointmentAt: after(days), cancerKind });
    const facts = [
      ...[20, 22, 24, 26, 28].map((d) => so(d, 'prostate')),
      ...[40, 41].map((d) => so(d, 'renal')),
      so(60, null),
      ...[10, 11, 12, 13, 14].map((d) => fact({ appointmentAt: after(d) })),
    ];
    const groups = computeWaitingTimes(facts, new Map(), opts);
    const second = groups.find((g) => g.kind === 'second-opinion')!;
    expect(second.scheduled.count).toBe(8);
    expect(second.byCancerKind).toEqual([
      { cancerKind: 'prostate', scheduled: { count: 5, averageDays: 24, medianDays: 24, suppressed: false } },
      { cancerKind: 'renal', scheduled: { count: 2, averageDays: null, medianDays: null, suppressed: true } },
    ]);
    expect(groups.find((g) => g.kind === 'new-referral')!.byCancerKind).toEqual([]);
  });
});
