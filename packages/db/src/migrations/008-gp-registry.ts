import type { MigrationStatements } from './types.ts';

/**
 * The family-doctor registry (R-GP-01): practices, family doctors with their confirmed secure-mail address, who works
 * where and since when, and the registrations doctors send in, each checked by staff before it counts. Letters get
 * the channel they were sent by (R-COM-03): secure mail through the registry, e-mail, or none (kept in Loket).
 */
export const statements: MigrationStatements = [
  `create table gp_practice (
    id text primary key default gen_random_uuid()::text,
    agb_code text not null unique check (agb_code ~ '^[0-9]{8}$'),
    name text not null,
    street text,
    house_number text,
    postcode text,
    city text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create table gp_doctor (
    id text primary key default gen_random_uuid()::text,
    agb_code text not null unique check (agb_code ~ '^[0-9]{8}$'),
    name text not null,
    user_id text references "auth"."user" ("id") on delete set null,
    secure_mail text,
    secure_mail_confirmed_at timestamptz,
    secure_mail_confirmed_by text,
    started_on date,
    ended_on date,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create table gp_affiliation (
    doctor_id text not null references gp_doctor (id),
    practice_id text not null references gp_practice (id),
    started_on date not null,
    ended_on date,
    primary key (doctor_id, practice_id, started_on)
  )`,
  `create table gp_registration (
    id text primary key default gen_random_uuid()::text,
    kind text not null check (kind in ('secure-mail', 'practice-change', 'new-in-region', 'stopped')),
    status text not null default 'pending' check (status in ('pending', 'confirmed', 'rejected', 'superseded')),
    doctor_agb text not null check (doctor_agb ~ '^[0-9]{8}$'),
    doctor_name text not null,
    submitted_by text not null,
    submitted_at timestamptz not null,
    request jsonb not null,
    decided_at timestamptz,
    decided_by text,
    decided_by_name text,
    checks jsonb,
    check_note text,
    rejection_reason text,
    patients_moved integer,
    version integer not null default 1
  )`,
  `create index gp_registration_status_idx on gp_registration (status, submitted_at)`,
  `create index gp_registration_doctor_idx on gp_registration (doctor_agb, submitted_at)`,
  `create index patient_family_doctor_idx on patient (family_doctor_agb)`,
  `alter table letter add column channel text check (channel in ('secure-mail', 'email', 'none'))`,
];
