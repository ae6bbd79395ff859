import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  findReferral,
  insertEvent,
  likelyDuplicates,
  lockReferral,
  nextReferralReference,
  nextReferralReferenceSql,
  type Database,
  type ReferralRow,
} from '@loket/db';
import {
  ActionInputSchemas,
  canView,
  computeDeadline,
  isClosed,
  relationships,
  decideAction,
  DraftInputSchema,
  essentialKeys,
  evaluateReferral,
  referrerKindOf,
  RegistrationInputSchema,
  type Deadline,
  type Department,
  type Hospital,
  type DocumentKind,
  type Draft,
  type Evaluation,
  type LetterItem,
  type ReferralAction,
  type ReferralFacts,
  type ReferralPolicy,
  type ReferralState,
  type ReferrerKind,
  type Urgency,
} from '@loket/domain';
import type { z } from 'zod';
import type { AuditTrail } from '../audit/trail.ts';
import type { CatalogService } from '../catalog/service.ts';
import { HttpError } from '../http/errors.ts';
import { claimIdempotency, recordIdempotency, type IdempotencyClaim } from '../http/idempotency.ts';
import { todayInAmsterdam, type SettingsService } from '../settings/service.ts';
import {
  checkQuickDiagnosisChoice,
  keepQuickDiagnosisChoice,
  quickDiagnosisAppointment,
  quickDiagnosisChoiceOf,
  quickDiagnosisSeenWithin,
  startQuickDiagnosis,
} from '../quick-diagnosis/clock.ts';
import { costsOpen, costsRefusal } from '../costs/guard.ts';
import {
  checkCancerKind,
  keepSecondOpinionRequest,
  recordRequestConsent,
  secondOpinionFactsOf,
  startReviewIfComplete,
} from '../second-opinions/request.ts';
import type { ReferralActor } from './actor.ts';

/**
 * The referral loop's writes. Every change is one transaction that writes the referral, its timeline event,
 * the audit record and the outgoing letters and messages (through the notifier), so nothing is sent for a change
 * that did not commit and nothing committed goes unsent.
 */
export type EventVisibility = 'everyone' | 'professionals' | 'staff';

export interface TransitionContext {
  trx: Transaction<Database>;
  actor: ReferralActor;
  before: ReferralRow;
  after: ReferralRow;
  action: ReferralAction | 'submit' | 'register';
  input: Record<string, unknown>;
  department: Department;
  hospital: Hospital;
}

/** Letters and messages that follow a step (R-REF-06, R-COM-03); written in the same transaction. */
export interface ReferralNotifier {
  afterTransition(ctx: TransitionContext): Promise<void>;
}

const eventType: Record<ReferralAction, string> = {
  submit: 'submitted',
  'start-triage': 'triage-started',
  'request-information': 'information-requested',
  supplement: 'supplemented',
  accept: 'accepted',
  reject: 'rejected',
  forward: 'forwarded',
  schedule: 'scheduled',
  reschedule: 'rescheduled',
  'no-show': 'no-show',
  'record-consult': 'consult-recorded',
  'refer-to-mdo': 'referred-to-mdo',
  complete: 'completed',
  cancel: 'cancelled',
  merge: 'merged',
};

const visibilityOf: Record<string, EventVisibility> = {
  created: 'professionals',
  submitted: 'everyone',
  registered: 'everyone',
  'triage-started': 'professionals',
  'information-requested': 'professionals',
  supplemented: 'professionals',
  accepted: 'everyone',
  rejected: 'everyone',
  forwarded: 'everyone',
  scheduled: 'everyone',
  rescheduled: 'everyone',
  'no-show': 'professionals',
  'consult-recorded': 'professionals',
  'referred-to-mdo': 'everyone',
  completed: 'everyone',
  cancelled: 'everyone',
  merged: 'professionals',
  'document-added': 'professionals',
  'duplicate-suspected': 'staff',
  claimed: 'staff',
  released: 'staff',
};

export function referralFacts(r: ReferralRow): ReferralFacts {
  return {
    state: r.state as ReferralState,
    departmentId: r.department_id,
    createdBy: r.created_by,
    organisationId: r.organisation_id,
    patientId: r.patient_id,
    familyDoctorAgb: (r.patient as Record<string, string | null>).familyDoctorAgb ?? null,
    kind: r.kind,
  };
}

function problemsOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw new HttpError(400, 'invalid-input', { problems: problemsOf(r.error) });
  return r.data;
}

const json = (v: unknown) => JSON.stringify(v);

