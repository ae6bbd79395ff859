import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  apopFollowUps,
  apopLetterOf,
  apopModelHistory,
  currentApopModel,
  findApopFollowUpOfScreening,
  findApopScreening,
  insertApopModel,
  lastApopAnswers,
  lockApopFollowUp,
  lockApopScreening,
  recentApopScreenings,
  type ApopModelRow,
  type Database,
} from '@loket/db';
import {
  ageInYears,
  apopApplies,
  apopFollowUpDue,
  apopNeedsFollowUpCall,
  assessApop,
  resolveText,
  type ApopAnswers,
  type ApopCallOutcomeInputSchema,
  type ApopCognitiveReason,
  type ApopDispositionInputSchema,
  type ApopModel,
  type ApopOutcome,
  type ApopPatient,
  type ApopScreeningInputSchema,
} from '@loket/domain';
import type { z } from 'zod';
import type { AuditTrail } from '../audit/trail.ts';
import type { CatalogService } from '../catalog/service.ts';
import { HttpError } from '../http/errors.ts';
import { claimIdempotency, recordIdempotency, type IdempotencyClaim } from '../http/idempotency.ts';
import { sha256Hex } from '../letters/letters.ts';
import { todayInAmsterdam } from '../settings/service.ts';
import type { StaffActor } from './actor.ts';
import { renderApopLetter } from './letter.ts';
import {
  followUpItemView,
  followUpView,
  modelView,
  personName,
  screeningSummary,
  screeningView,
  type ModelView,
} from './views.ts';

/** Screening happens at ER triage; the nurses of this department see and call its patients. */
export const APOP_DEPARTMENT = 'emergency-room';

/** The discharge letter goes to the family doctor, in Dutch. */
const LETTER_LANGUAGE = 'nl';

type ScreeningInput = z.output<typeof ApopScreeningInputSchema>;
type DispositionInput = z.output<typeof ApopDispositionInputSchema>;
type CallOutcomeInput = z.output<typeof ApopCallOutcomeInputSchema>;

function asModel(row: ApopModelRow): ApopModel {
  return {
    intercept: row.intercept,
    coefficients: row.coefficients as ApopModel['coefficients'],
    validatedBy: row.validated_by,
    source: row.source,
  };
}

/**
 * APOP at ER triage (R-APOP-01 … 04). Every read and change of a patient's screening writes its audit record in
 * the same transaction (R-SEC-01); a screening another department's staff ask for answers 404 (R-SEC-03).
 */
