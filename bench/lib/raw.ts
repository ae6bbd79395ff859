import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Target } from './server.ts';

/**
 * A bare driver, without Loket in between, for the raw ceilings: node-postgres with a pool as large as the
 * concurrency on PostgreSQL, PGlite itself (one connection) on the embedded engine.
 */
export type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface RawDb {
  query: Query;
  tx<T>(work: (q: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openRaw(target: Target, connections: number): Promise<RawDb> {
  if (target.engine === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: connections });
    return {
      query: async (text, params) => (await pool.query(text, params)).rows,
      async tx(work) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const out = await work(async (text, params) => (await client.query(text, params)).rows);
          await client.query('commit');
          return out;
        } catch (e) {
          await client.query('rollback');
          throw e;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const db = await PGlite.create(`${target.dataDir}/pglite`);
  return {
    query: async (text, params) => (await db.query<Record<string, unknown>>(text, params)).rows,
    tx: (work) =>
      db.transaction((t) =>
        work(async (text, params) => (await t.query<Record<string, unknown>>(text, params)).rows),
      ),
    close: () => db.close(),
  };
}
