import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { MigrationError } from '@loket/db';
import { systemActor } from '../audit/trail.ts';
import { CatalogFileError, readCatalogDir, writeCatalogDir } from '../catalog/files.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { HttpError } from '../http/errors.ts';
import { prepare } from '../start.ts';

/**
 * Operator commands. They use the same configuration as the server (DATABASE_URL or the PGlite data folder)
 * and must not run beside a server that uses the same PGlite folder (PGlite serves one process).
 */
const usage = `Usage: npm run loket -- <command>

  create-admin --email <address> --name <name>
      Makes an administrator. The password is read from LOKET_ADMIN_PASSWORD or asked for.
      The administrator sets up an authenticator app at the first sign-in.
  audit-verify
      Verifies the hash chain of the audit trail; names the first record that was altered.
  catalog-check [dir]            Validates catalog files (default: ./catalog).
  catalog-export <dir>           Writes the catalog in the database to files.
  catalog-import <dir> [--dry-run]
      Replaces the catalog in the database with the files (reports what changes).`;

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
    options: { email: { type: 'string' }, name: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  });

  if (command === 'catalog-check') {
    const dir = resolve(positionals[0] ?? 'catalog');
    const c = await readCatalogDir(dir);
    console.log(`Catalog OK: ${c.departments.length} departments in ${dir}`);
    return 0;
  }
  if (!command || !['create-admin', 'audit-verify', 'catalog-export', 'catalog-import'].includes(command)) {
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
        const r = await app.loket.audit.verify();
        await app.loket.audit.record(app.loket.db, systemActor, {
          eventType: 'audit.verify',
          action: 'E',
          outcome: r.ok ? 'success' : 'failure:chain-broken',
          objectType: 'audit-log',
          details: { checked: r.checked, firstBroken: r.firstBroken, via: 'cli' },
        });
        if (r.ok) {
          console.log(`Audit chain intact: ${r.checked} records verified (last #${r.lastSeq}).`);
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
    if (e instanceof ConfigError || e instanceof MigrationError || e instanceof CatalogFileError)
      console.error(e.message);
    else if (e instanceof HttpError) console.error(`Refused: ${e.code} ${JSON.stringify(e.extra)}`);
    else console.error(e);
    process.exit(1);
  },
);
