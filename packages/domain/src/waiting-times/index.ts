import { z } from 'zod';
import type { AccessTime, ReferralKind } from '../catalog/schema.ts';
import type { ReferralState, Urgency } from '../referrals/model.ts';
import { isClosed } from '../referrals/model.ts';

/**
 * Published waiting times (R-CAT-06, R-SO-09): the real wait from receipt to the first appointment, per
 * department and referral kind, measured against the access-time targets the department publishes.
 */

/** Figures from fewer referrals than this are not published: too few to mean anything, and they could identify a patient. */
export const MIN_REFERRALS_TO_PUBLISH = 5;
export const DEFAULT_PERIOD_MONTHS = 12;
const DAY_MS = 86_400_000;

export const WaitingTimesQuerySchema = z.object({
  months: z.coerce.number().int().min(1).max(36).default(DEFAULT_PERIOD_MONTHS),
});

export interface ReferralWaitFact {
  departmentId: string;
  kind: ReferralKind;
  state: ReferralState;
  urgency: Urgency;
  receivedAt: Date;
  /** The (current) first appointment; null while not scheduled. */
  appointmentAt: Date | null;
  /** For a second opinion: the kind of cancer it is about (a tumour type id), if given. */
  cancerKind?: string | null;
}

export interface WaitFigures {
  count: number;
  /** Null when suppressed (fewer than MIN_REFERRALS_TO_PUBLISH referrals). */
  averageDays: number | null;
  medianDays: number | null;
  suppressed: boolean;
}

export interface TargetMeasurement {
  accessTimeId: string;
  type: AccessTime['type'];
  urgency: AccessTime['urgency'];
  comparison: AccessTime['comparison'];
  days: number;
  text: AccessTime['text'];
  measured: WaitFigures;
  /** Whether the real average meets the target; null for a "typical" figure or when too few referrals. */
  meets: boolean | null;
}

export interface WaitingTimeGroup {
  departmentId: string;
  kind: ReferralKind;
  scheduled: WaitFigures;
  stillWaiting: { count: number; longestDays: number | null };
  targets: TargetMeasurement[];
  /** Second opinions per kind of cancer (R-SO-09), each suppressed below the minimum like the whole group. */
  byCancerKind: { cancerKind: string; scheduled: WaitFigures }[];
}

/** Calendar days between two moments, by their dates in the hospital's time zone. */
export function calendarDaysBetween(from: Date, to: Date, timeZone: string): number {
  const day = (d: Date) => Date.parse(`${d.toLocaleDateString('en-CA', { timeZone })}T00:00:00Z`);
  return Math.round((day(to) - day(from)) / DAY_MS);
}

export function periodStart(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

export function figures(days: number[]): WaitFigures {
  if (days.length < MIN_REFERRALS_TO_PUBLISH)
    return { count: days.length, averageDays: null, medianDays: null, suppressed: true };
  const sorted = [...days].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const average = sorted.reduce((s, d) => s + d, 0) / sorted.length;
  return { count: days.length, averageDays: round1(average), medianDays: round1(median), suppressed: false };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Which referral kind an access time measures: second-opinion targets measure second opinions only. */
function targetAppliesTo(t: AccessTime, kind: ReferralKind): boolean {
  // A care-path or sub-clinic target covers part of the department; the department-wide figure cannot judge it.
  if (t.scope?.carePathIds?.length || t.scope?.subClinicIds?.length) return false;
  if (t.scope?.referralKinds?.length) return t.scope.referralKinds.includes(kind);
  return t.appliesTo === 'second-opinion' ? kind === 'second-opinion' : kind !== 'second-opinion';
}

function urgencyMatches(t: AccessTime, urgency: Urgency): boolean {
  if (t.urgency === 'any') return true;
  return t.urgency === 'urgent' ? urgency === 'urgent' : urgency === 'routine';
}

/**
 * Groups referrals received in [from, now] by department and kind. Scheduled referrals give the wait to their
 * appointment; open referrals without one count as still waiting; closed ones without one never waited for a visit.
 */
export function computeWaitingTimes(
  facts: readonly ReferralWaitFact[],
  accessTimes: ReadonlyMap<string, readonly AccessTime[]>,
  options: { now: Date; from: Date; timeZone: string },
): WaitingTimeGroup[] {
  const { now, from, timeZone } = options;
  const groups = new Map<string, { departmentId: string; kind: ReferralKind; facts: ReferralWaitFact[] }>();
  for (const f of facts) {
    if (f.state === 'draft' || f.receivedAt < from || f.receivedAt > now) continue;
    const key = `${f.departmentId}\u0000${f.kind}`;
    const g = groups.get(key) ?? { departmentId: f.departmentId, kind: f.kind, facts: [] };
    g.facts.push(f);
    groups.set(key, g);
  }
  const result: WaitingTimeGroup[] = [];
  for (const g of groups.values()) {
    const waits = g.facts
      .filter((f) => f.appointmentAt)
      .map((f) => ({
        urgency: f.urgency,
        cancerKind: f.cancerKind ?? null,
        days: calendarDaysBetween(f.receivedAt, f.appointmentAt!, timeZone),
      }));
    const cancerKinds = [...new Set(waits.flatMap((w) => (w.cancerKind ? [w.cancerKind] : [])))].sort();
    const open = g.facts
      .filter((f) => !f.appointmentAt && !isClosed(f.state))
      .map((f) => calendarDaysBetween(f.receivedAt, now, timeZone));
    const targets = (accessTimes.get(g.departmentId) ?? [])
      .filter((t) => targetAppliesTo(t, g.kind))
      .map((t): TargetMeasurement => {
        const measured = figures(waits.filter((w) => urgencyMatches(t, w.urgency)).map((w) => w.days));
        const judged = t.type === 'target' && t.comparison === 'at-most' && measured.averageDays !== null;
        return {
          accessTimeId: t.id,
          type: t.type,
          urgency: t.urgency,
          comparison: t.comparison,
          days: t.days,
          text: t.text,
          measured,
          meets: judged ? measured.averageDays! <= t.days : null,
        };
      });
    result.push({
      departmentId: g.departmentId,
      kind: g.kind,
      scheduled: figures(waits.map((w) => w.days)),
      stillWaiting: {
        count: open.length,
        longestDays: open.length >= MIN_REFERRALS_TO_PUBLISH ? Math.max(...open) : null,
      },
      targets,
      byCancerKind: cancerKinds.map((cancerKind) => ({
        cancerKind,
        scheduled: figures(waits.filter((w) => w.cancerKind === cancerKind).map((w) => w.days)),
      })),
    });
  }
  return result.sort((a, b) => a.departmentId.localeCompare(b.departmentId) || a.kind.localeCompare(b.kind));
}
