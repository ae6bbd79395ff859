import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import {
  findSuddenDeathRequest,
  insertSuddenDeathEvent,
  lockSuddenDeathRequest,
  nextSuddenDeathReference,
  suddenDeathCases,
  suddenDeathEvents,
  suddenDeathForm,
  suddenDeathRequestsBy,
  type Database,
  type SuddenDeathRequestSummary,
} from '@loket/db';
import {
  decideSuddenDeathStep,
  resolveText,
  suddenDeathSteps,
  type Language,
  type SuddenDeathAction,
  type SuddenDeathRequest,
  type SuddenDeathState,
} from '@loket/domain';
import type { AuditActor, AuditTrail } from '../audit/trail.ts';
import type { CatalogService } from '../catalog/service.ts';
import { HttpError } from '../http/errors.ts';
import { claimIdempotency, recordIdempotency, type IdempotencyClaim } from '../http/idempotency.ts';
import { sha256Hex } from '../letters/letters.ts';
import { todayInAmsterdam } from '../settings/service.ts';
import { renderSuddenDeathForm } from './form.ts';

/**
 * The departments whose staff handle the requests: clinical genetics keeps and examines the DNA; pathology
 * receives pots and bodies around the clock (when the hospital's catalog has that department).
 */
export const SUDDEN_DEATH_DEPARTMENTS: readonly string[] = ['clinical-genetics', 'pathology'];

export interface SuddenDeathActor {
  userId: string;
  name: string;
  organisationId: string | null;
  departmentIds: readonly string[];
  audit: AuditActor;
}

export function suddenDeathActor(request: FastifyRequest): SuddenDeathActor {
  if (!request.principal || !request.account) throw new HttpError(401, 'sign-in-required');
  return {
    userId: request.principal.userId,
    name: request.account.name,
    organisationId: request.principal.organisationId,
    departmentIds: request.principal.departmentIds,
    audit: request.actor,
  };
}

type Viewer = 'requester' | 'staff';

