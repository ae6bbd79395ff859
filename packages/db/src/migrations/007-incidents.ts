import type { MigrationStatements } from './types.ts';

/**
 * Transmural incident reports (R-INC-01) and their history: state changes and the messages between the
 * transmural team and the reporter. The patient is described as the page asks (initials, name at birth, date of
 * birth, hospital number); there is no BSN column.
 */
export const statements: MigrationStatements = [
  `create sequence incident_number_seq`,
  `create table incident (
    id text primary key,
    reference text not null unique,
    state text not null check (state in ('received', 'in-triage', 'under-investigation', 'closed')),
    reported_by text not null,
    reporter jsonb not null,
    occurred_on date not null,
    occurred_until date,
    description text not null,
    suggestions text,
    department_id text not null,
    care_setting text not null check (care_setting in ('clinic', 'outpatient-clinic')),
    patient jsonb not null,
    consequences text not null,
    action_taken text,
    referral_id text references referral (id),
    conclusion text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    closed_at timestamptz,
    version integer not null default 1,
    check ((state = 'closed') = (conclusion is not null))
  )`,
  `create index incident_reporter_idx on incident (reported_by, updated_at)`,
  `create index incident_state_idx on incident (state, updated_at)`,
  `create table incident_event (
    id bigserial primary key,
    incident_id text not null references incident (id),
    at timestamptz not null,
    actor_user_id text,
    actor_name text not null,
    side text not null check (side in ('reporter', 'team')),
    type text not null check (type in ('reported', 'state-changed', 'message')),
    from_state text,
    to_state text,
    note text
  )`,
  `create index incident_event_incident_idx on incident_event (incident_id, id)`,
];
