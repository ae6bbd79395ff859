import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@loket/db';
import {
  addYears,
  auditMinimumEnds,
  closedStates,
  decideErasure,
  decideRetention,
  type ErasureDecision,
  type ErasureRequest,
  type InUseReason,
  type ReferralState,
  type RetentionDecision,
  type RetentionSettings,
} from '@loket/domain';
import type { AuditActor, AuditTrail } from '../audit/trail.ts';
import {
  collectDossier,
  deleteDossier,
  deletePatientLogins,
  dossierGraph,
  foreignKeys,
  lastChange,
  primaryKeys,
  storageKeyInUse,
  storageKeys,
  type Dossier,
  type DossierGraph,
  type DossierRoot,
} from './dossier.ts';

/**
 * The retention job (R-SEC-04): lists every dossier past its period with what keeps it (a legal hold, still in
 * use), and deletes the ones nothing keeps, each in a transaction with its own audit record. The review itself
 * is audited too. Audit records are counted against their minimum and never deleted (see the domain policy).
 */

export interface ReviewedDossier {
  root: DossierRoot;
  id: string;
  patientId: string | null;
  lastChange: Date;
  decision: RetentionDecision;
}

export interface RetentionReview {
  at: Date;
  settings: RetentionSettings;
  /** Every dossier past its period (deletable or kept by an exception). */
  pastPeriod: ReviewedDossier[];
  withinPeriod: number;
  auditRecords: number;
  /** Audit records older than the minimum: kept, since the chain is verified from its first record. */
  auditPastMinimum: number;
}

export interface PurgeResult {
  review: RetentionReview;
  deleted: { root: DossierRoot; id: string; rows: Record<string, number>; files: number }[];
}

export interface ErasureResult {
  patientId: string;
  /** False when no patient has that id (the attempt is audited all the same). */
  found: boolean;
  decision: ErasureDecision | null;
  /** Rows per table: what the dossier holds (dry run, kept) or what was deleted. */
  rows: Record<string, number>;
  erased: boolean;
  /** Document files removed (only those no other row still uses). */
  files: number;
}

const PATIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SAFE_KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}$/;

function inUseReasons(d: Dossier): InUseReason[] {
  const reasons = new Set<InUseReason>();
  for (const r of d.rows.get('referral') ?? [])
    if (!closedStates.has(r.state as ReferralState)) reasons.add('open-request');
  for (const r of d.rows.get('sudden_death_request') ?? [])
    if (r.state !== 'completed') reasons.add('open-request');
  for (const r of d.rows.get('letter_hold') ?? [])
    if (r.released_at === null) reasons.add('letter-waiting-for-consent');
  for (const r of d.rows.get('outbox_message') ?? [])
    if (r.status === 'pending' || r.status === 'failed') reasons.add('message-unsent');
  return [...reasons];
}

export class RetentionJob {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private readonly settings: RetentionSettings;
  /** The document store's folder (`<data>/documents`). */
  private readonly documentsDir: string;

  constructor(db: Kysely<Database>, audit: AuditTrail, settings: RetentionSettings, documentsDir: string) {
    this.db = db;
    this.audit = audit;
    this.settings = settings;
    this.documentsDir = documentsDir;
  }

  private async graph(): Promise<DossierGraph> {
    return dossierGraph(await foreignKeys(this.db), await primaryKeys(this.db));
  }

  /**
   * Roots whose own row is older than the cutoff: a dossier's last change is at least its root's, so a younger
   * root keeps the whole dossier and need not be walked.
   */
  private async candidates(cutoff: Date): Promise<{ root: DossierRoot; id: string }[]> {
    const patients = await sql<{ id: string }>`
      select id from patient where updated_at < ${cutoff} and created_at < ${cutoff} order by id`.execute(
      this.db,
    );
    const referrals = await sql<{ id: string }>`
      select id from referral where patient_id is null and updated_at < ${cutoff} order by id`.execute(
      this.db,
    );
    const sudden = await sql<{ id: string }>`
      select id from sudden_death_request where updated_at < ${cutoff} order by id`.execute(this.db);
    return [
      ...patients.rows.map((r) => ({ root: 'patient' as const, id: r.id })),
      ...referrals.rows.map((r) => ({ root: 'referral' as const, id: r.id })),
      ...sudden.rows.map((r) => ({ root: 'sudden_death_request' as const, id: r.id })),
    ];
  }

  private async holds(): Promise<Set<string>> {
    const r = await sql<{ root_table: string; root_id: string }>`
      select root_table, root_id from retention_hold`.execute(this.db);
    return new Set(r.rows.map((h) => `${h.root_table}:${h.root_id}`));
  }

