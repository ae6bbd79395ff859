import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrateToLatest, type Database, type DatabaseHandle } from '@loket/db';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { systemActor } from '../../audit/trail.ts';
import {
  createTestDatabase,
  PUBLIC_URL,
  TEST_PASSWORD,
  testConfig,
  testEngine,
  type TestDatabase,
} from '../../testing/harness.ts';

/**
 * R-SEC-01: the server runs as the application role `loket_app` (migration 017), which may append to the audit
 * trail and read it but not change it. Migrations ran as the owner; the app then connects as the role: on
 * PostgreSQL through the connection's startup `role` option (as a login role in `loket_app` would), on PGlite,
 * which has one superuser connection, with SET ROLE on that connection.
 */
let database: TestDatabase;
let appHandle: DatabaseHandle;
let app: FastifyInstance;
let db: Kysely<Database>;

async function sqlState(statement: string): Promise<string> {
  try {
    await sql.raw(statement).execute(db);
    return 'ok';
  } catch (e) {
    return String((e as { code?: string }).code ?? (e as Error).message);
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  await migrateToLatest(database.handle.db);
  if (database.url) {
    const url = new URL(database.url);
    url.searchParams.set('options', '-c role=loket_app');
    appHandle = await connect({ databaseUrl: url.toString(), poolSize: 3 });
  } else {
    await sql`set role loket_app`.execute(database.handle.db);
    appHandle = { ...database.handle, close: async () => {} };
  }
  db = appHandle.db;
  app = await buildApp({ config: await testConfig(), database: appHandle, logger: false });
  await app.loket.catalog.seedFromFilesIfEmpty(app.loket.config.catalogDir, systemActor);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await appHandle?.close();
  await database?.drop();
});

describe('the application database role', () => {
  it('R-SEC-01: as loket_app the server signs users in and audits; it cannot update, delete or truncate audit records', async () => {
    const current = await sql<{ r: string }>`select current_user as r`.execute(db);
    expect(current.rows[0]!.r).toBe('loket_app');

    const id = await app.loket.accounts.create(systemActor, {
      email: 'role-test@test.loket.nl',
      password: TEST_PASSWORD,
      name: 'Role Test',
      roles: ['patient'],
      departmentIds: [],
      agbCode: null,
      specialism: null,
      organisationId: null,
      locale: 'nl',
    });
    const signIn = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { origin: PUBLIC_URL },
        payload: { email: 'role-test@test.loket.nl', password },
      });
    expect((await signIn('a wrong password, surely')).statusCode).toBe(401);
    expect((await signIn(TEST_PASSWORD)).statusCode).toBe(200);
    const records = await db
      .selectFrom('audit_event')
      .select(['event_type', 'outcome'])
      .where('user_id', '=', id)
      .execute();
    expect(records.length).toBeGreaterThanOrEqual(1);
    const before = await app.loket.audit.verify();
    expect(before.ok).toBe(true);

    // 42501: insufficient_privilege, refused before any trigger runs.
    expect(await sqlState(`update audit_event set outcome = 'x' where seq = 1`)).toBe('42501');
    expect(await sqlState(`delete from audit_event where seq = 1`)).toBe('42501');
    expect(await sqlState(`truncate audit_event`)).toBe('42501');
    expect(await sqlState(`alter table audit_event disable trigger user`)).toBe('42501');
    expect(await sqlState(`drop trigger audit_event_no_update on audit_event`)).toBe('42501');
    expect(await sqlState(`set session_replication_role = replica`)).toBe('42501');
    expect(await sqlState(`create table public.sneaky (x int)`)).toBe('42501');
    // Granting itself more is not an error in PostgreSQL, only a warning that nothing was granted.
    await sqlState(`grant update, delete on audit_event to loket_app`);
    const privileges = await sql<{ u: boolean; d: boolean; i: boolean }>`select
        has_table_privilege('audit_event', 'UPDATE') as u, has_table_privilege('audit_event', 'DELETE') as d,
        has_table_privilege('audit_event', 'INSERT') as i`.execute(db);
    expect(privileges.rows[0]).toEqual({ u: false, d: false, i: true });
    // …while the rest of the application's data stays writable.
    expect(await sqlState(`update auth.session set "updatedAt" = now()`)).toBe('ok');
    expect(await sqlState(`update catalog_department set position = position`)).toBe('ok');

    const after = await app.loket.audit.verify();
    expect(after).toMatchObject({ ok: true, lastSeq: before.lastSeq });
    console.log(
      `app role test on ${testEngine}: ${after.checked} audit records written as loket_app, all intact`,
    );
  });
});