export class ApopService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private readonly catalog: CatalogService;

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail; catalog: CatalogService }) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.catalog = deps.catalog;
  }

  private requireEr(actor: StaffActor) {
    if (!actor.departmentIds.includes(APOP_DEPARTMENT)) throw new HttpError(403, 'not-permitted');
  }

  private canSee(actor: StaffActor, departmentId: string): boolean {
    return actor.departmentIds.includes(departmentId);
  }

  /** The model in force, without which the functional domain is "not configured" (R-APOP-03). */
  async currentModel(): Promise<ModelView | null> {
    const m = await currentApopModel(this.db);
    return m ? modelView(m) : null;
  }

  async modelHistory(): Promise<ModelView[]> {
    return (await apopModelHistory(this.db)).map(modelView);
  }

  async saveModel(actor: StaffActor, input: ApopModel): Promise<ModelView> {
    return this.db.transaction().execute(async (trx) => {
      const row = await insertApopModel(trx, {
        intercept: input.intercept,
        coefficients: input.coefficients,
        validated_by: input.validatedBy,
        source: input.source,
        created_by: actor.userId,
        created_by_name: actor.name,
      });
      await this.audit.record(trx, actor.audit, {
        eventType: 'apop.model.save',
        action: 'U',
        objectType: 'apop-model',
        objectId: row.id,
        details: { version: row.version, validatedBy: row.validated_by, source: row.source },
      });
      return modelView(row);
    });
  }

  /**
   * Finds a patient by BSN to prefill the screening: age from the date of birth, and what an earlier screening
   * recorded that does not change (sex, known dementia). The BSN arrives in a body and is not logged.
   */
  async lookup(actor: StaffActor, bsn: string) {
    this.requireEr(actor);
    return this.db.transaction().execute(async (trx) => {
      const p = await trx.selectFrom('patient').selectAll().where('bsn', '=', bsn).executeTakeFirst();
      await this.audit.record(trx, actor.audit, {
        eventType: 'apop.patient.lookup',
        action: 'R',
        objectType: 'patient',
        objectId: p?.id ?? null,
        patientId: p?.id ?? null,
        details: { found: Boolean(p) },
      });
      if (!p) return { found: false as const };
      const age = ageInYears(p.birth_date, todayInAmsterdam());
      const earlier = (await lastApopAnswers(trx, p.id)) as Partial<ApopAnswers> | undefined;
      return {
        found: true as const,
        patient: {
          givenName: p.given_name,
          familyName: p.family_name,
          birthDate: p.birth_date,
          phone: p.phone,
          familyDoctorName: p.family_doctor_name,
          familyDoctorEmail: p.family_doctor_email,
        },
        age,
        applies: apopApplies(age),
        prefill: {
          ...(earlier?.sex ? { sex: earlier.sex } : {}),
          // Dementia once diagnosed stays; its absence last time says nothing about today.
          ...(earlier?.knownDementia ? { knownDementia: true } : {}),
        },
      };
    });
  }

  /** The registry's patient for this BSN, with contact details the nurse just checked; or a new patient. */
  private async patientFor(trx: Transaction<Database>, input: ApopPatient) {
    const contact = {
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.familyDoctorName ? { family_doctor_name: input.familyDoctorName } : {}),
      ...(input.familyDoctorEmail ? { family_doctor_email: input.familyDoctorEmail } : {}),
    };
    if (input.bsn) {
      const existing = await trx
        .selectFrom('patient')
        .selectAll()
        .where('bsn', '=', input.bsn)
        .forUpdate()
        .executeTakeFirst();
      if (existing) {
        if (Object.keys(contact).length === 0) return { patient: existing, registered: false };
        const updated = await trx
          .updateTable('patient')
          .set({ ...contact, updated_at: new Date() })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { patient: updated, registered: false };
      }
    }
    const patient = await trx
      .insertInto('patient')
      .values({
        id: randomUUID(),
        bsn: input.bsn,
        no_bsn_reason: input.bsn ? null : input.noBsnReason,
        given_name: input.givenName,
        family_name: input.familyName!,
        birth_date: input.birthDate,
        phone: input.phone,
        family_doctor_name: input.familyDoctorName,
        family_doctor_email: input.familyDoctorEmail,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { patient, registered: true };
  }

  /** Screens a patient of 70 or over (R-APOP-01) against the model in force; returns the screening's id. */
  async screen(actor: StaffActor, input: ScreeningInput, idem: IdempotencyClaim | null): Promise<string> {
    this.requireEr(actor);
    const model = await currentApopModel(this.db);
    const today = todayInAmsterdam();
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const { patient, registered } = await this.patientFor(trx, input.patient);
      const age = ageInYears(patient.birth_date, today);
      if (!apopApplies(age)) throw new HttpError(422, 'apop-not-applicable', { age });
      const a = assessApop(age, input.answers, model ? asModel(model) : null);
      const row = await trx
        .insertInto('apop_screening')
        .values({
          patient_id: patient.id,
          department_id: APOP_DEPARTMENT,
          screened_at: new Date(),
          screened_by: actor.userId,
          screened_by_name: actor.name,
          age,
          answers: JSON.stringify(input.answers),
          cognitive_impaired: a.cognitive.impaired,
          cognitive_reasons: JSON.stringify(a.cognitive.reasons),
          functional_status: a.functional.status,
          functional_probability: a.functional.status === 'computed' ? a.functional.probability : null,
          model_id: model?.id ?? null,
          outcome: a.outcome,
          risk: a.risk,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor.audit, {
        eventType: 'apop.screening.create',
        action: 'C',
        objectType: 'apop-screening',
        objectId: row.id,
        patientId: patient.id,
        details: {
          outcome: a.outcome,
          risk: a.risk,
          modelVersion: model?.version ?? null,
          patientRegistered: registered,
        },
      });
      await recordIdempotency(trx, idem, 201, { id: row.id });
      return row.id;
    });
  }

  private async visibleScreening(actor: StaffActor, id: string) {
    const s = await findApopScreening(this.db, id);
    if (!s || !this.canSee(actor, s.department_id)) throw new HttpError(404, 'not-found');
    return s;
  }

  /** One screening with its result, disposition, follow-up call and letter. */
  async screening(actor: StaffActor, id: string, reason: 'read' | 'change') {
    const s = await this.visibleScreening(actor, id);
    const [model, followUp, letter] = await Promise.all([
      s.model_id
        ? this.db.selectFrom('apop_model').selectAll().where('id', '=', s.model_id).executeTakeFirst()
        : undefined,
      findApopFollowUpOfScreening(this.db, s.id),
      apopLetterOf(this.db, s.id),
    ]);
    if (reason === 'read')
      await this.audit.record(this.db, actor.audit, {
        eventType: 'apop.screening.read',
        action: 'R',
        objectType: 'apop-screening',
        objectId: s.id,
        patientId: s.patient_id,
      });
    return screeningView(s, { model, followUp, letter, now: new Date() });
  }

  async recent(actor: StaffActor, limit: number) {
    this.requireEr(actor);
    const rows = await recentApopScreenings(this.db, actor.departmentIds, limit);
    await this.audit.record(this.db, actor.audit, {
      eventType: 'apop.screening.list',
      action: 'R',
      objectType: 'apop-screening',
      details: { returned: rows.length },
    });
    return rows.map(screeningSummary);
  }

  /**
   * Admitted or sent home (R-APOP-04). A high-risk patient sent home gets a follow-up call due 24 hours after
   * discharge; either way the result goes into the discharge letter to the family doctor, kept as a PDF.
   */
  async recordDisposition(
    actor: StaffActor,
    id: string,
    input: DispositionInput,
    idem: IdempotencyClaim | null,
  ): Promise<void> {
    // Read outside the transaction: PGlite has one connection.
    const snapshot = await this.catalog.snapshot();
    const er = snapshot.departments.find((d) => d.department.id === APOP_DEPARTMENT)?.department;
    const hospital = resolveText(snapshot.hospital.name, LETTER_LANGUAGE).text;
    const department = er ? resolveText(er.name, LETTER_LANGUAGE).text : 'Spoedeisende Hulp';
    const now = new Date();
    const dischargedAt = input.dischargedAt ? new Date(input.dischargedAt) : now;
    await this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const s = await lockApopScreening(trx, id);
      if (!s || !this.canSee(actor, s.department_id)) throw new HttpError(404, 'not-found');
      if (s.disposition !== null) throw new HttpError(409, 'apop-step-not-allowed');
      // Times are entered to the minute: a discharge in the minute of the screening is not before it.
      const earliest = s.screened_at.getTime() - 60_000;
      if (dischargedAt.getTime() < earliest || dischargedAt.getTime() > now.getTime() + 5 * 60_000)
        throw new HttpError(400, 'invalid-input', {
          problems: [{ path: 'dischargedAt', message: 'Discharge lies between the screening and now' }],
        });
      await trx
        .updateTable('apop_screening')
        .set({
          disposition: input.disposition,
          discharged_at: dischargedAt,
          disposition_by: actor.userId,
          disposition_by_name: actor.name,
        })
        .where('id', '=', id)
        .execute();
      let followUpDueAt: Date | null = null;
      if (apopNeedsFollowUpCall(s.risk, input.disposition)) {
        followUpDueAt = apopFollowUpDue(dischargedAt);
        const f = await trx
          .insertInto('apop_follow_up')
          .values({
            screening_id: s.id,
            patient_id: s.patient_id,
            department_id: s.department_id,
            due_at: followUpDueAt,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await this.audit.record(trx, actor.audit, {
          eventType: 'apop.follow-up.create',
          action: 'C',
          objectType: 'apop-follow-up',
          objectId: f.id,
          patientId: s.patient_id,
          details: { dueAt: followUpDueAt.toISOString() },
        });
      }
      const [patient, model] = await Promise.all([
        trx.selectFrom('patient').selectAll().where('id', '=', s.patient_id).executeTakeFirstOrThrow(),
        s.model_id
          ? trx.selectFrom('apop_model').selectAll().where('id', '=', s.model_id).executeTakeFirst()
          : undefined,
      ]);
      const pdf = await renderApopLetter({
        language: LETTER_LANGUAGE,
        date: todayInAmsterdam(now),
        hospital,
        department,
        familyDoctor: patient.family_doctor_name,
        patient: {
          name: personName(patient.given_name, patient.family_name),
          birthDate: patient.birth_date,
          bsn: patient.bsn,
        },
        screenedAt: s.screened_at,
        screenedBy: s.screened_by_name,
        age: s.age,
        outcome: s.outcome as ApopOutcome,
        risk: s.risk,
        cognitive: { impaired: s.cognitive_impaired, reasons: s.cognitive_reasons as ApopCognitiveReason[] },
        functional:
          s.functional_status === 'computed' && s.functional_probability !== null
            ? { status: 'computed', probability: s.functional_probability }
            : { status: 'not-configured' },
        model: model
          ? { version: model.version, validatedBy: model.validated_by, source: model.source }
          : null,
        disposition: input.disposition,
        dischargedAt,
        followUpDueAt,
      });
      const letter = await trx
        .insertInto('apop_letter')
        .values({
          screening_id: s.id,
          language: LETTER_LANGUAGE,
          pdf,
          sha256: sha256Hex(pdf),
          created_at: now,
          created_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor.audit, {
        eventType: 'apop.disposition.record',
        action: 'U',
        objectType: 'apop-screening',
        objectId: s.id,
        patientId: s.patient_id,
        details: {
          disposition: input.disposition,
          followUpCall: followUpDueAt !== null,
          letter: letter.id,
        },
      });
      await recordIdempotency(trx, idem, 200, { id: s.id });
    });
  }

  /** The ER nurses' call list, by deadline; overdue calls are marked (R-APOP-04). */
  async followUps(actor: StaffActor, open: boolean, limit: number) {
    this.requireEr(actor);
    const rows = await apopFollowUps(this.db, { departmentIds: actor.departmentIds, open, limit });
    await this.audit.record(this.db, actor.audit, {
      eventType: 'apop.follow-up.list',
      action: 'R',
      objectType: 'apop-follow-up',
      details: { open, returned: rows.length },
    });
    const now = new Date();
    return rows.map((r) => followUpItemView(r, now));
  }

  async closeFollowUp(actor: StaffActor, id: string, input: CallOutcomeInput) {
    return this.db.transaction().execute(async (trx) => {
      const f = await lockApopFollowUp(trx, id);
      if (!f || !this.canSee(actor, f.department_id)) throw new HttpError(404, 'not-found');
      if (f.closed_at !== null) throw new HttpError(409, 'apop-step-not-allowed');
      const closed = await trx
        .updateTable('apop_follow_up')
        .set({
          closed_at: new Date(),
          closed_by: actor.userId,
          closed_by_name: actor.name,
          call_outcome: input.outcome,
          instructions_repeated: input.instructionsRepeated,
          family_doctor_contacted: input.familyDoctorContacted,
          note: input.note,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor.audit, {
        eventType: 'apop.follow-up.close',
        action: 'U',
        objectType: 'apop-follow-up',
        objectId: id,
        patientId: f.patient_id,
        details: { outcome: input.outcome, familyDoctorContacted: input.familyDoctorContacted },
      });
      return followUpView(closed, new Date());
    });
  }

  /** The stored discharge-letter section, checked against its hash. */
  async letter(actor: StaffActor, screeningId: string): Promise<{ filename: string; pdf: Buffer }> {
    const s = await this.visibleScreening(actor, screeningId);
    const letter = await apopLetterOf(this.db, s.id);
    if (!letter) throw new HttpError(404, 'not-found');
    // pg hands back a Buffer, PGlite a Uint8Array.
    const pdf = Buffer.isBuffer(letter.pdf)
      ? letter.pdf
      : Buffer.from(letter.pdf.buffer, letter.pdf.byteOffset, letter.pdf.byteLength);
    if (sha256Hex(pdf) !== letter.sha256)
      throw new Error(`apop letter ${letter.id}: the stored PDF does not match its SHA-256`);
    await this.audit.record(this.db, actor.audit, {
      eventType: 'apop.letter.download',
      action: 'R',
      objectType: 'apop-letter',
      objectId: letter.id,
      patientId: s.patient_id,
    });
    const day = s.screened_at.toISOString().slice(0, 10);
    return { filename: `apop-ontslagbrief-${day}.pdf`, pdf };
  }
}
