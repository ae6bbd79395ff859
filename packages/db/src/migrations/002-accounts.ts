import type { MigrationStatements } from './types.ts';

/** Roles, department memberships and referrer details beside the authentication library's user. */
export const statements: MigrationStatements = [
  `create table organisation (
    id text primary key,
    name text not null,
    agb_code text check (agb_code ~ '^[0-9]{8}$'),
    created_at timestamptz not null default now()
  )`,
  `create table user_profile (
    user_id text primary key references "auth"."user" ("id") on delete cascade,
    agb_code text check (agb_code ~ '^[0-9]{8}$'),
    specialism text,
    organisation_id text references organisation (id),
    locale text not null default 'nl' check (locale in ('nl', 'en')),
    disabled_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  `create table user_role (
    user_id text not null references "auth"."user" ("id") on delete cascade,
    role text not null check (role in ('referrer', 'patient', 'back-office', 'triage-supervisor', 'specialist',
      'care-administration', 'transmural-team', 'er-nurse', 'administrator', 'privacy-officer')),
    primary key (user_id, role)
  )`,
  `create table user_department (
    user_id text not null references "auth"."user" ("id") on delete cascade,
    department_id text not null,
    primary key (user_id, department_id)
  )`,
];
