import type { MigrationStatements } from './types.ts';

/** The referral guide (R-CAT-07): one validated document per department, and every change kept. */
export const statements: MigrationStatements = [
  `create table catalog_hospital (
    id integer primary key check (id = 1),
    doc jsonb not null,
    version integer not null,
    updated_at timestamptz not null,
    updated_by text
  )`,
  `create table catalog_department (
    id text primary key,
    doc jsonb not null,
    version integer not null,
    position integer not null,
    updated_at timestamptz not null,
    updated_by text
  )`,
  `create table catalog_change (
    id bigserial primary key,
    entity text not null check (entity in ('hospital', 'department')),
    entity_id text not null,
    version integer not null,
    action text not null check (action in ('create', 'update', 'delete', 'import')),
    doc jsonb,
    changed_by text,
    changed_by_name text,
    changed_at timestamptz not null,
    summary text
  )`,
  `create index catalog_change_entity_idx on catalog_change (entity, entity_id, version)`,
];
