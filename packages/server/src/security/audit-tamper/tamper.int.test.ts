import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendAuditRecord,
  migrateToLatest,
  verifyAuditChain,
  type AuditAnchor,
  type Database,
} from '@loket/db';
import type { Kysely } from 'kysely';
import { createTestDatabase, testEngine, type TestDatabase } from '../../testing/harness.ts';
import { random, tamper, tamperKinds, type TamperKind } from './tamper.ts';

/**
 * R-SEC-01: 1,000 random tamperings by a superuser (triggers off), each rolled back before the next; the verifier
 * must find every one. LOKET_TAMPER_RUNS and LOKET_TAMPER_SEED repeat or lengthen a run.
 */
const KEY = 'tamper-test-audit-key-0123456789-0123456789';
const RUNS = Number(process.env.LOKET_TAMPER_RUNS ?? 1000);
const SEED = Number(process.env.LOKET_TAMPER_SEED ?? Date.now() % 2 ** 31);
const CHAIN = 80;

let database: TestDatabase;
let db: Kysely<Database>;
let anchor: AuditAnchor;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  await migrateToLatest(db);
  const rnd = random(SEED ^ 0x5eed);
  for (let i = 0; i < CHAIN; i++) {
    await db.transaction().execute((trx) =>
      appendAuditRecord(trx, KEY, {
        occurred_at: new Date(Date.UTC(2026, 0, 1) + i * 61_000),
        event_type: rnd.pick(['referral.read', 'referral.update', 'document.download', 'auth.sign-in']),
        action: rnd.pick(['C', 'R', 'U', 'D', 'E'] as const),
        outcome: rnd.pick(['success', 'denied:not-permitted', 'failure:wrong-password']),
        user_id: rnd.next() < 0.1 ? null : `user-${rnd.int(1, 20)}`,
        user_name: rnd.next() < 0.1 ? null : `Name ${rnd.int(1, 20)}`,
        user_role: rnd.pick([null, 'back-office', 'referrer', 'specialist,triage-supervisor']),
        on_behalf_of: rnd.next() < 0.9 ? null : `user-${rnd.int(1, 20)}`,
        patient_id: rnd.next() < 0.3 ? null : `patient-${rnd.int(1, 50)}`,
        access_point: rnd.pick([null, '127.0.0.1', '10.1.2.3', 'server']),
        object_type: rnd.pick([null, 'referral', 'document']),
        object_id: rnd.next() < 0.3 ? null : `obj-${rnd.int(1, 500)}`,
        details: rnd.next() < 0.5 ? {} : { i, nested: { list: [i, 'x'] } },
      }),
    );
  }
  const v = await verifyAuditChain(db, KEY);
  anchor = { seq: v.lastSeq, hash: v.lastHash };
});
afterAll(() => database?.drop());

class Rollback extends Error {}

describe('tampering with the audit trail', () => {
  it(`R-SEC-01: ${RUNS} random tamperings as a superuser with triggers off are all detected (seed printed)`, async () => {
    console.log(
      `audit tamper test on ${testEngine}: seed ${SEED}, ${RUNS} tamperings of a chain of ${CHAIN}`,
    );
    expect((await verifyAuditChain(db, KEY, 5000, anchor)).ok).toBe(true);
    const rnd = random(SEED);
    const perKind = new Map<TamperKind, { runs: number; detected: number; withoutAnchor: number }>();
    const missed: string[] = [];
    const passedAsPrefix: string[] = [];
    const started = Date.now();
    for (let i = 0; i < RUNS; i++) {
      const kind = rnd.pick(tamperKinds);
      let what = '';
      let withAnchor = true;
      let withoutAnchor = true;
      let truncated = false;
      await db
        .transaction()
        .execute(async (trx) => {
          what = await tamper(trx, kind, CHAIN, rnd);
          withAnchor = !(await verifyAuditChain(trx, KEY, 5000, anchor)).ok;
          const plain = await verifyAuditChain(trx, KEY);
          withoutAnchor = !plain.ok;
          truncated = plain.lastSeq < CHAIN;
          throw new Rollback();
        })
        .catch((e: unknown) => {
          if (!(e instanceof Rollback)) throw e;
        });
      const k = perKind.get(kind) ?? { runs: 0, detected: 0, withoutAnchor: 0 };
      k.runs++;
      if (withAnchor) k.detected++;
      else missed.push(`#${i} ${what}`);
      if (withoutAnchor) k.withoutAnchor++;
      else if (!truncated) passedAsPrefix.push(`#${i} ${what}`);
      perKind.set(kind, k);
    }
    const detected = [...perKind.values()].reduce((a, k) => a + k.detected, 0);
    console.log(
      `detected ${detected}/${RUNS} (${((100 * detected) / RUNS).toFixed(1)}%) in ${Date.now() - started} ms\n` +
        [...perKind]
          .map(
            ([kind, k]) =>
              `  ${kind.padEnd(14)} ${k.detected}/${k.runs}, without the anchor ${k.withoutAnchor}/${k.runs}`,
          )
          .join('\n'),
    );
    expect(missed).toEqual([]);
    expect(detected).toBe(RUNS);
    expect(perKind.size).toBe(tamperKinds.length);
    // Without the anchor only deleting the newest records can pass: what is left is a shorter valid chain.
    expect(passedAsPrefix).toEqual([]);
    // Every tampering was rolled back: the real chain is intact.
    expect((await verifyAuditChain(db, KEY, 5000, anchor)).ok).toBe(true);
  }, 600_000);
});
