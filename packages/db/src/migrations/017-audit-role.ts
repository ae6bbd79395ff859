import type { MigrationStatements } from './types.ts';

/**
 * The application's database role (R-SEC-01): `loket_app` may read and write the application's tables but may
 * only insert and read audit records, never update, delete or truncate them, and may not change the schema. It
 * is a group role without login: the operator makes a login role in it for the server
 * (`create role loket login password '…' in role loket_app`) while migrations run as the owner of the tables
 * (docs/security.md, "Audit"). Default privileges give the role the same rights on tables that later migrations
 * create, so a new table never needs its own grant.
 *
 * Roles belong to the whole PostgreSQL cluster: the role is made only when it is missing, and an owner without
 * CREATEROLE (a managed database) gets no error here, only no role: the operator then makes it once by hand and
 * this migration's grants are run again with `loket_app_grants()`. PGlite has a single superuser connection, so
 * there the grants exist but the server cannot use them; the trigger of 004-audit is what protects the trail.
 */
export const APP_ROLE = 'loket_app';

export const statements: MigrationStatements = [
  `create function loket_app_grants() returns boolean language plpgsql as $$
   begin
     if not exists (select from pg_roles where rolname = 'loket_app') then
       return false;
     end if;
     grant usage on schema public, auth to loket_app;
     grant select, insert, update, delete on all tables in schema public, auth to loket_app;
     grant usage, select on all sequences in schema public, auth to loket_app;
     -- The audit trail is append-only for the application; the migrator's bookkeeping is read-only.
     revoke update, delete, truncate on audit_event from loket_app;
     revoke insert, update, delete on loket_migration, loket_migration_lock from loket_app;
     alter default privileges in schema public, auth grant select, insert, update, delete on tables to loket_app;
     alter default privileges in schema public, auth grant usage, select on sequences to loket_app;
     return true;
   end $$`,
  `do $$ begin
     begin
       create role loket_app nologin;
     exception
       -- Another database of the same cluster made it first, or the owner may not create roles.
       when duplicate_object or unique_violation or insufficient_privilege then null;
     end;
     perform loket_app_grants();
   end $$`,
];
