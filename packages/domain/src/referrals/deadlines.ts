import { z } from 'zod';
import { addWorkingDays } from '../calendar/working-days.ts';
import type { Urgency } from './model.ts';

/**
 * Deadlines in working days (R-WD-01) that record the policy that produced them (R-WD-02), and whether one is
 * about to be missed. The numbers are the hospital's policy: settings with these shipped defaults.
 */
export const ReferralPolicySchema = z
  .object({
    /** Working days from receipt to a triage decision. */
    triageWorkingDays: z
      .object({ routine: z.number().int().min(0).max(60), urgent: z.number().int().min(0).max(60) })
      .strict(),
    /** Working days from acceptance to the first visit (the seen-within date), unless the supervisor overrides it. */
    seenWithinWorkingDays: z
      .object({ routine: z.number().int().min(0).max(250), urgent: z.number().int().min(0).max(250) })
      .strict(),
    /** A deadline this many working days away or fewer is flagged as at risk. */
    atRiskWorkingDays: z.number().int().min(0).max(10),
    /** Good Friday and 5 May (R-WD-01). */
    holidays: z
      .object({ goodFriday: z.boolean(), liberationDay: z.enum(['every-year', 'every-five-years', 'never']) })
      .strict(),
    /** A referral for the same patient, department and kind within this many days is flagged as a likely duplicate. */
    duplicateWindowDays: z.number().int().min(0).max(365),
    /** Largest upload per file, in megabytes. */
    maxUploadMegabytes: z.number().int().min(1).max(10_000),
  })
  .strict();
export type ReferralPolicy = z.infer<typeof ReferralPolicySchema>;

export const defaultReferralPolicy: ReferralPolicy = {
  triageWorkingDays: { routine: 5, urgent: 1 },
  seenWithinWorkingDays: { routine: 20, urgent: 5 },
  atRiskWorkingDays: 1,
  holidays: { goodFriday: false, liberationDay: 'every-five-years' },
  duplicateWindowDays: 30,
  maxUploadMegabytes: 100,
};

/** Quick diagnosis (R-QD-01) adds the next-day first visit and the diagnosis clock after it. */
export type DeadlineRule =
  'triage' | 'seen-within' | 'quick-diagnosis-first-visit' | 'quick-diagnosis' | 'second-opinion-review';

export interface Deadline {
  rule: DeadlineRule;
  due: string;
  /** The date counted from, and how: the policy that produced this deadline (R-WD-02). */
  from: string;
  workingDays: number | null;
  policy: { holidays: ReferralPolicy['holidays'] };
  /** A deadline set by hand, with the reason. */
  override?: { reason: string; by: string };
}

export function computeDeadline(
  rule: 'triage' | 'seen-within',
  from: string,
  urgency: Urgency,
  policy: ReferralPolicy,
  holidays: ReadonlySet<string>,
): Deadline {
  const n = rule === 'triage' ? policy.triageWorkingDays[urgency] : policy.seenWithinWorkingDays[urgency];
  return workingDayDeadline(rule, from, n, policy, holidays);
}

/** A deadline `workingDays` after `from`, with the policy that produced it. */
export function workingDayDeadline(
  rule: DeadlineRule,
  from: string,
  workingDays: number,
  policy: ReferralPolicy,
  holidays: ReadonlySet<string>,
): Deadline {
  return {
    rule,
    due: addWorkingDays(from, workingDays, holidays),
    from,
    workingDays,
    policy: { holidays: policy.holidays },
  };
}

export type DeadlineStatus = 'on-track' | 'at-risk' | 'overdue';

/** At risk before it is missed (R-WD-02): within the policy's margin of working days. */
export function deadlineStatus(
  due: string,
  today: string,
  policy: ReferralPolicy,
  holidays: ReadonlySet<string>,
): DeadlineStatus {
  if (today > due) return 'overdue';
  // At most n working days away means due comes before the (n+1)th working day after today: a worklist asks this
  // for every row, and counting only that far costs the same for a due date next week as for one next year.
  return due < addWorkingDays(today, policy.atRiskWorkingDays + 1, holidays) ? 'at-risk' : 'on-track';
}
