import type { MigrationStatements } from './types.ts';

/**
 * The audit trail (R-SEC-01, NEN 7513). Rows are chained: each hash covers the previous hash and the row, keyed
 * with a secret outside the database, so an edit, a deletion or an insertion breaks the chain. A trigger refuses
 * updates and deletes, so only someone who can disable triggers can tamper at all.
 */
export const statements: MigrationStatements = [
  `create table audit_event (
    seq bigint primary key,
    occurred_at timestamptz not null,
    event_type text not null,
    action char(1) not null check (action in ('C', 'R', 'U', 'D', 'E')),
    outcome text not null,
    user_id text,
    user_name text,
    user_role text,
    on_behalf_of text,
    patient_id text,
    access_point text,
    object_type text,
    object_id text,
    details jsonb not null default '{}',
    prev_hash text not null,
    hash text not null
  )`,
  `create index audit_event_occurred_idx on audit_event (occurred_at)`,
  `create index audit_event_user_idx on audit_event (user_id, seq)`,
  `create index audit_event_patient_idx on audit_event (patient_id, seq) where patient_id is not null`,
  `create function audit_event_immutable() returns trigger language plpgsql as $$
   begin
     raise exception 'audit records cannot be changed or deleted (R-SEC-01)';
   end $$`,
  `create trigger audit_event_no_update before update or delete on audit_event
     for each row execute function audit_event_immutable()`,
  `create trigger audit_event_no_truncate before truncate on audit_event
     for each statement execute function audit_event_immutable()`,
];
