import type { Migration } from 'kysely/migration';
import { sql } from 'kysely';
import type { MigrationStatements } from './types.ts';
import * as m001 from './001-auth.ts';
import * as m002 from './002-accounts.ts';
import * as m003 from './003-catalog.ts';
import * as m004 from './004-audit.ts';
import * as m005 from './005-referrals.ts';
import * as m006 from './006-telephone-advice.ts';
import * as m007 from './007-incidents.ts';
import * as m008 from './008-gp-registry.ts';
import * as m009 from './009-quick-diagnosis.ts';
import * as m010 from './010-apop.ts';
import * as m011 from './011-sudden-death.ts';
import * as m012 from './012-second-opinions.ts';
import * as m013 from './013-consent.ts';
import * as m014 from './014-costs.ts';
import * as m015 from './015-takeover.ts';
import * as m016 from './016-mdo.ts';
import * as m017 from './017-audit-role.ts';
import * as m018 from './018-retention.ts';
import * as m019 from './019-performance.ts';
import * as m020 from './020-fhir-subscriptions.ts';
import * as m021 from './021-practitioner-identifiers.ts';

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
  '006-telephone-advice': fromStatements(m006.statements),
  '007-incidents': fromStatements(m007.statements),
  '008-gp-registry': fromStatements(m008.statements),
  '009-quick-diagnosis': fromStatements(m009.statements),
  '010-apop': fromStatements(m010.statements),
  '011-sudden-death': fromStatements(m011.statements),
  '012-second-opinions': fromStatements(m012.statements),
  '013-consent': fromStatements(m013.statements),
  '014-costs': fromStatements(m014.statements),
  '015-takeover': fromStatements(m015.statements),
  '016-mdo': fromStatements(m016.statements),
  '017-audit-role': fromStatements(m017.statements),
  '018-retention': fromStatements(m018.statements),
  '019-performance': fromStatements(m019.statements),
  '020-fhir-subscriptions': fromStatements(m020.statements),
  '021-practitioner-identifiers': fromStatements(m021.statements),
};
