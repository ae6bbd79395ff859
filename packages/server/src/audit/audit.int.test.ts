import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditRecord, verifyAuditChain } from '@loket/db';
import { createTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let privacy: string;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  privacy = await t.signIn((await t.createUser(['privacy-officer'])).email);
  admin = await t.signIn((await t.createUser(['administrator'])).email);
});
afterAll(() => t?.close());

/** Runs SQL as the database superuser would (the test role is one), bypassing the application's protections. */
async function asSuperuser(statements: string[]): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(t.app.loket.db);
}

describe('the audit trail', () => {
  it('R-SEC-01: an administrative change writes an audit record with the NEN 7513 fields', async () => {
    const current = (
      await t.app.inject({
        method: 'GET',
        url: '/api/admin/catalog/departments/ent',
        headers: { cookie: admin },
      })
    ).json();
    const r = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/catalog/departments/ent',
      headers: { cookie: admin, 'user-agent': 'test' },
      payload: {
        department: { ...current.department, summary: { en: 'changed' } },
        version: current.version,
      },
    });
    expect(r.statusCode).toBe(200);
    const rec = await t.app.loket.db
      .selectFrom('audit_event')
      .selectAll()
      .where('event_type', '=', 'catalog.department.update')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(rec).toMatchObject({
      action: 'U',
      outcome: 'success',
      user_name: 'Test administrator',
      user_role: 'administrator',
      access_point: '127.0.0.1',
      object_type: 'catalog-department',
      object_id: 'ent',
      details: { fields: ['summary'], version: current.version + 1 },
    });
    expect(rec.user_id).toBeTruthy();
    expect(rec.occurred_at).toBeInstanceOf(Date);
  });

  it('R-SEC-01: a change that fails leaves neither the change nor an audit record', async () => {
    const before = await t.app.loket.db
      .selectFrom('audit_event')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      t.app.loket.db.transaction().execute(async (trx) => {
        await trx.updateTable('catalog_department').set({ position: 999 }).where('id', '=', 'ent').execute();
        await t.app.loket.audit.record(
          trx,
          { userId: null, userName: 'x', role: null, accessPoint: null },
          { eventType: 'test', action: 'U' },
        );
        throw new Error('fails after the audit write');
      }),
    ).rejects.toThrow('fails after the audit write');
    const after = await t.app.loket.db
      .selectFrom('audit_event')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const ent = await t.app.loket.db
      .selectFrom('catalog_department')
      .select('position')
      .where('id', '=', 'ent')
      .executeTakeFirstOrThrow();
    expect(ent.position).not.toBe(999);
  });

  it('R-SEC-01: refused access is audited too', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/audit/events', headers: { cookie: admin } });
    expect(r.statusCode).toBe(403);
    const rec = await t.app.loket.db
      .selectFrom('audit_event')
      .selectAll()
      .where('event_type', '=', 'access.denied')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(rec).toMatchObject({
      outcome: 'denied:not-permitted',
      object_id: 'GET /api/audit/events',
      action: 'R',
    });
  });

  it('R-SEC-01: the privacy officer browses and filters the log; reading it is itself recorded', async () => {
    const all = await t.app.inject({
      method: 'GET',
      url: '/api/audit/events?limit=5',
      headers: { cookie: privacy },
    });
    expect(all.statusCode).toBe(200);
    expect(all.json().events).toHaveLength(5);
    expect(all.json().next).toBeTypeOf('number');
    const page2 = await t.app.inject({
      method: 'GET',
      url: `/api/audit/events?limit=5&before=${all.json().next}`,
      headers: { cookie: privacy },
    });
    expect(page2.json().events[0].seq).toBeLessThan(all.json().events[4].seq + 1);
    const failures = await t.app.inject({
      method: 'GET',
      url: '/api/audit/events?outcome=failure&eventType=access',
      headers: { cookie: privacy },
    });
    expect(failures.json().events.length).toBeGreaterThan(0);
    expect(
      failures
        .json()
        .events.every(
          (e: { outcome: string; eventType: string }) =>
            e.outcome !== 'success' && e.eventType.startsWith('access'),
        ),
    ).toBe(true);
    const reads = await t.app.loket.db
      .selectFrom('audit_event')
      .select('event_type')
      .where('event_type', '=', 'audit.read')
      .execute();
    expect(reads.length).toBeGreaterThanOrEqual(3);
  });

  it('R-SEC-01: the application cannot change or delete audit records', async () => {
    await expect(
      sql`update audit_event set outcome = 'x' where seq = 1`.execute(t.app.loket.db),
    ).rejects.toThrow(/cannot be changed/);
    await expect(sql`delete from audit_event where seq = 1`.execute(t.app.loket.db)).rejects.toThrow(
      /cannot be changed/,
    );
  });

  it('R-SEC-01: the chain verifies, and an edited, deleted or inserted record is found and named', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/api/audit/verify', headers: { cookie: privacy } });
    expect(ok.json()).toMatchObject({ ok: true });
    expect(ok.json().checked).toBeGreaterThan(5);

    // A superuser switches the protection off and edits record 3.
    await asSuperuser([
      'alter table audit_event disable trigger audit_event_no_update',
      `update audit_event set user_name = 'someone else' where seq = 3`,
      'alter table audit_event enable trigger audit_event_no_update',
    ]);
    const edited = await t.app.inject({
      method: 'POST',
      url: '/api/audit/verify',
      headers: { cookie: privacy },
    });
    expect(edited.json()).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: 'hash-mismatch' } });
  });
});

