import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  findIncident,
  incidentList,
  incidentsOfReporter,
  insertIncidentEvent,
  lockIncident,
  nextIncidentReference,
  type Database,
  type IncidentRow,
} from '@loket/db';
import {
  canView,
  decideIncidentAction,
  incidentAccess,
  IncidentActionInputSchemas,
  IncidentMessageInputSchema,
  IncidentReportInputSchema,
  mayWriteIncidentMessage,
  problemsOf,
  type IncidentAccess,
  type IncidentAction,
  type IncidentState,
  type Language,
} from '@loket/domain';
import type { z } from 'zod';
import type { AuditTrail } from '../audit/trail.ts';
import type { CatalogService } from '../catalog/service.ts';
import { HttpError } from '../http/errors.ts';
import { claimIdempotency, recordIdempotency, type IdempotencyClaim } from '../http/idempotency.ts';
import type { ReferralActor } from '../referrals/actor.ts';
import { referralFacts } from '../referrals/service.ts';
import { mailMessage, mailStateChange, type IncidentMailContext } from './notifications.ts';

/**
 * Transmural incident reports (R-INC-01): a reporter files one, the transmural team triages, investigates and
 * closes it with a conclusion, and both write messages. Every change is one transaction with its history event,
 * its audit record (R-SEC-01) and the e-mail to the reporter.
 */
export interface VisibleIncident {
  row: IncidentRow;
  access: IncidentAccess;
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw new HttpError(400, 'invalid-input', { problems: problemsOf(r.error) });
  return r.data;
}

