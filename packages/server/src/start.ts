import type { FastifyInstance } from 'fastify';
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