function summary(r: SuddenDeathRequestSummary) {
  const d = r.deceased;
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    state: r.state,
    deceased: {
      name: [d.givenName, d.familyName].filter(Boolean).join(' '),
      givenName: d.givenName ?? null,
      familyName: d.familyName ?? '',
      sex: d.sex ?? null,
      birthDate: d.birthDate ?? null,
      deathDate: d.deathDate ?? null,
    },
    requesterName: r.requester.name ?? null,
    familyMemberRegisteredAt: r.family_member_registered_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Requests after a sudden death (R-SD-01). A family doctor sees their own requests; the staff of clinical
 * genetics and pathology see all of them; anyone else gets 404 for a single request (R-SEC-03). Every read and
 * change writes an audit record (R-SEC-01).
 */
export class SuddenDeathService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private readonly catalog: CatalogService;

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail; catalog: CatalogService }) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.catalog = deps.catalog;
  }

  private isHandler(actor: SuddenDeathActor): boolean {
    return actor.departmentIds.some((d) => SUDDEN_DEATH_DEPARTMENTS.includes(d));
  }

  private canSee(actor: SuddenDeathActor, r: SuddenDeathRequestSummary, as: Viewer): boolean {
    return as === 'staff' ? this.isHandler(actor) : r.requested_by === actor.userId;
  }

  /** Files the request and keeps its printable form; returns the id. */
  async create(
    actor: SuddenDeathActor,
    input: SuddenDeathRequest,
    language: Language,
    idem: IdempotencyClaim | null,
  ): Promise<string> {
    const snapshot = await this.catalog.snapshot();
    const hospital = {
      name: resolveText(snapshot.hospital.name, language).text,
      phone: snapshot.hospital.mainPhone,
    };
    const now = new Date();
    const date = todayInAmsterdam(now);
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const reference = await nextSuddenDeathReference(trx, Number(date.slice(0, 4)));
      const pdf = await renderSuddenDeathForm({
        language,
        date,
        reference,
        kind: input.kind,
        hospital,
        deceased: input.deceased,
        biopsyCount: input.biopsies?.count ?? null,
        requester: input.requester,
      });
      const row = await trx
        .insertInto('sudden_death_request')
        .values({
          reference,
          kind: input.kind,
          state: 'requested',
          deceased: JSON.stringify(input.deceased),
          biopsies: input.biopsies ? JSON.stringify(input.biopsies) : null,
          autopsy: input.autopsy ? JSON.stringify(input.autopsy) : null,
          requester: JSON.stringify(input.requester),
          note: input.note,
          requested_by: actor.userId,
          organisation_id: actor.organisationId,
          created_at: now,
          updated_at: now,
          form_language: language,
          form_pdf: pdf,
          form_sha256: sha256Hex(pdf),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertSuddenDeathEvent(trx, {
        request_id: row.id,
        at: now,
        type: 'requested',
        actor_user_id: actor.userId,
        actor_name: actor.name,
      });
      await this.audit.record(trx, actor.audit, {
        eventType: 'sudden-death.request.create',
        action: 'C',
        objectType: 'sudden-death-request',
        objectId: row.id,
        details: { reference, kind: input.kind },
      });
      await recordIdempotency(trx, idem, 201, { id: row.id });
      return row.id;
    });
  }

  /** A family doctor's own requests. */
  async mine(actor: SuddenDeathActor, limit: number) {
    const rows = await suddenDeathRequestsBy(this.db, actor.userId, limit);
    await this.audit.record(this.db, actor.audit, {
      eventType: 'sudden-death.request.list',
      action: 'R',
      objectType: 'sudden-death-request',
      details: { returned: rows.length },
    });
    return rows.map(summary);
  }

  /** The hospital's list; only for staff of the handling departments. */
  async cases(actor: SuddenDeathActor, open: boolean, limit: number) {
    if (!this.isHandler(actor)) throw new HttpError(403, 'not-permitted');
    const rows = await suddenDeathCases(this.db, { open, limit });
    await this.audit.record(this.db, actor.audit, {
      eventType: 'sudden-death.case.list',
      action: 'R',
      objectType: 'sudden-death-request',
      details: { open, returned: rows.length },
    });
    return rows.map(summary);
  }

  private async visible(actor: SuddenDeathActor, id: string, as: Viewer) {
    const r = await findSuddenDeathRequest(this.db, id);
    if (!r || !this.canSee(actor, r, as)) throw new HttpError(404, 'not-found');
    return r;
  }

  /** One request with its timeline; staff also see the steps they may take, and why a step is refused. */
  async view(actor: SuddenDeathActor, id: string, as: Viewer, reason: 'read' | 'change') {
    const r = await this.visible(actor, id, as);
    const events = await suddenDeathEvents(this.db, r.id);
    if (reason === 'read')
      await this.audit.record(this.db, actor.audit, {
        eventType: `sudden-death.${as === 'staff' ? 'case' : 'request'}.read`,
        action: 'R',
        objectType: 'sudden-death-request',
        objectId: r.id,
      });
    const facts = {
      kind: r.kind,
      state: r.state,
      familyMemberRegistered: r.family_member_registered_at !== null,
    };
    return {
      ...summary(r),
      biopsies: r.biopsies,
      autopsy: r.autopsy,
      requester: r.requester,
      note: r.note,
      timeline: events.map((e) => ({
        at: e.at,
        type: e.type,
        // The family doctor sees what happened and when; who and the notes are the hospital's working record.
        ...(as === 'staff' ? { actorName: e.actor_name, data: e.data } : {}),
      })),
      ...(as === 'staff'
        ? {
            steps: suddenDeathSteps(facts).map((s) => ({
              action: s.action,
              allowed: s.decision.allowed,
              reason: s.decision.allowed ? null : s.decision.reason,
            })),
          }
        : {}),
    };
  }

  async form(actor: SuddenDeathActor, id: string, as: Viewer): Promise<{ filename: string; pdf: Buffer }> {
    const r = await this.visible(actor, id, as);
    const form = await suddenDeathForm(this.db, r.id);
    if (!form) throw new HttpError(404, 'not-found');
    const pdf = Buffer.isBuffer(form.pdf)
      ? form.pdf
      : Buffer.from(form.pdf.buffer, form.pdf.byteOffset, form.pdf.byteLength);
    if (sha256Hex(pdf) !== form.sha256)
      throw new Error(`sudden-death form ${r.id}: the stored PDF does not match its SHA-256`);
    await this.audit.record(this.db, actor.audit, {
      eventType: 'sudden-death.form.download',
      action: 'R',
      objectType: 'sudden-death-request',
      objectId: r.id,
    });
    return { filename: `${form.kind}-${form.reference}.pdf`, pdf };
  }

  /** A step of the hospital: receipt, storage, a family member's registration, examination, completion. */
  async step(
    actor: SuddenDeathActor,
    id: string,
    action: SuddenDeathAction,
    input: Record<string, unknown>,
  ): Promise<void> {
    if (!this.isHandler(actor)) throw new HttpError(404, 'not-found');
    await this.db.transaction().execute(async (trx) => {
      const r = await lockSuddenDeathRequest(trx, id);
      if (!r) throw new HttpError(404, 'not-found');
      const decision = decideSuddenDeathStep(
        { kind: r.kind, state: r.state, familyMemberRegistered: r.family_member_registered_at !== null },
        action,
      );
      if (!decision.allowed)
        throw new HttpError(
          409,
          decision.reason === 'no-family-member-registered'
            ? 'sudden-death-no-family-member'
            : 'sudden-death-step-not-allowed',
          { state: r.state, reason: decision.reason },
        );
      const now = new Date();
      await trx
        .updateTable('sudden_death_request')
        .set({
          state: decision.to as SuddenDeathState,
          updated_at: now,
          version: r.version + 1,
          ...(action === 'register-family-member'
            ? { family_member_registered_at: String(input.registeredOn) }
            : {}),
        })
        .where('id', '=', id)
        .execute();
      await insertSuddenDeathEvent(trx, {
        request_id: id,
        at: now,
        type: action,
        actor_user_id: actor.userId,
        actor_name: actor.name,
        data: input,
      });
      await this.audit.record(trx, actor.audit, {
        eventType: `sudden-death.${action}`,
        action: 'U',
        objectType: 'sudden-death-request',
        objectId: id,
        details: { reference: r.reference, from: r.state, to: decision.to },
      });
    });
  }
}
