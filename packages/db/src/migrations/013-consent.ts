import type { MigrationStatements } from './types.ts';

/** Consent records (R-CON-01 … 03): never edited, withdrawn by a stamp. */
export const statements: MigrationStatements = [
  `create table consent_record (
    id text primary key,
    patient_id text not null references patient (id),
    referral_id text references referral (id),
    scope text not null,
    method text not null,
    given_at timestamptz not null,
    given_by_user_id text,
    given_by_name text not null,
    given_by_role text not null,
    note text,
    withdrawn_at timestamptz,
    withdrawn_by_user_id text,
    withdrawn_by_name text,
    withdrawn_reason text
  )`,
  `create index consent_record_patient_idx on consent_record (patient_id, scope)`,
  `create index consent_record_referral_idx on consent_record (referral_id)`,
];
