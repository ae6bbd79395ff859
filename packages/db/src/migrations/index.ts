import type { Migration } from 'kysely/migration';
import { sql } from 'kysely';
import type { MigrationStatements } from './types.ts';
import * as m001 from './001-auth.ts';
import * as m002 from './002-accounts.ts';
import * as m003 from './003-catalog.ts';
import * as m004 from './004-audit.ts';
import * as m005 from './005-referrals.ts';

function fromStatements(statements: MigrationStatements): Migration {
  return {
    async up(db) {
      for (const s of statements) await sql.raw(s).execute(db);
    },
  };
}

/** Every migration by name; names sort in the order they run. Never edit one that has shipped: add a new one. */
export const migrations: Record<string, Migration> = {
  '001-auth': fromStatements(m001.statements),
  '002-accounts': fromStatements(m002.statements),
  '003-catalog': fromStatements(m003.statements),
  '004-audit': fromStatements(m004.statements),
  '005-referrals': fromStatements(m005.statements),
};
