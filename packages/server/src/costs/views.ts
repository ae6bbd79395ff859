import { z } from 'zod';
import type { CostCaseRow, ReferralRow } from '@loket/db';
import {
  abroadArrangements,
  costBlocks,
  costOpenItems,
  coverageOutcomes,
  isInsuredAbroad,
  openCostItems,
  settlementBalance,
  settlementDue,
  type CostsPolicy,
} from '@loket/domain';
import { costFacts } from './facts.ts';

const By = z.object({ name: z.string(), role: z.string().nullable(), at: z.date() });

/** What the actor may do on the costs of this second opinion; the web shows the forms that fit. */
export const CostsAccessSchema = z.object({
  recordInsurance: z.boolean(),
  recordCoverage: z.boolean(),
  manage: z.boolean(),
});
export type CostsAccess = z.infer<typeof CostsAccessSchema>;

/** The costs of one second opinion as its patient, referrer, department staff and care administration see them. */
export const CostsViewSchema = z.object({
  referralId: z.string(),
  reference: z.string(),
  departmentId: z.string(),
  referralState: z.string(),
  patientName: z.string(),
  access: CostsAccessSchema,
  policy: z.object({ advanceCents: z.number(), flagWindowMonths: z.number() }),
  insurance: z
    .object({
      insurer: z.string(),
      policyNumber: z.string(),
      country: z.string(),
      abroad: z.boolean(),
      recorded: By,
    })
    .nullable(),
  coverage: z
    .object({
      outcome: z.enum(coverageOutcomes),
      checkedOn: z.string(),
      note: z.string().nullable(),
      recorded: By,
    })
    .nullable(),
  /** R-COST-01: the patient is reminded to check while the outcome is unknown. */
  reminder: z.boolean(),
  lastReminderAt: z.date().nullable(),
  /** R-COST-02: earlier second opinions of this patient within the window. */
  flag: z
    .object({ earlier: z.array(z.object({ receivedOn: z.string(), departmentId: z.string() })) })
    .nullable(),
  advance: z
    .object({
      requestedCents: z.number(),
      requestedAt: z.date().nullable(),
      paid: z
        .object({ amountCents: z.number(), paidOn: z.string(), reference: z.string(), recorded: By })
        .nullable(),
    })
    .nullable(),
  abroad: z.object({
    needed: z.boolean(),
    cleared: z
      .object({ arrangement: z.enum(abroadArrangements), note: z.string().nullable(), recorded: By })
      .nullable(),
  }),
  settlement: z
    .object({
      actualCostCents: z.number(),
      advanceCents: z.number(),
      balanceCents: z.number(),
      settledOn: z.string(),
      note: z.string().nullable(),
      recorded: By,
    })
    .nullable(),
  settlementDue: z.boolean(),
  blocks: z.array(z.enum(['advance-unpaid', 'abroad-not-cleared'])),
  openItems: z.array(z.enum(costOpenItems)),
});
export type CostsView = z.infer<typeof CostsViewSchema>;

export const CostsListItemSchema = z.object({
  referralId: z.string(),
  reference: z.string(),
  patientName: z.string(),
  departmentId: z.string(),
  referralState: z.string(),
  receivedOn: z.string().nullable(),
  openItems: z.array(z.enum(costOpenItems)),
});

export function patientNameOf(r: ReferralRow): string {
  const p = r.patient as Record<string, string | null>;
  return [p.givenName, p.familyName].filter(Boolean).join(' ');
}

const by = (name: string | null, role: string | null, at: Date | null) =>
  at ? { name: name ?? 'Loket', role, at } : null;

export function costsView(
  r: ReferralRow,
  c: CostCaseRow | undefined,
  access: CostsAccess,
  policy: CostsPolicy,
  earlier: { receivedOn: string; departmentId: string }[],
): CostsView {
  const facts = costFacts(r, c);
  const insured = c?.insurance_recorded_at && c.insurer && c.policy_number && c.insurance_country;
  const coverageAt = c?.coverage && c.coverage_checked_on ? c.coverage_recorded_at : null;
  return {
    referralId: r.id,
    reference: r.reference,
    departmentId: r.department_id,
    referralState: r.state,
    patientName: patientNameOf(r),
    access,
    policy,
    insurance: insured
      ? {
          insurer: c.insurer!,
          policyNumber: c.policy_number!,
          country: c.insurance_country!,
          abroad: isInsuredAbroad(c.insurance_country),
          recorded: by(c.insurance_recorded_by, c.insurance_recorded_role, c.insurance_recorded_at)!,
        }
      : null,
    coverage:
      c && coverageAt
        ? {
            outcome: c.coverage!,
            checkedOn: c.coverage_checked_on!,
            note: c.coverage_note,
            recorded: by(c.coverage_recorded_by, c.coverage_recorded_role, coverageAt)!,
          }
        : null,
    reminder: facts.coverage === null && !['cancelled', 'rejected', 'completed'].includes(r.state),
    lastReminderAt: c?.last_reminder_at ?? null,
    flag: earlier.length
      ? { earlier: earlier.map((e) => ({ receivedOn: e.receivedOn, departmentId: e.departmentId })) }
      : null,
    advance:
      c?.advance_requested_cents != null
        ? {
            requestedCents: c.advance_requested_cents,
            requestedAt: c.advance_requested_at,
            paid:
              c.advance_paid_cents != null
                ? {
                    amountCents: c.advance_paid_cents,
                    paidOn: c.advance_paid_on!,
                    reference: c.advance_reference ?? '',
                    recorded: by(c.advance_recorded_by, 'care-administration', c.advance_recorded_at)!,
                  }
                : null,
          }
        : null,
    abroad: {
      needed: isInsuredAbroad(facts.insuranceCountry),
      cleared:
        c?.abroad_cleared_at && c.abroad_arrangement
          ? {
              arrangement: c.abroad_arrangement,
              note: c.abroad_note,
              recorded: by(c.abroad_cleared_by, 'care-administration', c.abroad_cleared_at)!,
            }
          : null,
    },
    settlement:
      c?.settled_at && c.actual_cost_cents != null && c.settled_on
        ? {
            actualCostCents: c.actual_cost_cents,
            advanceCents: c.advance_paid_cents ?? 0,
            balanceCents: settlementBalance(c.actual_cost_cents, c.advance_paid_cents),
            settledOn: c.settled_on,
            note: c.settlement_note,
            recorded: by(c.settled_by, 'care-administration', c.settled_at)!,
          }
        : null,
    settlementDue: settlementDue(facts),
    blocks: costBlocks(facts),
    openItems: openCostItems(facts),
  };
}
