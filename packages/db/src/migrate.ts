import type { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { migrations as allMigrations } from './migrations/index.ts';

export class MigrationError extends Error {
  readonly migration: string | undefined;
  constructor(migration: string | undefined, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      migration
        ? `Database migration "${migration}" failed: ${reason}`
        : `Database migrations could not run: ${reason}`,
      { cause },
    );
    this.name = 'MigrationError';
    this.migration = migration;
  }
}

function migrator(db: Kysely<any>, migrations: Record<string, Migration>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'loket_migration',
    migrationLockTableName: 'loket_migration_lock',
  });
}

/**
 * Brings the database to the latest schema. On PostgreSQL the migrator holds an advisory lock, so several
 * server processes starting together run each migration once.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  migrations: Record<string, Migration> = allMigrations,
): Promise<string[]> {
  const { error, results } = await migrator(db, migrations).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
