import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, testEngine, type TestDatabase } from '../../testing/harness.ts';

/**
 * Found by the crash harness: when PostgreSQL restarted, a pooled connection that broke emitted an 'error' event
 * nobody listened to, and Node ended the server. Only PostgreSQL has connections that can break; PGlite runs in
 * the process, so on PGlite this file checks nothing and says so in its title.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

const terminate = async (pid: number) => {
  const admin = new pg.Client({ connectionString: database.url! });
  await admin.connect();
  try {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
};

describe.runIf(testEngine === 'postgres')('a database connection that breaks (PostgreSQL only)', () => {
  it('R-REF-10: a connection broken inside a transaction fails that transaction, the process lives on, and the next query works', async () => {
    const { db } = database.handle;
    const work = db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      await terminate(rows[0]!.pid);
      // Between two queries, as the outbox worker is while it waits for the SMTP server.
      await new Promise((r) => setTimeout(r, 300));
      await sql`select 1`.execute(trx);
    });
    await expect(work).rejects.toThrow();
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    expect(rows[0]!.one).toBe(1);
  });

  it('R-REF-10: an idle pooled connection that breaks is replaced without ending the process', async () => {
    const { db } = database.handle;
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    await terminate(rows[0]!.pid);
    await new Promise((r) => setTimeout(r, 300));
    let answer: number | undefined;
    for (let attempt = 0; attempt < 5 && answer === undefined; attempt++) {
      answer = await sql<{ one: number }>`select 1 as one`
        .execute(db)
        .then((r) => r.rows[0]!.one)
        .catch(() => undefined);
    }
    expect(answer).toBe(1);
  });
});
