import type { Generated, Selectable } from 'kysely';

/** The tables of costs (see migration 014). */
export interface CostCaseTable {
  referral_id: string;
  insurer: string | null;
  policy_number: string | null;
  insurance_country: string | null;
  insurance_recorded_by: string | null;
  insurance_recorded_role: string | null;
  insurance_recorded_at: Date | null;
  coverage: 'covered' | 'not-covered' | 'partly-covered' | null;
  coverage_checked_on: string | null;
  coverage_note: string | null;
  coverage_recorded_by: string | null;
  coverage_recorded_role: string | null;
  coverage_recorded_at: Date | null;
  advance_requested_cents: number | null;
  advance_requested_at: Date | null;
  advance_paid_cents: number | null;
  advance_paid_on: string | null;
  advance_reference: string | null;
  advance_recorded_by: string | null;
  advance_recorded_at: Date | null;
  abroad_arrangement: 'advance-paid' | 'insurer-guarantee' | 'other' | null;
  abroad_note: string | null;
  abroad_cleared_by: string | null;
  abroad_cleared_at: Date | null;
  actual_cost_cents: number | null;
  settled_on: string | null;
  settlement_note: string | null;
  settled_by: string | null;
  settled_at: Date | null;
  last_reminder_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: Generated<number>;
}

export interface CostsTables {
  cost_case: CostCaseTable;
}

export type CostCaseRow = Selectable<CostCaseTable>;
