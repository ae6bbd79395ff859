import type { MigrationStatements } from './types.ts';

/**
 * APOP screening at ER triage (R-APOP-01 … 04): the hospital's model coefficients (each change a new version,
 * so every screening names the version it used), the screenings, the follow-up calls of high-risk patients sent
 * home, and the discharge-letter section with the result for the family doctor.
 */
export const statements: MigrationStatements = [
  `create table apop_model (
    id text primary key default gen_random_uuid()::text,
    version integer not null unique,
    intercept double precision not null,
    coefficients jsonb not null,
    validated_by text not null,
    source text not null,
    created_at timestamptz not null default now(),
    created_by text,
    created_by_name text
  )`,
  `create table apop_screening (
    id text primary key default gen_random_uuid()::text,
    patient_id text not null references patient (id),
    department_id text not null,
    screened_at timestamptz not null,
    screened_by text,
    screened_by_name text,
    age integer not null check (age >= 70),
    answers jsonb not null,
    cognitive_impaired boolean not null,
    cognitive_reasons jsonb not null,
    functional_status text not null check (functional_status in ('computed', 'not-configured')),
    functional_probability double precision,
    model_id text references apop_model (id),
    outcome text not null
      check (outcome in ('low-risk', 'high-risk-functional', 'impaired-cognition', 'both', 'undetermined')),
    risk text not null check (risk in ('high', 'low', 'unknown')),
    disposition text check (disposition in ('admitted', 'sent-home')),
    discharged_at timestamptz,
    disposition_by text,
    disposition_by_name text
  )`,
  `create index apop_screening_department_idx on apop_screening (department_id, screened_at desc)`,
  `create index apop_screening_patient_idx on apop_screening (patient_id, screened_at desc)`,
  `create table apop_follow_up (
    id text primary key default gen_random_uuid()::text,
    screening_id text not null unique references apop_screening (id),
    patient_id text not null references patient (id),
    department_id text not null,
    due_at timestamptz not null,
    created_at timestamptz not null,
    closed_at timestamptz,
    closed_by text,
    closed_by_name text,
    call_outcome text check (call_outcome in ('reached', 'not-reached')),
    instructions_repeated boolean,
    family_doctor_contacted boolean,
    note text
  )`,
  `create index apop_follow_up_open_idx on apop_follow_up (department_id, due_at) where closed_at is null`,
  `create table apop_letter (
    id text primary key default gen_random_uuid()::text,
    screening_id text not null unique references apop_screening (id),
    language text not null,
    pdf bytea not null,
    sha256 text not null,
    created_at timestamptz not null,
    created_by text
  )`,
];