  /** Lists; deletes nothing. `now` is a parameter so a test can look 20 years ahead. */
  async review(now = new Date()): Promise<RetentionReview> {
    const graph = await this.graph();
    const cutoff = addYears(now, -this.settings.recordYears);
    const holds = await this.holds();
    const pastPeriod: ReviewedDossier[] = [];
    for (const c of await this.candidates(cutoff)) {
      const d = await collectDossier(this.db, graph, c.root, c.id);
      const changed = lastChange(d);
      if (!changed) continue;
      const decision = decideRetention(
        { lastChange: changed, legalHold: holds.has(`${c.root}:${c.id}`), inUse: inUseReasons(d) },
        now,
        this.settings,
      );
      if (!(decision.keep && decision.reason === 'within-period'))
        pastPeriod.push({ ...c, patientId: patientOf(d), lastChange: changed, decision });
    }
    const total = await sql<{ n: number; past: number }>`
      select count(*)::int as n, count(*) filter (where occurred_at < ${auditMinimumEnds(now, this.settings)})::int as past
      from audit_event`.execute(this.db);
    const counted = await sql<{ n: number }>`
      select (select count(*) from patient)::int + (select count(*) from referral where patient_id is null)::int
           + (select count(*) from sudden_death_request)::int as n`.execute(this.db);
    return {
      at: now,
      settings: this.settings,
      pastPeriod,
      withinPeriod: counted.rows[0]!.n - pastPeriod.length,
      auditRecords: total.rows[0]!.n,
      auditPastMinimum: total.rows[0]!.past,
    };
  }

  /** Reviews, audits the review, and deletes what nothing keeps. */
  async purge(actor: AuditActor, now = new Date(), options: { dryRun?: boolean } = {}): Promise<PurgeResult> {
    const review = await this.review(now);
    const deletable = review.pastPeriod.filter((d) => !d.decision.keep);
    await this.audit.record(this.db, actor, {
      eventType: 'retention.review',
      action: 'E',
      objectType: 'retention',
      details: {
        dryRun: options.dryRun === true,
        recordYears: this.settings.recordYears,
        auditYears: this.settings.auditYears,
        pastPeriod: review.pastPeriod.length,
        deletable: deletable.length,
        legalHold: review.pastPeriod.filter((d) => d.decision.reason === 'legal-hold').length,
        inUse: review.pastPeriod.filter((d) => d.decision.reason === 'in-use').length,
        auditPastMinimum: review.auditPastMinimum,
      },
    });
    const deleted: PurgeResult['deleted'] = [];
    if (options.dryRun) return { review, deleted };
    const graph = await this.graph();
    for (const d of deletable) {
      // Decide again inside the transaction: a hold or a change may have come in since the review.
      const result = await this.deleteIf(actor, graph, d.root, d.id, (dossier, legalHold) => {
        const changed = lastChange(dossier);
        if (!changed) return null;
        const decision = decideRetention(
          { lastChange: changed, legalHold, inUse: inUseReasons(dossier) },
          now,
          this.settings,
        );
        if (decision.keep) return null;
        return {
          eventType: 'retention.delete',
          details: { lastChange: changed.toISOString(), keptUntil: decision.until.toISOString() },
        };
      });
      if (result) deleted.push({ root: d.root, id: d.id, ...result });
    }
    return { review, deleted };
  }

  /**
   * Deletes one dossier in a transaction of its own when `decide`, given the dossier and its hold as they are
   * inside that transaction, says so: children first, the patient's login accounts with it, and one audit record
   * with the rows per table (no personal data). Files go after the commit, and only when no row anywhere still
   * uses them (the store keeps one copy per content). Null when the dossier is gone or `decide` keeps it.
   */
  private async deleteIf(
    actor: AuditActor,
    graph: DossierGraph,
    root: DossierRoot,
    id: string,
    decide: (
      dossier: Dossier,
      legalHold: boolean,
    ) => { eventType: string; details: Record<string, unknown> } | null,
  ): Promise<{ rows: Record<string, number>; files: number } | null> {
    const result = await this.db.transaction().execute(async (trx) => {
      const hold =
        await sql`select 1 from retention_hold where root_table = ${root} and root_id = ${id}`.execute(trx);
      const dossier = await collectDossier(trx, graph, root, id);
      if ((dossier.rows.get(root) ?? []).length === 0) return null;
      const verdict = decide(dossier, hold.rows.length > 0);
      if (!verdict) return null;
      const rows = await deleteDossier(trx, graph, dossier);
      const logins = await deletePatientLogins(trx, dossier);
      if (logins > 0) rows['auth.user'] = logins;
      await this.audit.record(trx, actor, {
        eventType: verdict.eventType,
        action: 'D',
        patientId: patientOf(dossier),
        objectType: root,
        objectId: id,
        details: { ...verdict.details, rows },
      });
      return { rows, keys: storageKeys(dossier) };
    });
    if (!result) return null;
    let files = 0;
    for (const key of result.keys) {
      if (!SAFE_KEY.test(key) || (await storageKeyInUse(this.db, key))) continue;
      await unlink(join(this.documentsDir, key)).then(
        () => files++,
        (e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOENT') throw e;
        },
      );
    }
    return { rows: result.rows, files };
  }

