import type { MigrationStatements } from './types.ts';

/**
 * Consent records (R-CON-01 … 03): never edited, withdrawn by a stamp. A signed declaration, when staff upload
 * one, is kept content-addressed with the record.
 * Letters that wait for consent (R-CON-03, R-COM-02): the letter itself is made and kept as usual; its e-mail is
 * parked in letter_hold instead of the outbox, and moved to the outbox in the transaction that records consent.
 */
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
    declaration_storage_key text,
    declaration_filename text,
    declaration_media_type text,
    declaration_size bigint,
    declaration_sha256 text,
    withdrawn_at timestamptz,
    withdrawn_by_user_id text,
    withdrawn_by_name text,
    withdrawn_reason text
  )`,
  `create index consent_record_patient_idx on consent_record (patient_id, scope)`,
  `create index consent_record_referral_idx on consent_record (referral_id)`,
  `create table letter_hold (
    letter_id text primary key references letter (id),
    referral_id text not null references referral (id),
    patient_id text not null references patient (id),
    scope text not null,
    recipient text,
    subject text not null,
    body text not null,
    held_at timestamptz not null,
    released_at timestamptz,
    released_by_consent_id text references consent_record (id),
    outbox_message_id bigint references outbox_message (id)
  )`,
  `create index letter_hold_waiting_idx on letter_hold (patient_id, scope) where released_at is null`,
  `create index letter_hold_referral_idx on letter_hold (referral_id)`,
];