export class IncidentService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private readonly catalog: CatalogService;
  private readonly publicUrl: string;

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail; catalog: CatalogService; publicUrl: string }) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.catalog = deps.catalog;
    this.publicUrl = deps.publicUrl;
  }

  /** The contact details of the report form, prefilled from the account; the reporter may change them. */
  async reporterDefaults(actor: ReferralActor) {
    const organisation = actor.organisationId
      ? await this.db
          .selectFrom('organisation')
          .select('name')
          .where('id', '=', actor.organisationId)
          .executeTakeFirst()
      : undefined;
    return { name: actor.name, organisation: organisation?.name ?? null, phone: null, email: actor.email };
  }

  /** A referral the reporter can see, by its reference; any other answers like an unknown one. */
  private async linkedReferral(actor: ReferralActor, reference: string | null) {
    if (!reference) return null;
    const r = await this.db
      .selectFrom('referral')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirst();
    if (!r || r.state === 'draft' || !canView(actor, referralFacts(r)))
      throw new HttpError(400, 'invalid-input', {
        problems: [
          {
            path: 'referralReference',
            message: 'You have no referral with this reference; check the number',
          },
        ],
      });
    return r;
  }

  async report(actor: ReferralActor, input: unknown, idem: IdempotencyClaim | null): Promise<IncidentRow> {
    const report = parse(IncidentReportInputSchema, input);
    // Read before the transaction: PGlite has one connection.
    const snapshot = await this.catalog.snapshot();
    if (!snapshot.departments.some((d) => d.department.id === report.departmentId))
      throw new HttpError(400, 'invalid-input', {
        problems: [{ path: 'departmentId', message: `There is no department "${report.departmentId}"` }],
      });
    const referral = await this.linkedReferral(actor, report.referralReference);
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const now = new Date();
      const row = await trx
        .insertInto('incident')
        .values({
          id: randomUUID(),
          reference: await nextIncidentReference(trx, now.getFullYear()),
          state: 'received',
          reported_by: actor.userId,
          reporter: JSON.stringify(report.reporter),
          occurred_on: report.occurredOn,
          occurred_until: report.occurredUntil,
          description: report.description,
          suggestions: report.suggestions,
          department_id: report.departmentId,
          care_setting: report.careSetting,
          patient: JSON.stringify(report.patient),
          consequences: report.consequences,
          action_taken: report.actionTaken,
          referral_id: referral?.id ?? null,
          conclusion: null,
          created_at: now,
          updated_at: now,
          closed_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.event(trx, row, actor, 'reporter', 'reported', { to: 'received' });
      await this.audit.record(trx, actor.audit, {
        eventType: 'incident.create',
        action: 'C',
        objectType: 'incident',
        objectId: row.id,
        patientId: referral?.patient_id ?? null,
        details: { reference: row.reference, referral: referral?.reference ?? null },
      });
      await recordIdempotency(trx, idem, 201, { id: row.id });
      return row;
    });
  }

  private async event(
    trx: Transaction<Database>,
    r: IncidentRow,
    actor: ReferralActor,
    side: 'reporter' | 'team',
    type: 'reported' | 'state-changed' | 'message',
    extra: { from?: string; to?: string; note?: string | null } = {},
  ) {
    await insertIncidentEvent(trx, {
      incident_id: r.id,
      at: new Date(),
      actor_user_id: actor.userId,
      actor_name: actor.name,
      side,
      type,
      from_state: extra.from ?? null,
      to_state: extra.to ?? null,
      note: extra.note ?? null,
    });
  }

  /** The patient a linked referral names, for the audit trail. */
  private async patientOf(executor: Kysely<Database> | Transaction<Database>, r: IncidentRow) {
    if (!r.referral_id) return null;
    const ref = await executor
      .selectFrom('referral')
      .select('patient_id')
      .where('id', '=', r.referral_id)
      .executeTakeFirst();
    return ref?.patient_id ?? null;
  }

  async visible(actor: ReferralActor, id: string): Promise<VisibleIncident> {
    const row = await findIncident(this.db, id);
    const access = row ? incidentAccess(actor, { reportedBy: row.reported_by }) : null;
    if (!row || !access) throw new HttpError(404, 'not-found');
    return { row, access };
  }

  async read(actor: ReferralActor, id: string): Promise<VisibleIncident> {
    const found = await this.visible(actor, id);
    await this.audit.record(this.db, actor.audit, {
      eventType: 'incident.read',
      action: 'R',
      objectType: 'incident',
      objectId: id,
      patientId: await this.patientOf(this.db, found.row),
      details: { reference: found.row.reference },
    });
    return found;
  }

  /** The team sees every report (optionally by state); anyone else their own. */
  async list(actor: ReferralActor, f: { states?: IncidentState[]; limit: number }) {
    const team = actor.roles.includes('transmural-team');
    const rows = team
      ? await incidentList(this.db, { ...(f.states ? { states: f.states } : {}), limit: f.limit })
      : await incidentsOfReporter(this.db, actor.userId, f.limit);
    await this.audit.record(this.db, actor.audit, {
      eventType: 'incident.list',
      action: 'R',
      objectType: 'incident',
      details: { returned: rows.length, scope: team ? 'all' : 'own' },
    });
    return { rows, access: (team ? 'team' : 'reporter') as IncidentAccess };
  }

  private async mailContext(r: IncidentRow): Promise<Omit<IncidentMailContext, 'trx'>> {
    const profile = await this.db
      .selectFrom('user_profile')
      .select('locale')
      .where('user_id', '=', r.reported_by)
      .executeTakeFirst();
    return {
      publicUrl: this.publicUrl,
      language: (profile?.locale ?? 'nl') as Language,
      recipient: r.reporter.email,
      reference: r.reference,
    };
  }

  /** A step of the transmural team: triage, investigate, or close with the conclusion and measures. */
  async act(
    actor: ReferralActor,
    id: string,
    action: IncidentAction,
    input: unknown,
    idem: IdempotencyClaim | null,
  ): Promise<VisibleIncident> {
    const parsed = parse(IncidentActionInputSchemas[action] as z.ZodType, input ?? {}) as {
      note?: string | null;
      conclusion?: string;
    };
    const before = await this.visible(actor, id);
    const mail = await this.mailContext(before.row);
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const r = await lockIncident(trx, id);
      if (!r) throw new HttpError(404, 'not-found');
      const access = incidentAccess(actor, { reportedBy: r.reported_by });
      const d = decideIncidentAction(action, access, r.state);
      if (!d.allowed) {
        if (d.reason === 'not-permitted') throw new HttpError(403, 'not-permitted');
        throw new HttpError(409, 'incident-step-not-allowed', { state: r.state });
      }
      const now = new Date();
      const row = await trx
        .updateTable('incident')
        .set({
          state: d.to,
          updated_at: now,
          version: r.version + 1,
          ...(action === 'close' ? { conclusion: parsed.conclusion!, closed_at: now } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.event(trx, row, actor, 'team', 'state-changed', {
        from: r.state,
        to: d.to,
        note: action === 'close' ? parsed.conclusion! : (parsed.note ?? null),
      });
      await this.audit.record(trx, actor.audit, {
        eventType: `incident.${action}`,
        action: 'U',
        objectType: 'incident',
        objectId: id,
        patientId: await this.patientOf(trx, row),
        details: { reference: row.reference, from: r.state, to: d.to },
      });
      await mailStateChange({ ...mail, trx }, d.to);
      await recordIdempotency(trx, idem, 200, { id });
      return { row, access: access! };
    });
  }

  /** A message between the team and the reporter, while the report is open. */
  async message(
    actor: ReferralActor,
    id: string,
    input: unknown,
    idem: IdempotencyClaim | null,
  ): Promise<VisibleIncident> {
    const { text } = parse(IncidentMessageInputSchema, input);
    const before = await this.visible(actor, id);
    const mail = await this.mailContext(before.row);
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const r = await lockIncident(trx, id);
      if (!r) throw new HttpError(404, 'not-found');
      const access = incidentAccess(actor, { reportedBy: r.reported_by });
      if (!access) throw new HttpError(404, 'not-found');
      if (!mayWriteIncidentMessage(access, r.state))
        throw new HttpError(409, 'incident-step-not-allowed', { state: r.state });
      const row = await trx
        .updateTable('incident')
        .set({ updated_at: new Date(), version: r.version + 1 })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.event(trx, row, actor, access === 'team' ? 'team' : 'reporter', 'message', { note: text });
      await this.audit.record(trx, actor.audit, {
        eventType: 'incident.message',
        action: 'C',
        objectType: 'incident',
        objectId: id,
        patientId: await this.patientOf(trx, row),
        details: { reference: row.reference, side: access },
      });
      if (access === 'team' && r.reported_by !== actor.userId) await mailMessage({ ...mail, trx });
      await recordIdempotency(trx, idem, 201, { id });
      return { row, access };
    });
  }
}
