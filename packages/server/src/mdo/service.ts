import type { Kysely, Transaction } from 'kysely';
import { findReferral, insertEvent, lockReferral, type Database } from '@loket/db';
import {
  conclusionSummary,
  decideAgenda,
  decideConclusion,
  MdoCaseInputSchema,
  MdoConclusionInputSchema,
  MdoMeetingInputSchema,
  type ReferralState,
} from '@loket/domain';
import type { z } from 'zod';
import type { AuditTrail } from '../audit/trail.ts';
import type { CatalogService } from '../catalog/service.ts';
import { HttpError } from '../http/errors.ts';
import type { ReferralActor } from '../referrals/actor.ts';
import type { ReferralService } from '../referrals/service.ts';

/**
 * The multidisciplinary meeting (R-SO-07, R-COM-01). Putting a seen case on the agenda takes the referral's
 * `refer-to-mdo` step and recording the conclusion its `complete` step, each in the same transaction as the MDO
 * rows, so the state machine, timeline, audit and letters of the referral loop apply unchanged.
 */
function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input ?? {});
  if (!r.success)
    throw new HttpError(400, 'invalid-input', {
      problems: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  return r.data;
}

const patientName = (p: unknown) => {
  const x = p as Record<string, string | null>;
  return [x.givenName, x.familyName].filter(Boolean).join(' ');
};

export class MdoService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private readonly catalog: CatalogService;
  private readonly referrals: ReferralService;

  constructor(deps: {
    db: Kysely<Database>;
    audit: AuditTrail;
    catalog: CatalogService;
    referrals: ReferralService;
  }) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.catalog = deps.catalog;
    this.referrals = deps.referrals;
  }

  /** A meeting of one of the actor's departments; others are not found, so they do not leak. */
  private async meetingOf(ex: Kysely<Database> | Transaction<Database>, actor: ReferralActor, id: string) {
    const m = await ex.selectFrom('mdo_meeting').selectAll().where('id', '=', id).executeTakeFirst();
    if (!m || !actor.departmentIds.includes(m.department_id)) throw new HttpError(404, 'not-found');
    return m;
  }

  /** Meetings of the actor's departments from a week ago on, soonest first. */
  async meetings(actor: ReferralActor) {
    if (actor.departmentIds.length === 0) return [];
    const since = new Date(Date.now() - 7 * 86_400_000);
    const rows = await this.db
      .selectFrom('mdo_meeting as m')
      .leftJoin('mdo_case as c', 'c.meeting_id', 'm.id')
      .select((eb) => [
        'm.id',
        'm.department_id',
        'm.title',
        'm.starts_at',
        'm.location',
        eb.fn.count<string>('c.id').as('cases'),
        eb.fn.count<string>('c.concluded_at').as('concluded'),
      ])
      .where('m.department_id', 'in', actor.departmentIds)
      .where('m.starts_at', '>=', since)
      .groupBy(['m.id', 'm.department_id', 'm.title', 'm.starts_at', 'm.location'])
      .orderBy('m.starts_at')
      .execute();
    return rows.map((m) => ({
      id: m.id,
      departmentId: m.department_id,
      title: m.title,
      startsAt: new Date(m.starts_at).toISOString(),
      location: m.location,
      past: new Date(m.starts_at).getTime() < Date.now(),
      cases: Number(m.cases),
      concluded: Number(m.concluded),
    }));
  }

  async schedule(actor: ReferralActor, input: unknown): Promise<string> {
    const m = parse(MdoMeetingInputSchema, input);
    if (!actor.departmentIds.includes(m.departmentId))
      throw new HttpError(400, 'invalid-input', {
        problems: [{ path: 'departmentId', message: 'Choose one of your own departments' }],
      });
    if (!(await this.catalog.snapshot()).departments.some((d) => d.department.id === m.departmentId))
      throw new HttpError(400, 'invalid-input', {
        problems: [{ path: 'departmentId', message: `There is no department "${m.departmentId}"` }],
      });
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('mdo_meeting')
        .values({
          department_id: m.departmentId,
          title: m.title,
          starts_at: new Date(m.startsAt),
          location: m.location,
          created_by: actor.userId,
          created_by_name: actor.name,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor.audit, {
        eventType: 'mdo.schedule',
        action: 'C',
        objectType: 'mdo_meeting',
        objectId: row.id,
        details: { departmentId: m.departmentId, startsAt: m.startsAt },
      });
      return row.id;
    });
  }

  /** A meeting with its agenda, and the department's cases that could still go on it. Reading it is audited. */
  async meeting(actor: ReferralActor, id: string) {
    const m = await this.meetingOf(this.db, actor, id);
    const cases = await this.db
      .selectFrom('mdo_case as c')
      .innerJoin('referral as r', 'r.id', 'c.referral_id')
      .select([
        'c.id',
        'c.referral_id',
        'c.question',
        'c.added_by_name',
        'c.added_at',
        'c.diagnosis',
        'c.treatment_advice',
        'c.concluded_at',
        'c.concluded_by_name',
        'r.reference',
        'r.kind',
        'r.state',
        'r.patient',
        'r.patient_id',
      ])
      .where('c.meeting_id', '=', id)
      .orderBy('c.added_at')
      .execute();
    const candidates = await this.db
      .selectFrom('referral as r')
      .select(['r.id', 'r.reference', 'r.kind', 'r.state', 'r.patient'])
      .where('r.department_id', '=', m.department_id)
      .where('r.state', 'in', ['seen', 'awaiting-mdo'])
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('mdo_case as c')
              .select('c.id')
              .whereRef('c.referral_id', '=', 'r.id')
              .where('c.concluded_at', 'is', null),
          ),
        ),
      )
      .orderBy('r.updated_at')
      .limit(100)
      .execute();
    // Letters and their delivery per case: the report to the family doctor and the copy (R-COM-01, R-COM-03).
    const ids = cases.map((c) => c.referral_id);
    const letters = ids.length
      ? await this.db
          .selectFrom('letter as l')
          .leftJoin('outbox_message as o', 'o.letter_id', 'l.id')
          .select([
            'l.id',
            'l.referral_id',
            'l.recipient_role',
            'l.recipient_name',
            'l.created_at',
            'l.channel',
            'o.status',
            'o.sent_at',
          ])
          .where('l.referral_id', 'in', ids)
          .where('l.type', '=', 'mdo-report')
          .orderBy('l.created_at')
          .execute()
      : [];
    await this.audit.record(this.db, actor.audit, {
      eventType: 'mdo.read',
      action: 'R',
      objectType: 'mdo_meeting',
      objectId: id,
      details: { cases: cases.length, referrals: ids },
    });
    const now = Date.now();
    return {
      id: m.id,
      departmentId: m.department_id,
      title: m.title,
      startsAt: new Date(m.starts_at).toISOString(),
      location: m.location,
      createdBy: m.created_by_name,
      upcoming: new Date(m.starts_at).getTime() >= now,
      // The conclusion may be typed in from a quarter of an hour before the start (see decideConclusion).
      conclusionsOpen: new Date(m.starts_at).getTime() - 15 * 60_000 <= now,
      agenda: cases.map((c) => ({
        id: c.id,
        referralId: c.referral_id,
        reference: c.reference,
        kind: c.kind,
        state: c.state,
        patientName: patientName(c.patient),
        question: c.question,
        addedBy: c.added_by_name,
        addedAt: c.added_at,
        conclusion: c.concluded_at
          ? {
              diagnosis: c.diagnosis,
              treatmentAdvice: c.treatment_advice,
              at: c.concluded_at,
              by: c.concluded_by_name,
            }
          : null,
        reports: letters
          .filter((l) => l.referral_id === c.referral_id)
          .map((l) => ({
            letterId: l.id,
            recipientRole: l.recipient_role,
            recipientName: l.recipient_name,
            createdAt: l.created_at,
            channel: l.channel,
            status: l.status ?? (l.channel === 'none' ? 'kept' : 'queued'),
            sentAt: l.sent_at,
          })),
      })),
      candidates: candidates.map((c) => ({
        referralId: c.id,
        reference: c.reference,
        kind: c.kind,
        state: c.state,
        patientName: patientName(c.patient),
      })),
    };
  }

  private async insertCase(
    trx: Transaction<Database>,
    actor: ReferralActor,
    meetingId: string,
    referralId: string,
    stateBefore: ReferralState,
    question: string | null,
  ) {
    const m = await this.meetingOf(trx, actor, meetingId);
    const r = await lockReferral(trx, referralId);
    if (!r) throw new HttpError(404, 'not-found');
    const open = await trx
      .selectFrom('mdo_case')
      .select('id')
      .where('referral_id', '=', referralId)
      .where('concluded_at', 'is', null)
      .executeTakeFirst();
    const d = decideAgenda({
      state: stateBefore,
      referralDepartmentId: r.department_id,
      meetingDepartmentId: m.department_id,
      meetingStartsAt: new Date(m.starts_at),
      now: new Date(),
      onAgenda: !!open,
    });
    if (!d.allowed) throw new HttpError(409, 'mdo-not-allowed', { reason: d.reason });
    const now = new Date();
    const row = await trx
      .insertInto('mdo_case')
      .values({
        meeting_id: meetingId,
        referral_id: referralId,
        question,
        added_by: actor.userId,
        added_by_name: actor.name,
        added_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertEvent(trx, {
      referral_id: referralId,
      at: now,
      actor_user_id: actor.userId,
      actor_name: actor.name,
      actor_role: actor.roles.join(','),
      type: 'mdo-scheduled',
      from_state: null,
      to_state: null,
      note: question,
      visibility: 'professionals',
      data: { meeting: m.id, title: m.title, startsAt: new Date(m.starts_at).toISOString() },
    });
    await this.audit.record(trx, actor.audit, {
      eventType: 'mdo.add-case',
      action: 'C',
      objectType: 'mdo_case',
      objectId: row.id,
      patientId: r.patient_id,
      details: { meeting: m.id, referral: r.reference },
    });
  }

  /**
   * Puts a case on the agenda (R-SO-07). A referral the specialist has seen takes the `refer-to-mdo` step in the
   * same transaction; one already referred to the MDO just gets its place on the agenda.
   */
  async addCase(actor: ReferralActor, meetingId: string, input: unknown): Promise<void> {
    const c = parse(MdoCaseInputSchema, input);
    await this.meetingOf(this.db, actor, meetingId);
    const r = await this.referrals.visible(actor, c.referralId);
    if (r.state === 'seen') {
      await this.referrals.act(actor, r.id, 'refer-to-mdo', { note: c.question }, null, {
        within: (trx) => this.insertCase(trx, actor, meetingId, r.id, 'seen', c.question),
      });
      return;
    }
    await this.db.transaction().execute(async (trx) => {
      const locked = await lockReferral(trx, r.id);
      await this.insertCase(
        trx,
        actor,
        meetingId,
        r.id,
        (locked?.state ?? r.state) as ReferralState,
        c.question,
      );
    });
  }

  /**
   * The conclusion of a case (R-SO-07): diagnosis and treatment advice. It completes the referral, and the report
   * goes to the family doctor at once with a copy to the referring specialist (R-COM-01), in this transaction.
   */
  async conclude(actor: ReferralActor, meetingId: string, caseId: string, input: unknown): Promise<void> {
    const c = parse(MdoConclusionInputSchema, input);
    const m = await this.meetingOf(this.db, actor, meetingId);
    const row = await this.db
      .selectFrom('mdo_case')
      .selectAll()
      .where('id', '=', caseId)
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    if (!row) throw new HttpError(404, 'not-found');
    const r = await findReferral(this.db, row.referral_id);
    if (!r) throw new HttpError(404, 'not-found');
    const d = decideConclusion({
      state: r.state as ReferralState,
      meetingStartsAt: new Date(m.starts_at),
      now: new Date(),
      concluded: row.concluded_at !== null,
    });
    if (!d.allowed) throw new HttpError(409, 'mdo-conclusion-not-allowed', { reason: d.reason });
    const mdo = {
      meetingTitle: m.title,
      meetingAt: new Date(m.starts_at).toISOString(),
      diagnosis: c.diagnosis,
      treatmentAdvice: c.treatmentAdvice,
    };
    await this.referrals.act(
      actor,
      r.id,
      'complete',
      { summary: conclusionSummary(c), endOfTreatment: false },
      null,
      {
        notify: { mdo },
        within: async (trx) => {
          const done = await trx
            .updateTable('mdo_case')
            .set({
              diagnosis: c.diagnosis,
              treatment_advice: c.treatmentAdvice,
              concluded_at: new Date(),
              concluded_by: actor.userId,
              concluded_by_name: actor.name,
            })
            .where('id', '=', caseId)
            .where('concluded_at', 'is', null)
            .executeTakeFirst();
          // Two people concluding at once: the second finds it done and nothing of theirs is kept.
          if (Number(done.numUpdatedRows) !== 1)
            throw new HttpError(409, 'mdo-conclusion-not-allowed', { reason: 'already-concluded' });
          await this.audit.record(trx, actor.audit, {
            eventType: 'mdo.conclude',
            action: 'U',
            objectType: 'mdo_case',
            objectId: caseId,
            patientId: r.patient_id,
            details: { meeting: m.id, referral: r.reference },
          });
        },
      },
    );
  }
}
