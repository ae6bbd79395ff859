import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { connect, migrateToLatest, type DatabaseHandle } from '@loket/db';
import { buildApp, type AppOptions } from './app.ts';
import { systemActor } from './audit/trail.ts';
import type { Config } from './config.ts';
import { seedDemo } from './demo/seed.ts';

export interface Started {
  app: FastifyInstance;
  database: DatabaseHandle;
  migrations: string[];
  catalogSeeded: boolean;
  demoSeeded: boolean;
}

/**
 * Everything between configuration and listening: connect, migrate (under the migrator's lock), load the
 * shipped catalog into an empty database, seed the demo desk in demo mode, and build the app.
 */
export async function prepare(config: Config, logger?: AppOptions['logger']): Promise<Started> {
  const database = await connect({
    databaseUrl: config.databaseUrl,
    dataDir: `${config.dataDir}/pglite`,
    poolSize: config.dbPoolSize,
  });
  try {
    await waitForDatabase(database, config.dbWaitSeconds, (m) => console.error(m));
    const migrations = await migrateToLatest(database.db);
    const app = await buildApp({ config, database, ...(logger === undefined ? {} : { logger }) });
    const catalogSeeded = await app.loket.catalog.seedFromFilesIfEmpty(config.catalogDir, systemActor);
    const demoSeeded = config.mode === 'demo' ? await seedDemo(app.loket) : false;
    return { app, database, migrations, catalogSeeded, demoSeeded };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/** PostgreSQL did not accept connections within the wait: the message says where and why, never the password. */
export class DatabaseUnreachableError extends Error {}

/** Errors that mean "not yet": nothing listens, or the server is still starting or shutting down. */
const NOT_YET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  '57P03',
  '57P01',
]);

/**
 * Waits for PostgreSQL to answer, trying once a second for up to `seconds`: after a reboot the database may come
 * up after Loket, and exiting at once would leave that to the process manager. Wrong credentials or a missing
 * database are not waited for. PGlite runs in the process and is there at once.
 */
export async function waitForDatabase(
  database: DatabaseHandle,
  seconds: number,
  onWait: (message: string) => void,
): Promise<void> {
  if (database.engine !== 'postgres') return;
  const until = Date.now() + seconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`select 1`.execute(database.db);
      if (attempt > 1) onWait(`PostgreSQL at ${database.location} answers now.`);
      return;
    } catch (e) {
      const code = String((e as { code?: unknown }).code ?? '');
      const reason = `${code || 'error'}: ${(e as Error).message}`;
      if (!NOT_YET.has(code))
        throw new DatabaseUnreachableError(`PostgreSQL at ${database.location} refused Loket (${reason}).`);
      if (Date.now() >= until)
        throw new DatabaseUnreachableError(
          `PostgreSQL at ${database.location} did not answer within ${seconds} s (${reason}). Start it, or set ` +
            'LOKET_DB_WAIT_SECONDS to wait longer.',
        );
      if (attempt === 1)
        onWait(`Waiting for PostgreSQL at ${database.location} (${reason}); trying for up to ${seconds} s.`);
      await sleep(Math.max(0, Math.min(1000, until - Date.now())));
    }
  }
}
