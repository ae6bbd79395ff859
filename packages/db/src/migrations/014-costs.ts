import type { MigrationStatements } from './types.ts';

/**
 * Costs and insurance of second opinions (R-COST-01 … 04): one row per referral, written step by step. Who
 * recorded each part is kept by name and role beside the audit trail, so the page can say who checked and when.
 * Amounts are whole euro cents.
 */
export const statements: MigrationStatements = [
  `create table cost_case (
    referral_id text primary key references referral (id),
    insurer text,
    policy_number text,
    insurance_country text check (insurance_country ~ '^[A-Z]{2}$'),
    insurance_recorded_by text,
    insurance_recorded_role text,
    insurance_recorded_at timestamptz,
    coverage text check (coverage in ('covered', 'not-covered', 'partly-covered')),
    coverage_checked_on date,
    coverage_note text,
    coverage_recorded_by text,
    coverage_recorded_role text,
    coverage_recorded_at timestamptz,
    advance_requested_cents integer check (advance_requested_cents > 0),
    advance_requested_at timestamptz,
    advance_paid_cents integer check (advance_paid_cents > 0),
    advance_paid_on date,
    advance_reference text,
    advance_recorded_by text,
    advance_recorded_at timestamptz,
    abroad_arrangement text check (abroad_arrangement in ('advance-paid', 'insurer-guarantee', 'other')),
    abroad_note text,
    abroad_cleared_by text,
    abroad_cleared_at timestamptz,
    actual_cost_cents integer check (actual_cost_cents >= 0),
    settled_on date,
    settlement_note text,
    settled_by text,
    settled_at timestamptz,
    last_reminder_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1,
    check ((advance_paid_cents is null) or (advance_requested_cents is not null)),
    check ((advance_paid_cents is null) = (advance_paid_on is null))
  )`,
];
