import type { MigrationStatements } from './types.ts';

/**
 * Takeover of treatment (R-TO-01 … 03): the takeover request beside its referral (kind `takeover`), its link to
 * the second opinion it came from, the patient's choice and the confirmation; and the main practitioner
 * (hoofdbehandelaar) per patient and referral with its history, so the product can say who it was at any moment.
 */
export const statements: MigrationStatements = [
  `create table takeover (
    referral_id text primary key references referral (id),
    second_opinion_referral_id text references referral (id),
    requested_by text,
    requested_by_name text not null,
    requested_as text not null,
    requested_at timestamptz not null,
    request_note text,
    patient_choice text check (patient_choice in ('this-hospital', 'current-hospital')),
    choice_recorded_by text,
    choice_recorded_by_name text,
    choice_recorded_at timestamptz,
    choice_note text,
    confirmed_at timestamptz,
    confirmed_by text,
    confirmed_by_name text
  )`,
  `create unique index takeover_second_opinion_idx on takeover (second_opinion_referral_id)
    where second_opinion_referral_id is not null`,
  `create table main_practitioner (
    id text primary key default gen_random_uuid()::text,
    referral_id text not null references referral (id),
    patient_id text references patient (id),
    kind text not null check (kind in ('external', 'hospital')),
    name text not null,
    organisation text not null,
    email text,
    user_id text,
    since timestamptz not null,
    until timestamptz,
    recorded_by_name text not null
  )`,
  `create index main_practitioner_referral_idx on main_practitioner (referral_id, since)`,
  `create index main_practitioner_patient_idx on main_practitioner (patient_id, since)`,
];
