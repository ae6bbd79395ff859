import type { MigrationStatements } from './types.ts';

/**
 * The multidisciplinary meeting (R-SO-07, R-COM-01): meetings per department, the cases on their agenda and the
 * conclusion recorded per case, with when the report to the family doctor was written.
 */
export const statements: MigrationStatements = [
  `create table mdo_meeting (
    id text primary key default gen_random_uuid()::text,
    department_id text not null,
    title text not null,
    starts_at timestamptz not null,
    location text,
    created_by text,
    created_by_name text not null,
    created_at timestamptz not null default now()
  )`,
  `create index mdo_meeting_department_idx on mdo_meeting (department_id, starts_at)`,
  `create table mdo_case (
    id text primary key default gen_random_uuid()::text,
    meeting_id text not null references mdo_meeting (id),
    referral_id text not null references referral (id),
    question text,
    added_by text,
    added_by_name text not null,
    added_at timestamptz not null,
    diagnosis text,
    treatment_advice text,
    concluded_at timestamptz,
    concluded_by text,
    concluded_by_name text,
    unique (meeting_id, referral_id)
  )`,
  `create index mdo_case_referral_idx on mdo_case (referral_id)`,
];