export class ReferralService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private readonly catalog: CatalogService;
  private readonly settings: SettingsService;
  private readonly notifier: ReferralNotifier;

  constructor(deps: {
    db: Kysely<Database>;
    audit: AuditTrail;
    catalog: CatalogService;
    settings: SettingsService;
    notifier: ReferralNotifier;
  }) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.catalog = deps.catalog;
    this.settings = deps.settings;
    this.notifier = deps.notifier;
  }

  /**
   * Catalog, policy and holidays are read before a transaction opens: PGlite has one connection, so a query
   * outside the transaction while it is open would wait for ever.
   */
  private async context() {
    const [snapshot, policy] = await Promise.all([this.catalog.snapshot(), this.settings.referralPolicy()]);
    const holidays = await this.settings.holidays(new Date(), policy);
    const department = (id: string): Department => {
      const d = snapshot.departments.find((x) => x.department.id === id)?.department;
      if (!d)
        throw new HttpError(400, 'invalid-input', {
          problems: [{ path: 'departmentId', message: `There is no department "${id}"` }],
        });
      return d;
    };
    return { department, policy, holidays, hospital: snapshot.hospital };
  }

  private async department(id: string): Promise<Department> {
    return (await this.context()).department(id);
  }

  private checkPlace(department: Department, draft: Pick<Draft, 'carePathId' | 'subClinicId'>) {
    if (draft.carePathId && !department.carePaths.some((c) => c.id === draft.carePathId))
      throw new HttpError(400, 'invalid-input', {
        problems: [{ path: 'carePathId', message: 'This care path is not in the department' }],
      });
    if (draft.subClinicId && !department.subClinics.some((c) => c.id === draft.subClinicId))
      throw new HttpError(400, 'invalid-input', {
        problems: [{ path: 'subClinicId', message: 'This clinic is not in the department' }],
      });
  }

  /** Completeness and blockers of a stored referral against its department (R-REF-03, R-CAT-05). */
  async evaluate(
    r: ReferralRow,
    executor: Kysely<Database> | Transaction<Database> = this.db,
    department?: Department,
    /** The kinds of the referral's documents, when the caller has just read them. */
    knownDocumentKinds?: string[],
  ): Promise<Evaluation> {
    department ??= await this.department(r.department_id);
    const documents =
      knownDocumentKinds?.map((kind) => ({ kind })) ??
      (await executor
        .selectFrom('referral_document')
        .select('kind')
        .where('referral_id', '=', r.id)
        .execute());
    return evaluateReferral(department, {
      kind: r.kind as Draft['kind'],
      carePathId: r.care_path_id,
      subClinicId: r.sub_clinic_id,
      patient: r.patient,
      letter: r.letter as Partial<Record<LetterItem, string | null>>,
      documentKinds: documents.map((d) => d.kind as DocumentKind),
      referrer: {
        name: r.referrer_name,
        kind: r.referrer_kind as ReferrerKind | null,
        specialism: r.referrer_specialism,
      },
      confirmations: r.confirmations,
      quickDiagnosis: await quickDiagnosisChoiceOf(executor, r),
      secondOpinion: await secondOpinionFactsOf(executor, r),
    });
  }

  private async event(
    trx: Transaction<Database>,
    r: ReferralRow,
    actor: ReferralActor | null,
    type: string,
    extra: {
      from?: string | null;
      to?: string | null;
      note?: string | null;
      data?: Record<string, unknown>;
    } = {},
  ) {
    await insertEvent(trx, {
      referral_id: r.id,
      at: new Date(),
      actor_user_id: actor?.userId ?? null,
      actor_name: actor?.name ?? 'Loket',
      actor_role: actor ? actor.roles.join(',') : null,
      type,
      from_state: extra.from ?? null,
      to_state: extra.to ?? null,
      note: extra.note ?? null,
      visibility: visibilityOf[type] ?? 'professionals',
      ...(extra.data ? { data: extra.data } : {}),
    });
  }

  private patientColumn(draft: Draft) {
    return {
      ...draft.patient,
      familyDoctorName: draft.familyDoctor?.name ?? null,
      familyDoctorAgb: draft.familyDoctor?.agbCode ?? null,
      familyDoctorEmail: draft.familyDoctor?.email ?? null,
    };
  }

  /** A referrer starts a referral from the guide: a draft, kept until sent. */
  async createDraft(
    actor: ReferralActor,
    input: unknown,
    idem: IdempotencyClaim | null,
    /** How the referral reaches the hospital: the web app ('portal') or a referring system through FHIR ('api'). */
    channel: 'portal' | 'api' = 'portal',
  ): Promise<ReferralRow> {
    if (!actor.roles.includes('referrer')) throw new HttpError(403, 'not-permitted');
    const draft = parse(DraftInputSchema, input);
    const ctx = await this.context();
    const department = ctx.department(draft.departmentId);
    this.checkPlace(department, draft);
    checkQuickDiagnosisChoice(ctx.hospital, draft);
    checkCancerKind(ctx.hospital, draft);
    return this.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      await claimIdempotency(trx, idem, { status: 201, response: { id } });
      const now = new Date();
      const row = await trx
        .insertInto('referral')
        .values({
          id,
          reference: nextReferralReferenceSql(now.getFullYear()),
          kind: draft.kind,
          state: 'draft',
          department_id: draft.departmentId,
          care_path_id: draft.carePathId,
          sub_clinic_id: draft.subClinicId,
          channel,
          urgency_requested: draft.urgency,
          patient: json(this.patientColumn(draft)),
          letter: json(draft.letter),
          confirmations: json(draft.confirmations),
          referrer_user_id: actor.userId,
          referrer_name: actor.name,
          referrer_agb: actor.agbCode ?? null,
          referrer_specialism: actor.specialism,
          referrer_kind: actor.referrerKind,
          referrer_email: actor.email,
          organisation_id: actor.organisationId,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          assigned_specialists: json([]),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await keepQuickDiagnosisChoice(trx, row.id, draft, true);
      await keepSecondOpinionRequest(trx, row.id, draft, actor, true);
      await this.event(trx, row, actor, 'created', { to: 'draft' });
      // Last before commit: the audit append holds the chain's lock until the commit (bench/README.md, intake).
      await this.audit.record(trx, actor.audit, {
        eventType: 'referral.create',
        action: 'C',
        objectType: 'referral',
        objectId: row.id,
        details: { reference: row.reference, state: 'draft' },
      });
      return row;
    });
  }

  async updateDraft(actor: ReferralActor, id: string, input: unknown, version: number): Promise<ReferralRow> {
    const draft = parse(DraftInputSchema, input);
    const ctx = await this.context();
    const department = ctx.department(draft.departmentId);
    this.checkPlace(department, draft);
    checkQuickDiagnosisChoice(ctx.hospital, draft);
    checkCancerKind(ctx.hospital, draft);
    return this.db.transaction().execute(async (trx) => {
      const r = await this.lockVisible(trx, actor, id);
      if (r.state !== 'draft' || !decideAction('submit', actor, referralFacts(r)).allowed)
        throw new HttpError(409, 'action-not-allowed', { state: r.state });
      if (r.version !== version) throw new HttpError(409, 'version-conflict');
      const row = await trx
        .updateTable('referral')
        .set({
          kind: draft.kind,
          department_id: draft.departmentId,
          care_path_id: draft.carePathId,
          sub_clinic_id: draft.subClinicId,
          urgency_requested: draft.urgency,
          patient: json(this.patientColumn(draft)),
          letter: json(draft.letter),
          confirmations: json(draft.confirmations),
          updated_at: new Date(),
          version: r.version + 1,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await keepQuickDiagnosisChoice(trx, id, draft);
      await keepSecondOpinionRequest(trx, id, draft, actor);
      await this.audit.record(trx, actor.audit, {
        eventType: 'referral.update-draft',
        action: 'U',
        objectType: 'referral',
        objectId: id,
        patientId: r.patient_id,
      });
      return row;
    });
  }

  /** Reads and locks a referral the actor may see; otherwise a 404, so existence does not leak. */
  private async lockVisible(
    trx: Transaction<Database>,
    actor: ReferralActor,
    id: string,
  ): Promise<ReferralRow> {
    const r = await lockReferral(trx, id);
    if (!r) throw new HttpError(404, 'not-found');
    if (!canView(actor, referralFacts(r))) throw new HttpError(404, 'not-found');
    return r;
  }

  async visible(actor: ReferralActor, id: string): Promise<ReferralRow> {
    const r = await findReferral(this.db, id);
    if (!r) throw new HttpError(404, 'not-found');
    if (!canView(actor, referralFacts(r))) throw new HttpError(404, 'not-found');
    return r;
  }

  /** Finds or makes the patient in the registry, by BSN where there is one. */
  private async linkPatient(trx: Transaction<Database>, r: ReferralRow): Promise<string> {
    // A patient's own request comes linked to their record; an unverified sign-up never takes one over by BSN.
    if (r.patient_id) return r.patient_id;
    const p = r.patient as Record<string, string | null>;
    const values = {
      no_bsn_reason: p.noBsnReason ?? null,
      given_name: p.givenName ?? null,
      family_name: p.familyName!,
      birth_date: p.birthDate!,
      street: p.street ?? null,
      house_number: p.houseNumber ?? null,
      postcode: p.postcode ?? null,
      city: p.city ?? null,
      country: p.country ?? 'NL',
      phone: p.phone ?? null,
      email: p.email ?? null,
      family_doctor_name: p.familyDoctorName ?? null,
      family_doctor_agb: p.familyDoctorAgb ?? null,
      family_doctor_email: p.familyDoctorEmail ?? null,
      updated_at: new Date(),
    };
    if (p.bsn) {
      const existing = await trx
        .selectFrom('patient')
        .select('id')
        .where('bsn', '=', p.bsn)
        .executeTakeFirst();
      if (existing) {
        await trx.updateTable('patient').set(values).where('id', '=', existing.id).execute();
        return existing.id;
      }
    }
    const id = randomUUID();
    await trx
      .insertInto('patient')
      .values({ id, bsn: p.bsn ?? null, ...values })
      .execute();
    return id;
  }

  /** Received: the triage clock starts, the patient is registered, and likely duplicates are flagged (R-REF-10). */
  private async receive(
    trx: Transaction<Database>,
    r: ReferralRow,
    ctx: { policy: ReferralPolicy; holidays: ReadonlySet<string>; hospital: Hospital },
    receivedOn?: string,
  ) {
    const { policy, holidays } = ctx;
    const patientId = await this.linkPatient(trx, r);
    const from = receivedOn ?? todayInAmsterdam();
    // A quick diagnosis is triaged as urgent: the patient may come the next working day (R-QD-01).
    const urgency = r.kind === 'quick-diagnosis' ? 'urgent' : (r.urgency_requested as Urgency);
    const deadline = computeDeadline('triage', from, urgency, policy, holidays);
    await startQuickDiagnosis(trx, r, ctx.hospital, from, ctx);
    const since = new Date(Date.now() - policy.duplicateWindowDays * 86_400_000);
    const dupes = await likelyDuplicates(trx, {
      id: r.id,
      patientId,
      departmentId: r.department_id,
      kind: r.kind,
      since,
    });
    const row = await trx
      .updateTable('referral')
      .set({
        patient_id: patientId,
        triage_due: deadline.due,
        triage_deadline: json(deadline),
        duplicate_of: dupes[0]?.id ?? null,
      })
      .where('id', '=', r.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (dupes[0]) {
      await this.event(trx, row, null, 'duplicate-suspected', {
        note: `Same patient, department and kind as ${dupes[0].reference} (${dupes[0].channel})`,
        data: { duplicateOf: dupes[0].id, reference: dupes[0].reference },
      });
    }
    return row;
  }

  async submit(
    actor: ReferralActor,
    id: string,
    idem: IdempotencyClaim | null,
    /**
     * A patient's own request (patient-portal) is made and sent in one transaction: `prepare` writes the account,
     * patient and draft first, `within` what commits with the submission (the patient's consent, R-CON-01).
     */
    extra: {
      prepare?: (trx: Transaction<Database>) => Promise<void>;
      within?: (trx: Transaction<Database>, row: ReferralRow) => Promise<void>;
    } = {},
  ): Promise<ReferralRow> {
    const ctx = await this.context();
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      if (extra.prepare) await extra.prepare(trx);
      const r = await this.lockVisible(trx, actor, id);
      const department = ctx.department(r.department_id);
      const evaluation = await this.evaluate(r, trx, department);
      const d = decideAction('submit', actor, referralFacts(r), {
        missing: evaluation.essentialMissing,
        blockers: evaluation.blocking,
      });
      if (!d.allowed) {
        if (d.reason === 'incomplete')
          throw new HttpError(400, 'referral-incomplete', {
            missing: evaluation.missing.filter((m) => essentialKeys.has(m.key)),
          });
        if (d.reason === 'blocked')
          throw new HttpError(400, 'referral-blocked', {
            blockers: evaluation.blockers,
            confirmations: evaluation.confirmations,
          });
        throw new HttpError(409, 'action-not-allowed', { reason: d.reason, state: r.state });
      }
      const now = new Date();
      const submitted = await trx
        .updateTable('referral')
        .set({ state: 'received', submitted_at: now, updated_at: now, version: r.version + 1 })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const row = await this.receive(trx, submitted, ctx);
      await this.event(trx, row, actor, 'submitted', { from: 'draft', to: 'received' });
      await this.audit.record(trx, actor.audit, {
        eventType: 'referral.submit',
        action: 'U',
        objectType: 'referral',
        objectId: id,
        patientId: row.patient_id,
        details: { reference: row.reference },
      });
      await this.notifier.afterTransition({
        trx,
        actor,
        before: r,
        after: row,
        action: 'submit',
        input: {},
        department,
        hospital: ctx.hospital,
      });
      // A second opinion: the doctor's confirmation of consent, and the review clock if the dossier is complete.
      await recordRequestConsent(trx, row, actor, this.audit);
      const started = await startReviewIfComplete(trx, row, actor, {
        evaluation: await this.evaluate(row, trx, department),
        policy: ctx.policy,
        holidays: ctx.holidays,
        audit: this.audit,
      });
      if (extra.within) await extra.within(trx, started);
      await recordIdempotency(trx, idem, 200, { id: row.id });
      return started;
    });
  }

  /** The back office registers a referral that came by post, fax, e-mail or phone (R-REF-02). */
  async register(actor: ReferralActor, input: unknown, idem: IdempotencyClaim | null): Promise<ReferralRow> {
    const reg = parse(RegistrationInputSchema, input);
    if (!actor.roles.includes('back-office') || !actor.departmentIds.includes(reg.departmentId))
      throw new HttpError(403, 'not-permitted');
    const ctx = await this.context();
    const department = ctx.department(reg.departmentId);
    this.checkPlace(department, reg);
    checkQuickDiagnosisChoice(ctx.hospital, reg);
    checkCancerKind(ctx.hospital, reg);
    if (!reg.patient.familyName || !reg.patient.birthDate)
      throw new HttpError(400, 'invalid-input', {
        problems: [
          ...(reg.patient.familyName
            ? []
            : [{ path: 'patient.familyName', message: 'Enter the family name: a referral needs a patient' }]),
          ...(reg.patient.birthDate
            ? []
            : [{ path: 'patient.birthDate', message: 'Enter the date of birth' }]),
        ],
      });
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const now = new Date();
      const inserted = await trx
        .insertInto('referral')
        .values({
          id: randomUUID(),
          reference: await nextReferralReference(trx, now.getFullYear()),
          kind: reg.kind,
          state: 'received',
          department_id: reg.departmentId,
          care_path_id: reg.carePathId,
          sub_clinic_id: reg.subClinicId,
          channel: reg.channel,
          urgency_requested: reg.urgency,
          patient: json(this.patientColumn(reg)),
          letter: json(reg.letter),
          confirmations: json(reg.confirmations),
          referrer_user_id: null,
          referrer_name: reg.referrer.name,
          referrer_agb: reg.referrer.agbCode,
          referrer_specialism: reg.referrer.specialism,
          referrer_kind: referrerKindOf(reg.referrer.agbCode),
          referrer_email: reg.referrer.email,
          organisation_id: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          submitted_at: reg.receivedOn ? new Date(`${reg.receivedOn}T12:00:00Z`) : now,
          assigned_specialists: json([]),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await keepQuickDiagnosisChoice(trx, inserted.id, reg);
      // A second opinion that came by post or e-mail keeps its request like one sent through the portal.
      await keepSecondOpinionRequest(trx, inserted.id, reg, actor);
      const row = await this.receive(trx, inserted, ctx, reg.receivedOn);
      await this.event(trx, row, actor, 'registered', { to: 'received', data: { channel: reg.channel } });
      await this.audit.record(trx, actor.audit, {
        eventType: 'referral.register',
        action: 'C',
        objectType: 'referral',
        objectId: row.id,
        patientId: row.patient_id,
        details: { reference: row.reference, channel: reg.channel },
      });
      await this.notifier.afterTransition({
        trx,
        actor,
        before: inserted,
        after: row,
        action: 'register',
        input: {},
        department,
        hospital: ctx.hospital,
      });
      await recordIdempotency(trx, idem, 201, { id: row.id });
      return row;
    });
  }

  /** Every other step of the loop, by the state machine's rules. */
  async act(
    actor: ReferralActor,
    id: string,
    action: Exclude<ReferralAction, 'submit'>,
    input: unknown,
    idem: IdempotencyClaim | null,
    /**
     * For capabilities that take a step as part of their own change (an MDO conclusion completes the referral):
     * `within` writes their rows in the same transaction, `notify` adds trusted facts for the letters.
     */
    extra: {
      within?: (trx: Transaction<Database>, row: ReferralRow) => Promise<void>;
      notify?: Record<string, unknown>;
    } = {},
  ): Promise<ReferralRow> {
    const parsed = parse(ActionInputSchemas[action] as z.ZodType, input ?? {}) as Record<string, unknown>;
    const ctx = await this.context();
    if (action === 'forward') ctx.department(String(parsed.departmentId));
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const r = await this.lockVisible(trx, actor, id);
      const facts = referralFacts(r);
      const evaluation =
        action === 'start-triage' ? await this.evaluate(r, trx, ctx.department(r.department_id)) : null;
      const d = decideAction(action, actor, facts, {
        missing: evaluation?.missing.length ?? 0,
        costsOpen: action === 'schedule' ? await costsOpen(trx, r) : false,
        ...(action === 'forward' ? { targetDepartmentId: String(parsed.departmentId) } : {}),
      });
      if (!d.allowed) {
        if (d.reason === 'incomplete')
          throw new HttpError(400, 'referral-incomplete', { missing: evaluation?.missing ?? [] });
        if (d.reason === 'not-permitted') throw new HttpError(403, 'not-permitted');
        if (d.reason === 'costs-open') throw await costsRefusal(trx, r);
        throw new HttpError(409, 'action-not-allowed', { reason: d.reason, state: r.state });
      }
      const now = new Date();
      const set: Record<string, unknown> = { state: d.to, updated_at: now, version: r.version + 1 };
      let note: string | null = null;
      const data: Record<string, unknown> = {};
      const { policy, holidays } = ctx;

      switch (action) {
        case 'request-information': {
          set.missing_requested = json({
            missing: parsed.missing,
            message: parsed.message,
            at: now.toISOString(),
          });
          note = [(parsed.missing as string[]).join('; '), parsed.message].filter(Boolean).join(' — ');
          data.missing = parsed.missing;
          break;
        }
        case 'supplement': {
          const letter = parsed.letter as Record<string, string | null> | undefined;
          // The referral letter is the doctor's: a patient answers with documents and a message only.
          const patientOnly = relationships(actor, facts).every((x) => x === 'patient-self');
          if (letter && patientOnly) throw new HttpError(403, 'not-permitted');
          if (letter)
            set.letter = json({
              ...r.letter,
              ...Object.fromEntries(Object.entries(letter).filter(([, v]) => v !== null)),
            });
          note = (parsed.message as string | null) ?? null;
          break;
        }
        case 'accept': {
          const urgency = parsed.urgency as Urgency;
          const specialists = await this.specialists(trx, r.department_id, parsed.specialistIds as string[]);
          let deadline: Deadline =
            quickDiagnosisSeenWithin(r, ctx.hospital, todayInAmsterdam(now), ctx) ??
            computeDeadline('seen-within', todayInAmsterdam(now), urgency, policy, holidays);
          if (parsed.seenWithin) {
            deadline = {
              ...deadline,
              due: String(parsed.seenWithin),
              workingDays: null,
              override: { reason: String(parsed.overrideReason), by: actor.name },
            };
          }
          set.urgency = urgency;
          set.assigned_specialists = json(specialists);
          set.seen_within = deadline.due;
          set.seen_within_deadline = json(deadline);
          set.decision = json({
            kind: 'accepted',
            urgency,
            by: actor.name,
            at: now.toISOString(),
            note: parsed.note ?? null,
          });
          note = (parsed.note as string | null) ?? null;
          Object.assign(data, {
            urgency,
            seenWithin: deadline.due,
            specialists: specialists.map((s) => s.name),
          });
          break;
        }
        case 'reject': {
          set.decision = json({
            kind: 'rejected',
            reasonCode: parsed.reasonCode,
            explanation: parsed.explanation,
            redirect: parsed.redirect ?? null,
            by: actor.name,
            at: now.toISOString(),
          });
          set.closed_reason = parsed.reasonCode;
          note = String(parsed.explanation);
          Object.assign(data, { reasonCode: parsed.reasonCode, redirect: parsed.redirect ?? null });
          break;
        }
        case 'forward': {
          const target = ctx.department(String(parsed.departmentId));
          const deadline = computeDeadline(
            'triage',
            todayInAmsterdam(now),
            r.urgency_requested as Urgency,
            policy,
            holidays,
          );
          Object.assign(set, {
            department_id: target.id,
            care_path_id: null,
            sub_clinic_id: null,
            triage_due: deadline.due,
            triage_deadline: json(deadline),
            claimed_by: null,
            claimed_by_name: null,
          });
          note = String(parsed.reason);
          Object.assign(data, { fromDepartment: r.department_id, toDepartment: target.id });
          break;
        }
        case 'schedule':
        case 'reschedule': {
          const appointment = {
            start: parsed.start,
            location: parsed.location ?? null,
            videoLink: parsed.videoLink ?? null,
            notes: parsed.notes ?? null,
          };
          set.appointment = json(appointment);
          note = action === 'reschedule' ? String(parsed.reason) : null;
          Object.assign(data, appointment);
          if (await quickDiagnosisAppointment(trx, r, ctx.hospital, String(parsed.start), ctx))
            data.dayPlanCleared = true;
          break;
        }
        case 'no-show':
          set.appointment = json({ ...(r.appointment ?? {}), noShow: true });
          note = (parsed.note as string | null) ?? null;
          break;
        case 'record-consult':
        case 'refer-to-mdo':
          note = (parsed.note as string | null) ?? null;
          break;
        case 'complete':
          set.decision = json({
            ...(r.decision ?? {}),
            feedback: parsed.summary,
            endOfTreatment: parsed.endOfTreatment,
            completedAt: now.toISOString(),
          });
          note = String(parsed.summary);
          data.endOfTreatment = parsed.endOfTreatment;
          break;
        case 'cancel':
          set.closed_reason = String(parsed.reason);
          note = String(parsed.reason);
          break;
        case 'merge': {
          const into = await lockReferral(trx, String(parsed.intoId));
          if (
            !into ||
            into.id === r.id ||
            into.patient_id !== r.patient_id ||
            into.department_id !== r.department_id
          )
            throw new HttpError(400, 'invalid-input', {
              problems: [
                {
                  path: 'intoId',
                  message: 'Merge only into another referral of the same patient and department',
                },
              ],
            });
          set.merged_into = into.id;
          set.closed_reason = `merged into ${into.reference}`;
          await trx
            .updateTable('referral_document')
            .set({ referral_id: into.id })
            .where('referral_id', '=', r.id)
            .execute();
          await this.event(trx, into, actor, 'merged', {
            note: `${r.reference} merged into this referral`,
            data: { mergedFrom: r.id },
          });
          note = `Merged into ${into.reference}`;
          data.mergedInto = into.id;
          break;
        }
      }

      const row = await trx
        .updateTable('referral')
        .set(set)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.event(trx, row, actor, eventType[action], { from: r.state, to: row.state, note, data });
      await this.audit.record(trx, actor.audit, {
        eventType: `referral.${action}`,
        action: 'U',
        objectType: 'referral',
        objectId: id,
        patientId: row.patient_id,
        details: { reference: row.reference, from: r.state, to: row.state },
      });
      if (extra.within) await extra.within(trx, row);
      await this.notifier.afterTransition({
        trx,
        actor,
        before: r,
        after: row,
        action,
        input: { ...parsed, ...extra.notify },
        department: ctx.department(row.department_id),
        hospital: ctx.hospital,
      });
      // A supplement can complete a second opinion's dossier: then its review starts (R-SO-03).
      const after =
        action === 'supplement'
          ? await startReviewIfComplete(trx, row, actor, {
              evaluation: await this.evaluate(row, trx, ctx.department(row.department_id)),
              policy,
              holidays,
              audit: this.audit,
            })
          : row;
      await recordIdempotency(trx, idem, 200, { id: row.id });
      return after;
    });
  }

  private async specialists(trx: Transaction<Database>, departmentId: string, ids: string[]) {
    const rows = await trx
      .selectFrom('user_role as r')
      .innerJoin('user_department as d', 'd.user_id', 'r.user_id')
      .innerJoin('auth.user as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.name'])
      .where('r.role', '=', 'specialist')
      .where('d.department_id', '=', departmentId)
      .where('u.id', 'in', ids)
      .execute();
    if (rows.length !== new Set(ids).size)
      throw new HttpError(400, 'invalid-input', {
        problems: [{ path: 'specialistIds', message: 'Choose specialists of this department' }],
      });
    return rows.map((s) => ({ id: s.id, name: s.name }));
  }

  /**
   * Attaches an uploaded document. The referrer adds documents while drafting or answering a request for
   * information; staff of the department at any open step, including the original scan of a paper referral.
   */
  async addDocument(
    actor: ReferralActor,
    id: string,
    file: { storageKey: string; sha256: string; size: number; mediaType: string; filename: string },
    kind: DocumentKind,
    origin: 'upload' | 'original' | 'supplement',
    /** Written in the same transaction, after the document (a second opinion's language and DICOM study). */
    extra?: (trx: Transaction<Database>, r: ReferralRow, documentId: string) => Promise<void>,
    /** A retried upload with the same Idempotency-Key and file adds the document once (R-REF-10). */
    idem: IdempotencyClaim | null = null,
    /** The answer kept for a replay of the key. */
    answer: (doc: {
      id: string;
      kind: string;
      filename: string;
      media_type: string;
      size: number;
      sha256: string;
    }) => unknown = (doc) => ({ id: doc.id }),
  ) {
    const ctx = await this.context();
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const r = await this.lockVisible(trx, actor, id);
      const rel = relationships(actor, referralFacts(r));
      const staff = rel.some((x) => x === 'back-office' || x === 'triage-supervisor' || x === 'specialist');
      // A second opinion's dossier is completed by the referrer or the patient until review starts, and when the
      // department asks for more (R-SO-03).
      const dossierOpen =
        r.kind === 'second-opinion' &&
        (r.state === 'received' || r.state === 'awaiting-information') &&
        (rel.includes('referrer-owner') || rel.includes('patient-self'));
      const owner =
        (rel.includes('referrer-owner') && (r.state === 'draft' || r.state === 'awaiting-information')) ||
        dossierOpen;
      if (!(staff && !isClosed(r.state as ReferralState)) && !owner) {
        throw new HttpError(409, 'action-not-allowed', { state: r.state });
      }
      if (origin === 'original' && !staff) throw new HttpError(403, 'not-permitted');
      const doc = await trx
        .insertInto('referral_document')
        .values({
          id: randomUUID(),
          referral_id: id,
          kind,
          origin: r.state === 'awaiting-information' && origin === 'upload' ? 'supplement' : origin,
          filename: file.filename,
          media_type: file.mediaType,
          size: file.size,
          sha256: file.sha256,
          storage_key: file.storageKey,
          uploaded_by: actor.userId,
          uploaded_by_name: actor.name,
          uploaded_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (r.state !== 'draft')
        await this.event(trx, r, actor, 'document-added', {
          note: file.filename,
          data: { kind, documentId: doc.id },
        });
      await this.audit.record(trx, actor.audit, {
        eventType: 'document.upload',
        action: 'C',
        objectType: 'document',
        objectId: doc.id,
        patientId: r.patient_id,
        details: {
          referral: r.reference,
          kind,
          mediaType: file.mediaType,
          size: file.size,
          sha256: file.sha256,
        },
      });
      if (extra) await extra(trx, r, doc.id);
      if (r.state !== 'draft')
        await startReviewIfComplete(trx, r, actor, {
          evaluation: await this.evaluate(r, trx, ctx.department(r.department_id)),
          policy: ctx.policy,
          holidays: ctx.holidays,
          audit: this.audit,
        });
      await recordIdempotency(trx, idem, 201, answer(doc));
      return doc;
    });
  }

  /** A document of a referral the actor may see, for download; the download is audited. */
  async documentFor(actor: ReferralActor, id: string, documentId: string) {
    const r = await this.visible(actor, id);
    const rel = relationships(actor, referralFacts(r));
    if (!rel.some((x) => x !== 'patient-self')) throw new HttpError(404, 'not-found');
    const doc = await this.db
      .selectFrom('referral_document')
      .selectAll()
      .where('id', '=', documentId)
      .where('referral_id', '=', id)
      .executeTakeFirst();
    if (!doc) throw new HttpError(404, 'not-found');
    await this.audit.record(this.db, actor.audit, {
      eventType: 'document.download',
      action: 'R',
      objectType: 'document',
      objectId: doc.id,
      patientId: r.patient_id,
      details: { referral: r.reference },
    });
    return doc;
  }

  /** A worklist claim: who is working on this referral, so two people do not triage it at once. */
  async claim(actor: ReferralActor, id: string, claim: boolean): Promise<ReferralRow> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.lockVisible(trx, actor, id);
      const staff =
        actor.departmentIds.includes(r.department_id) &&
        actor.roles.some((x) => x === 'back-office' || x === 'triage-supervisor' || x === 'specialist');
      if (!staff) throw new HttpError(403, 'not-permitted');
      const row = await trx
        .updateTable('referral')
        .set({
          claimed_by: claim ? actor.userId : null,
          claimed_by_name: claim ? actor.name : null,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.event(trx, row, actor, claim ? 'claimed' : 'released');
      await this.audit.record(trx, actor.audit, {
        eventType: claim ? 'referral.claim' : 'referral.release',
        action: 'U',
        objectType: 'referral',
        objectId: id,
        patientId: r.patient_id,
      });
      return row;
    });
  }

  async staffOfDepartment(departmentId: string) {
    return this.db
      .selectFrom('user_role as r')
      .innerJoin('user_department as d', 'd.user_id', 'r.user_id')
      .innerJoin('auth.user as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.name', 'r.role'])
      .where('d.department_id', '=', departmentId)
      .where('r.role', 'in', ['specialist', 'triage-supervisor', 'back-office'])
      .orderBy('u.name')
      .execute();
  }
}
