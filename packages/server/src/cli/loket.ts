import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { MigrationError } from '@loket/db';
import { systemActor } from '../audit/trail.ts';
import { CatalogFileError, readCatalogDir, writeCatalogDir } from '../catalog/files.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { HttpError } from '../http/errors.ts';
import { prepare } from '../start.ts';
import { BackupError } from '../backup/backup.ts';
import { backupCommand } from '../backup/command.ts';
import { retentionCommand } from '../retention/command.ts';

/**
 * Operator commands. They use the same configuration as the server (DATABASE_URL or the PGlite data folder)
 * and must not run beside a server that uses the same PGlite folder (PGlite serves one process).
 */
const usage = `Usage: npm run loket -- <command>

  create-admin --email <address> --name <name>
      Makes an administrator. The password is read from LOKET_ADMIN_PASSWORD or asked for.
      The administrator sets up an authenticator app at the first sign-in.
  audit-verify [--anchor <seq>:<hash>]
      Verifies the hash chain of the audit trail; names the first record that was altered. Prints the
      last record's seq and hash: keep them outside the database and pass them as --anchor next time, so
      deleting the newest records is found too.
  catalog-check [dir]            Validates catalog files (default: ./catalog).
  catalog-export <dir>           Writes the catalog in the database to files.
  catalog-import <dir> [--dry-run]
      Replaces the catalog in the database with the files (reports what changes).
  retention [--delete] [--at <date>]
      Lists the dossiers past their retention period (R-SEC-04) and what keeps them; --delete deletes
      the ones nothing keeps. Audited. --at looks at another day (to see what a future run would do).
  retention-hold <patient|referral|sudden_death_request> <id> --reason <text>
  retention-release <patient|referral|sudden_death_request> <id>
      Places or lifts a legal hold: a held dossier is kept past its period.
  retention-erase --patient <patient id> --request-date <YYYY-MM-DD> [--refuse <reason>] [--delete]
      The patient's written request to destroy their dossier (WGBO art. 7:455), due within three months.
      Kept when under a legal hold or still in use; --refuse records the officer's refusal (the data are of
      considerable importance to someone else). Without --delete it only shows and audits the decision.
      Deletes the dossier and the patient's login account; audit records are kept.
  backup <dir>                   Database, documents and a manifest of figures into a new folder.
  restore <dir>                  Into an EMPTY database and data folder; compares every table with the manifest.
      A PostgreSQL backup restores into PGlite and a PGlite one into PostgreSQL (from its data/ tables).
      PGlite: stop the server first (PGlite serves one process).`;

async function askPassword(): Promise<string> {
  const fromEnv = process.env.LOKET_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const answer = await rl.question('Password (at least 12 characters): ');
  rl.close();
  return answer;
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      'dry-run': { type: 'boolean' },
      delete: { type: 'boolean' },
      at: { type: 'string' },
      reason: { type: 'string' },
      anchor: { type: 'string' },
      patient: { type: 'string' },
      'request-date': { type: 'string' },
      refuse: { type: 'string' },
    },
  });

  if (command === 'catalog-check') {
    const dir = resolve(positionals[0] ?? 'catalog');
    const c = await readCatalogDir(dir);
    console.log(`Catalog OK: ${c.departments.length} departments in ${dir}`);
    return 0;
  }
  if (command === 'backup' || command === 'restore') {
    if (!positionals[0]) {
      console.error(`${command} needs a folder`);
      return 2;
    }
    return backupCommand(command, await loadConfig(process.env), positionals[0]);
  }
  if (
    !command ||
    ![
      'create-admin',
      'audit-verify',
      'catalog-export',
      'catalog-import',
      'retention',
      'retention-hold',
      'retention-release',
      'retention-erase',
    ].includes(command)
  ) {
    console.log(usage);
    return command ? 2 : 0;
  }

  const config = await loadConfig(process.env);
  const { app, database } = await prepare(config, false);
  try {
    switch (command) {
      case 'create-admin': {
        if (!values.email || !values.name) {
          console.error('create-admin needs --email and --name');
          return 2;
        }
        const id = await app.loket.accounts.create(systemActor, {
          email: values.email,
          name: values.name,
          password: await askPassword(),
          roles: ['administrator'],
        });
        console.log(
          `Administrator ${values.email} created (${id}). At the first sign-in they set up an authenticator app.`,
        );
        return 0;
      }
      case 'audit-verify': {
        const [anchorSeq, anchorHash] = (values.anchor ?? '').split(':');
        const r = await app.loket.audit.verify(
          values.anchor ? { seq: Number(anchorSeq), hash: anchorHash ?? '' } : undefined,
        );
        await app.loket.audit.record(app.loket.db, systemActor, {
          eventType: 'audit.verify',
          action: 'E',
          outcome: r.ok ? 'success' : 'failure:chain-broken',
          objectType: 'audit-log',
          details: { checked: r.checked, firstBroken: r.firstBroken, via: 'cli' },
        });
        if (r.ok) {
          console.log(
            `Audit chain intact: ${r.checked} records verified (last #${r.lastSeq}, anchor ${r.lastSeq}:${r.lastHash}).`,
          );
          return 0;
        }
        console.error(
          `Audit chain BROKEN at record #${r.firstBroken!.seq} (${r.firstBroken!.reason}); ${r.checked} records before it verified.`,
        );
        return 1;
      }
      case 'catalog-export': {
        const dir = resolve(positionals[0] ?? 'catalog-export');
        await writeCatalogDir(dir, await app.loket.catalog.catalog());
        console.log(`Catalog written to ${dir}`);
        return 0;
      }
      case 'retention':
      case 'retention-hold':
      case 'retention-release':
      case 'retention-erase':
        return await retentionCommand(command, app.loket, positionals, values);
      case 'catalog-import': {
        const dir = resolve(positionals[0] ?? 'catalog');
        const c = await readCatalogDir(dir);
        const s = await app.loket.catalog.importCatalog(systemActor, c, {
          dryRun: values['dry-run'] === true,
          source: dir,
        });
        console.log(
          `${values['dry-run'] ? 'Would change' : 'Imported'}: ${s.added.length} added, ${s.changed.length} changed, ` +
            `${s.removed.length} removed, ${s.unchanged.length} unchanged${s.hospitalChanged ? ', hospital settings changed' : ''}.`,
        );
        return 0;
      }
    }
    return 2;
  } finally {
    await app.close();
    await database.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (
      e instanceof ConfigError ||
      e instanceof MigrationError ||
      e instanceof CatalogFileError ||
      e instanceof BackupError
    )
      console.error(e.message);
    else if (e instanceof HttpError) console.error(`Refused: ${e.code} ${JSON.stringify(e.extra)}`);
    else console.error(e);
    process.exit(1);
  },
);