  /**
   * The patient's written request to destroy their dossier (WGBO art. 7:455): decides with the domain's
   * `decideErasure` (a legal hold, the dossier still in use, or the officer's refusal keeps it), audits the
   * request and the decision (`retention.erase-request`, also for a dry run or an unknown patient), and, unless
   * a dry run, deletes the dossier like the retention job does, deciding again inside its transaction
   * (`retention.erase`). The patient is named by Loket's internal id only.
   */
  async erase(
    actor: AuditActor,
    patientId: string,
    request: ErasureRequest,
    options: { dryRun?: boolean; now?: Date } = {},
  ): Promise<ErasureResult> {
    // A BSN typed here by mistake must not reach the audit trail or the output: only the internal id is accepted.
    if (!PATIENT_ID.test(patientId))
      throw new RangeError("a patient is named by Loket's internal id (a UUID), never by BSN or name");
    const now = options.now ?? new Date();
    const graph = await this.graph();
    const dossier = await collectDossier(this.db, graph, 'patient', patientId);
    const rows = Object.fromEntries([...dossier.rows].map(([t, list]) => [t, list.length]));
    const receivedOn = request.receivedOn.toISOString().slice(0, 10);
    if ((dossier.rows.get('patient') ?? []).length === 0) {
      // Validate the request even so, then record the attempt.
      decideErasure({ legalHold: false, inUse: [] }, request, now);
      await this.audit.record(this.db, actor, {
        eventType: 'retention.erase-request',
        action: 'E',
        outcome: 'failure:not-found',
        objectType: 'patient',
        objectId: patientId,
        details: { dryRun: options.dryRun === true, receivedOn },
      });
      return { patientId, found: false, decision: null, rows: {}, erased: false, files: 0 };
    }
    const holds = await this.holds();
    const decision = decideErasure(
      { legalHold: holds.has(`patient:${patientId}`), inUse: inUseReasons(dossier) },
      request,
      now,
    );
    const outcome = decisionDetails(decision);
    await this.audit.record(this.db, actor, {
      eventType: 'retention.erase-request',
      action: 'E',
      patientId,
      objectType: 'patient',
      objectId: patientId,
      details: { dryRun: options.dryRun === true, receivedOn, ...outcome, rows },
    });
    if (options.dryRun || !decision.erase)
      return { patientId, found: true, decision, rows, erased: false, files: 0 };
    const done = await this.deleteIf(actor, graph, 'patient', patientId, (d, legalHold) => {
      const again = decideErasure({ legalHold, inUse: inUseReasons(d) }, request, now);
      return again.erase
        ? { eventType: 'retention.erase', details: { receivedOn, ...decisionDetails(again) } }
        : null;
    });
    if (!done) return { patientId, found: true, decision, rows, erased: false, files: 0 };
    return { patientId, found: true, decision, rows: done.rows, erased: true, files: done.files };
  }

  async placeHold(actor: AuditActor, root: DossierRoot, id: string, reason: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`insert into retention_hold (root_table, root_id, reason, placed_by)
                values (${root}, ${id}, ${reason}, ${actor.userId ?? actor.userName})
                on conflict (root_table, root_id) do update set reason = excluded.reason`.execute(trx);
      await this.audit.record(trx, actor, {
        eventType: 'retention.hold',
        action: 'C',
        patientId: root === 'patient' ? id : null,
        objectType: root,
        objectId: id,
        details: { reason },
      });
    });
  }

  async releaseHold(actor: AuditActor, root: DossierRoot, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await sql`delete from retention_hold where root_table = ${root} and root_id = ${id}`.execute(
        trx,
      );
      const released = Number(r.numAffectedRows ?? 0) > 0;
      await this.audit.record(trx, actor, {
        eventType: 'retention.release',
        action: 'D',
        outcome: released ? 'success' : 'failure:no-hold',
        patientId: root === 'patient' ? id : null,
        objectType: root,
        objectId: id,
      });
      return released;
    });
  }
}

/** What the audit record says of an erasure decision: dates and reasons, no personal data. */
function decisionDetails(d: ErasureDecision): Record<string, unknown> {
  return {
    decision: d.erase ? 'erase' : d.reason,
    dueBy: d.dueBy.toISOString().slice(0, 10),
    overdue: d.overdue,
    ...(!d.erase && d.reason === 'in-use' ? { inUse: d.inUse } : {}),
    ...(!d.erase && d.reason === 'refused' ? { refusal: d.refusal } : {}),
  };
}

function patientOf(d: Dossier): string | null {
  if (d.root === 'patient') return d.id;
  const r = d.rows.get(d.root)?.[0];
  return typeof r?.patient_id === 'string' ? r.patient_id : null;
}
