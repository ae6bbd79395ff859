import { MigrationError } from '@loket/db';
import { CatalogFileError } from './catalog/files.ts';
import { ConfigError, loadConfig } from './config.ts';
import { demoAccounts, DEMO_PASSWORD } from './demo/accounts.ts';
import { DatabaseUnreachableError, prepare } from './start.ts';

/** Starts Loket: `node packages/server/src/main.ts [--demo]`. */
async function main() {
  const demo = process.argv.includes('--demo');
  const config = await loadConfig(process.env, demo ? { mode: 'demo' } : {});
  const started = await prepare(config);
  const { app, database } = started;
  const log = app.log;

  if (database.engine === 'pglite') {
    log.warn(
      `Running on the embedded database (PGlite) in ${database.location}. PGlite serves one connection and does not ` +
        'fsync: it is for trying Loket, development, tests and a single small desk. Production runs on PostgreSQL (set DATABASE_URL).',
    );
  }
  if (started.migrations.length > 0) log.info({ migrations: started.migrations }, 'database migrated');
  if (started.catalogSeeded) log.info(`catalog loaded from ${config.catalogDir}`);
  if (started.demoSeeded) log.info('demo data created');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  app.loket.outbox.start();
  if (config.mode === 'demo') {
    console.log(
      `\nLoket runs at ${config.publicUrl} (demo mode).\n` +
        `Demo accounts (password ${DEMO_PASSWORD}): ${demoAccounts.map((a) => a.email).join(', ')}\n` +
        'Staff accounts ask for a code from an authenticator app; in demo mode the sign-in page shows it.\n',
    );
  }
}

main().catch((e: unknown) => {
  if (
    e instanceof ConfigError ||
    e instanceof MigrationError ||
    e instanceof CatalogFileError ||
    e instanceof DatabaseUnreachableError
  ) {
    console.error(e.message);
  } else {
    console.error('Loket could not start:', e);
  }
  process.exit(1);
});