describe('the chain on its own', () => {
  it('R-SEC-01: the verifier finds a forged insertion, a deletion, a reordering and an edit, each at its place', async () => {
    const other = await createTestApp();
    try {
      const db = other.app.loket.db;
      const key = other.config.auditKey;
      const actor = { userId: 'u1', userName: 'U', role: 'administrator', accessPoint: '10.0.0.1' };
      for (let i = 0; i < 10; i++)
        await other.app.loket.audit.record(db, actor, { eventType: 'test', action: 'R', details: { i } });
      const n = (await verifyAuditChain(db, key)).lastSeq;
      expect((await verifyAuditChain(db, key)).ok).toBe(true);
      expect((await verifyAuditChain(db, 'wrong key')).firstBroken).toEqual({
        seq: 1,
        reason: 'hash-mismatch',
      });
      // The test database role is a superuser, as an attacker with full access would be.
      const raw = (s: string) => sql.raw(s).execute(db);
      await raw('alter table audit_event disable trigger audit_event_no_update');

      // Tamper from the end backwards, so each check sees the newest tampering as the first break.
      await db.transaction().execute((trx) =>
        appendAuditRecord(trx, 'a forger does not have the key', {
          occurred_at: new Date(),
          event_type: 'forged',
          action: 'R',
          outcome: 'success',
          user_id: null,
          user_name: null,
          user_role: null,
          on_behalf_of: null,
          patient_id: null,
          access_point: null,
          object_type: null,
          object_id: null,
          details: {},
        }),
      );
      expect((await verifyAuditChain(db, key)).firstBroken).toEqual({ seq: n + 1, reason: 'hash-mismatch' });

      await raw(`delete from audit_event where seq = ${n - 1}`);
      expect((await verifyAuditChain(db, key)).firstBroken).toEqual({ seq: n, reason: 'gap' });

      await raw(`update audit_event set seq = -1 where seq = ${n - 4}`);
      await raw(`update audit_event set seq = ${n - 4} where seq = ${n - 3}`);
      await raw(`update audit_event set seq = ${n - 3} where seq = -1`);
      expect((await verifyAuditChain(db, key)).firstBroken).toMatchObject({ seq: n - 4 });

      await raw(`update audit_event set details = '{"i": 99}' where seq = 2`);
      expect((await verifyAuditChain(db, key)).firstBroken).toEqual({ seq: 2, reason: 'hash-mismatch' });
    } finally {
      await other.close();
    }
  });
});
