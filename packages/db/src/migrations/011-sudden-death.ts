import type { MigrationStatements } from './types.ts';

/**
 * Requests after a sudden death (R-SD-01): autopsy or storage of DNA from skin biopsies, with the printable form
 * that goes with the pots, and the steps the hospital records (receipt, storage, a family member's registration
 * for screening, examination).
 */
export const statements: MigrationStatements = [
  `create sequence sudden_death_number_seq`,
  `create table sudden_death_request (
    id text primary key default gen_random_uuid()::text,
    reference text not null unique,
    kind text not null check (kind in ('autopsy', 'dna-storage')),
    state text not null check (state in ('requested', 'received', 'stored', 'examined', 'completed')),
    deceased jsonb not null,
    biopsies jsonb,
    autopsy jsonb,
    requester jsonb not null,
    note text,
    requested_by text not null,
    organisation_id text,
    family_member_registered_at date,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    form_language text not null check (form_language in ('nl', 'en')),
    form_pdf bytea not null,
    form_sha256 text not null,
    version integer not null default 1
  )`,
  `create index sudden_death_request_requester_idx on sudden_death_request (requested_by, created_at desc)`,
  `create index sudden_death_request_state_idx on sudden_death_request (state, created_at desc)`,
  `create table sudden_death_event (
    id bigserial primary key,
    request_id text not null references sudden_death_request (id),
    at timestamptz not null,
    type text not null,
    actor_user_id text,
    actor_name text,
    data jsonb not null default '{}'
  )`,
  `create index sudden_death_event_request_idx on sudden_death_event (request_id, id)`,
];
