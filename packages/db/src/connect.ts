import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Engine = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data lives, without credentials, for logs. */
  location: string;
  close(): Promise<void>;
}

const INT8 = 20;
const DATE = 1082;

/** Both engines hand back the same JavaScript types: int8 as number (our counts and ids fit), date as 'YYYY-MM-DD'. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

export interface ConnectOptions {
  /** PostgreSQL connection string; without it Loket runs on embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder, or "memory://" for a database that lives in memory. */
  dataDir?: string;
  poolSize?: number;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

export async function connect(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: pgTypes,
    });
    // A connection that breaks (the database restarted, a network blip) emits 'error': on the pool when it is
    // idle, on the client itself when it is checked out between two queries (a transaction waiting for the
    // outbox's SMTP send, say). Unheard, either event ends the process (found by the R-REF-10 crash harness).
    // Nothing else is needed: the next query on that client fails, its transaction rolls back, the pool drops
    // the client and opens a new connection; /readyz shows the state meanwhile.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', location: redact(options.databaseUrl), close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? './data/pglite';
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, engine: 'pglite', location: dataDir, close: () => db.destroy() };
}
