import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addYears } from '@loket/domain';
import { systemActor } from '../audit/trail.ts';
import { DocumentStore } from '../documents/storage.ts';
import { seedDemo } from '../demo/seed.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { dossierGraph, foreignKeys, primaryKeys, UnclassifiedEdgeError } from './dossier.ts';
import { RetentionJob } from './job.ts';

/**
 * The demo desk fills every table (referrals in every state, second opinions, consent, costs, APOP, MDO,
 * documents on disk); the job is then run as if 21 years had passed.
 */
let t: TestApp;
let dataDir: string;
let job: RetentionJob;
const officer = { userId: null, userName: 'retention-test', role: 'privacy-officer', accessPoint: 'test' };

const count = async (q: string) =>
  Number((await sql.raw<{ n: number }>(q).execute(t.app.loket.db)).rows[0]!.n);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'loket-retention-'));
  t = await createTestApp({ LOKET_DATA_DIR: dataDir });
  await seedDemo(t.app.loket);
  job = new RetentionJob(t.app.loket.db, t.app.loket.audit, t.config.retention, join(dataDir, 'documents'));
}, 180_000);

afterAll(async () => {
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('retention (R-SEC-04)', () => {
  it('R-SEC-04: every foreign key into a dossier is classified; a new one stops the job instead of guessing', async () => {
    const fks = await foreignKeys(t.app.loket.db);
    const pks = await primaryKeys(t.app.loket.db);
    const graph = dossierGraph(fks, pks);
    expect(graph.deleteOrder).toContain('referral_event');
    expect(graph.deleteOrder.indexOf('referral_event')).toBeLessThan(graph.deleteOrder.indexOf('referral'));
    expect(graph.deleteOrder.indexOf('referral')).toBeLessThan(graph.deleteOrder.indexOf('patient'));
    const added = [
      ...fks,
      { child: 'new_table', column: 'referral_id', parent: 'referral', parentColumn: 'id', nullable: false },
    ];
    expect(() => dossierGraph(added, pks)).toThrow(UnclassifiedEdgeError);
  });

  it('R-SEC-04: nothing is past its period today; the settings are the law minimums', async () => {
    expect(t.config.retention).toEqual({ recordYears: 20, auditYears: 5 });
    const review = await job.review(new Date());
    expect(review.pastPeriod).toEqual([]);
    expect(review.withinPeriod).toBeGreaterThan(5);
    expect(review.auditPastMinimum).toBe(0);
  });

  it("R-SEC-04: on the patient's written request their dossier is erased before its period ends, with their login; audit kept (WGBO art. 7:455)", async () => {
    const future = await job.review(addYears(new Date(), 21));
    const free = future.pastPeriod.filter((d) => d.root === 'patient' && !d.decision.keep);
    const patientId = free[free.length - 1]!.id;
    // A patient-only login and a member of staff also linked to the record: the first goes, the second stays.
    const login = await t.createUser(['patient']);
    const staff = await t.createUser(['back-office']);
    for (const u of [login.id, staff.id])
      await sql`insert into patient_account (user_id, patient_id) values (${u}, ${patientId})`.execute(
        t.app.loket.db,
      );
    await sql`insert into "auth"."session" (id, "expiresAt", token, "updatedAt", "userId")
      values (${randomUUID()}, now() + interval '1 day', ${randomUUID()}, now(), ${login.id})`.execute(
      t.app.loket.db,
    );
    const patient = (
      await sql<{
        bsn: string | null;
        family_name: string;
      }>`select bsn, family_name from patient where id = ${patientId}`.execute(t.app.loket.db)
    ).rows[0]!;
    const referrals = await count(`select count(*) as n from referral where patient_id = '${patientId}'`);
    expect(referrals).toBeGreaterThan(0);
    const auditOfPatient = await count(
      `select count(*) as n from audit_event where patient_id = '${patientId}'`,
    );
    expect(auditOfPatient).toBeGreaterThan(0);
    const receivedOn = new Date(Date.now() - 10 * 86_400_000);

    // A dry run decides and audits, and deletes nothing.
    const dry = await job.erase(officer, patientId, { receivedOn }, { dryRun: true });
    expect(dry).toMatchObject({ found: true, erased: false, decision: { erase: true, overdue: false } });
    expect(dry.rows.referral).toBe(referrals);
    expect(await count(`select count(*) as n from patient where id = '${patientId}'`)).toBe(1);

    const r = await job.erase(officer, patientId, { receivedOn });
    expect(r.erased).toBe(true);
    expect(r.rows).toMatchObject({ patient: 1, referral: referrals, patient_account: 2, 'auth.user': 1 });
    expect(await count(`select count(*) as n from patient where id = '${patientId}'`)).toBe(0);
    expect(await count(`select count(*) as n from referral where patient_id = '${patientId}'`)).toBe(0);
    expect(await count(`select count(*) as n from "auth"."user" where id = '${login.id}'`)).toBe(0);
    expect(await count(`select count(*) as n from "auth"."session" where "userId" = '${login.id}'`)).toBe(0);
    expect(await count(`select count(*) as n from "auth"."account" where "userId" = '${login.id}'`)).toBe(0);
    expect(await count(`select count(*) as n from "auth"."user" where id = '${staff.id}'`)).toBe(1);
    // Audit records are never deleted: the patient's earlier ones stay, plus the request (twice) and the erasure.
    expect(await count(`select count(*) as n from audit_event where patient_id = '${patientId}'`)).toBe(
      auditOfPatient + 3,
    );
    const records = await sql<{ event_type: string; details: unknown }>`
      select event_type, details from audit_event where event_type like 'retention.erase%' and object_id = ${patientId}
      order by seq`.execute(t.app.loket.db);
    expect(records.rows.map((x) => x.event_type)).toEqual([
      'retention.erase-request',
      'retention.erase-request',
      'retention.erase',
    ]);
    expect(records.rows[2]!.details).toMatchObject({ decision: 'erase', rows: r.rows });
    const text = JSON.stringify(records.rows);
    if (patient.bsn) expect(text).not.toContain(patient.bsn);
    expect(text).not.toContain(patient.family_name);
    expect((await t.app.loket.audit.verify()).ok).toBe(true);

    // Asking again for a patient Loket no longer has is audited as not found.
    expect((await job.erase(officer, patientId, { receivedOn })).found).toBe(false);
    // A BSN given instead of the internal id is refused before anything is read or audited.
    const audited = await count('select count(*) as n from audit_event');
    await expect(job.erase(officer, '111222333', { receivedOn })).rejects.toThrow(RangeError);
    expect(await count('select count(*) as n from audit_event')).toBe(audited);
  });

  it("R-SEC-04: a legal hold, a dossier still in use or the officer's refusal keeps it (WGBO art. 7:455 lid 2)", async () => {
    const future = await job.review(addYears(new Date(), 21));
    const inUse = future.pastPeriod.find((d) => d.root === 'patient' && d.decision.reason === 'in-use')!;
    const [held, refused] = future.pastPeriod.filter((d) => d.root === 'patient' && !d.decision.keep);
    const receivedOn = new Date(Date.now() - 100 * 86_400_000);

    const a = await job.erase(officer, inUse.id, { receivedOn });
    expect(a).toMatchObject({ erased: false, decision: { erase: false, reason: 'in-use', overdue: true } });

    await job.placeHold(officer, 'patient', held!.id, 'claim pending');
    const b = await job.erase(officer, held!.id, { receivedOn });
    expect(b).toMatchObject({ erased: false, decision: { reason: 'legal-hold' } });
    expect(await job.releaseHold(officer, 'patient', held!.id)).toBe(true);

    const c = await job.erase(officer, refused!.id, {
      receivedOn,
      refusal: "needed for a sibling's hereditary diagnosis",
    });
    expect(c).toMatchObject({ erased: false, decision: { reason: 'refused' } });
    const refusal = await sql<{ details: Record<string, unknown> }>`
      select details from audit_event where event_type = 'retention.erase-request' and object_id = ${refused!.id}`.execute(
      t.app.loket.db,
    );
    expect(refusal.rows[0]!.details).toMatchObject({
      decision: 'refused',
      refusal: "needed for a sibling's hereditary diagnosis",
    });

    for (const d of [inUse, held!, refused!])
      expect(await count(`select count(*) as n from patient where id = '${d.id}'`)).toBe(1);
    expect(await count("select count(*) as n from audit_event where event_type = 'retention.erase'")).toBe(1);
  });

  it('R-SEC-04: 20 years after the last change, closed dossiers are deleted; held and open ones are kept; all audited', async () => {
    const future = addYears(new Date(), 21);
    const before = await job.review(future);
    const deletable = before.pastPeriod.filter((d) => !d.decision.keep);
    const inUse = before.pastPeriod.filter((d) => d.decision.reason === 'in-use');
    expect(deletable.length).toBeGreaterThan(1);
    expect(inUse.length).toBeGreaterThan(0);
    expect(before.withinPeriod).toBe(0);
    expect(before.auditPastMinimum).toBe(before.auditRecords);

    // A legal hold keeps one deletable dossier.
    const held = deletable.find((d) => d.root === 'patient')!;
    await job.placeHold(officer, held.root, held.id, 'complaint pending');
    // A document of its own in another deletable dossier, so the file's removal is seen for certain.
    let ownFile = '';
    for (const d of deletable.filter((x) => x.root === 'patient' && x.id !== held.id)) {
      const ref = await sql<{
        id: string;
      }>`select id from referral where patient_id = ${d.id} limit 1`.execute(t.app.loket.db);
      if (!ref.rows[0]) continue;
      const stored = await new DocumentStore(join(dataDir, 'documents')).save(
        Readable.from([Buffer.from(`retention test ${randomUUID()}\n`)]),
        { maxBytes: 1024, filename: 'note.txt' },
      );
      await sql`insert into referral_document (id, referral_id, kind, origin, filename, media_type, size, sha256, storage_key, uploaded_at)
        values (${randomUUID()}, ${ref.rows[0].id}, 'other', 'upload', ${stored.filename}, ${stored.mediaType}, ${stored.size},
                ${stored.sha256}, ${stored.storageKey}, now())`.execute(t.app.loket.db);
      ownFile = stored.storageKey;
      break;
    }
    expect(ownFile).not.toBe('');
    // A patient's login goes with their dossier.
    const withLogin = deletable.find((d) => d.root === 'patient' && d.id !== held.id)!;
    const login = await t.createUser(['patient']);
    await sql`insert into patient_account (user_id, patient_id) values (${login.id}, ${withLogin.id})`.execute(
      t.app.loket.db,
    );
    expect(existsSync(join(dataDir, 'documents', ownFile))).toBe(true);
    const filesBefore = await count('select count(distinct storage_key) as n from referral_document');
    const auditBefore = await count('select count(*) as n from audit_event');

    const result = await job.purge(officer, future);
    const deletedIds = result.deleted.map((d) => d.id);
    expect(deletedIds.sort()).toEqual(
      deletable
        .filter((d) => d.id !== held.id)
        .map((d) => d.id)
        .sort(),
    );
    expect(result.review.pastPeriod.find((d) => d.id === held.id)?.decision.reason).toBe('legal-hold');

    for (const d of result.deleted) {
      expect(await count(`select count(*) as n from ${d.root} where id = '${d.id}'`)).toBe(0);
      if (d.root === 'patient') {
        expect(await count(`select count(*) as n from referral where patient_id = '${d.id}'`)).toBe(0);
        expect(await count(`select count(*) as n from consent_record where patient_id = '${d.id}'`)).toBe(0);
      }
    }
    expect(await count(`select count(*) as n from "auth"."user" where id = '${login.id}'`)).toBe(0);
    expect(result.deleted.find((d) => d.id === withLogin.id)?.rows['auth.user']).toBe(1);
    // What was kept is still whole.
    expect(await count(`select count(*) as n from patient where id = '${held.id}'`)).toBe(1);
    for (const d of inUse)
      expect(await count(`select count(*) as n from ${d.root} where id = '${d.id}'`)).toBe(1);
    // No row points at a deleted dossier (foreign keys would refuse, but detached incidents must also be unlinked).
    expect(
      await count(
        'select count(*) as n from incident i where referral_id is not null and not exists (select 1 from referral r where r.id = i.referral_id)',
      ),
    ).toBe(0);

    // One audit record per deletion plus the review and the hold, and the chain still verifies (R-SEC-01).
    const deletions = await count(
      "select count(*) as n from audit_event where event_type = 'retention.delete'",
    );
    expect(deletions).toBe(result.deleted.length);
    expect(await count("select count(*) as n from audit_event where event_type = 'retention.review'")).toBe(
      1,
    );
    expect(await count('select count(*) as n from audit_event')).toBe(auditBefore + deletions + 1);
    expect((await t.app.loket.audit.verify()).ok).toBe(true);

    // Files of deleted dossiers are gone unless another row still uses them; every remaining reference has its file.
    const removed = result.deleted.reduce((n, d) => n + d.files, 0);
    expect(existsSync(join(dataDir, 'documents', ownFile))).toBe(false);
    expect(removed).toBeGreaterThan(0);
    const filesAfter = await count('select count(distinct storage_key) as n from referral_document');
    expect(filesAfter).toBeLessThanOrEqual(filesBefore);
    if (filesAfter < filesBefore) expect(removed).toBeGreaterThan(0);
    const keys = await sql<{
      storage_key: string;
    }>`select distinct storage_key from referral_document`.execute(t.app.loket.db);
    for (const k of keys.rows) expect(existsSync(join(dataDir, 'documents', k.storage_key))).toBe(true);

    // Releasing the hold lets the next run delete it.
    expect(await job.releaseHold(officer, held.root, held.id)).toBe(true);
    const again = await job.purge(officer, future);
    expect(again.deleted.map((d) => d.id)).toEqual([held.id]);
    expect((await t.app.loket.audit.verify()).ok).toBe(true);
  });

  it('R-SEC-04: a dry run lists and audits but deletes nothing', async () => {
    const patients = await count('select count(*) as n from patient');
    const r = await job.purge(systemActor, addYears(new Date(), 40), { dryRun: true });
    expect(r.deleted).toEqual([]);
    expect(await count('select count(*) as n from patient')).toBe(patients);
    expect(
      await count(
        "select count(*) as n from audit_event where event_type = 'retention.review' and details->>'dryRun' = 'true'",
      ),
    ).toBe(1);
  });
});
