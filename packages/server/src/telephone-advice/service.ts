import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  departmentsOfPatient,
  filedTelephoneAdviceOfDepartments,
  filedTelephoneAdviceOfPatient,
  findPatientIdByBsn,
  findTelephoneAdvice,
  lockTelephoneAdvice,
  nextTelephoneAdviceReference,
  telephoneAdviceOfRecorder,
  type Database,
  type TelephoneAdviceRow,
} from '@loket/db';
import {
  isTelephoneAdviceStaff,
  mayAddTelephoneAdviceConsent,
  mayOpenTelephoneAdvicePatientFile,
  problemsOf,
  telephoneAdviceAccess,
  TelephoneAdviceInputSchema,
  type TelephoneAdviceAccess,
} from '@loket/domain';
import type { AuditTrail } from '../audit/trail.ts';
import type { CatalogService } from '../catalog/service.ts';
import type { StoredFile } from '../documents/index.ts';
import { HttpError } from '../http/errors.ts';
import { claimIdempotency, recordIdempotency, type IdempotencyClaim } from '../http/idempotency.ts';
import type { ReferralActor } from '../referrals/actor.ts';

/**
 * Telephone advice records (R-TEL-01) and the consent that lets them join the patient's file (R-CON-02). Every
 * read and change writes its audit record (R-SEC-01); a record the actor may not see answers 404 (R-SEC-03).
 */
export interface VisibleAdvice {
  row: TelephoneAdviceRow;
  access: TelephoneAdviceAccess;
}

const facts = (r: TelephoneAdviceRow) => ({
  state: r.state,
  departmentId: r.department_id,
  recordedBy: r.recorded_by,
});

export class TelephoneAdviceService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private readonly catalog: CatalogService;

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail; catalog: CatalogService }) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.catalog = deps.catalog;
  }

  /** The referrer (or hospital staff) records the advice received; it waits for the patient's consent. */
  async record(
    actor: ReferralActor,
    input: unknown,
    idem: IdempotencyClaim | null,
  ): Promise<TelephoneAdviceRow> {
    const parsed = TelephoneAdviceInputSchema.safeParse(input);
    if (!parsed.success) throw new HttpError(400, 'invalid-input', { problems: problemsOf(parsed.error) });
    const advice = parsed.data;
    // The catalog is read before the transaction: PGlite has one connection.
    const snapshot = await this.catalog.snapshot();
    if (!snapshot.departments.some((d) => d.department.id === advice.departmentId))
      throw new HttpError(400, 'invalid-input', {
        problems: [{ path: 'departmentId', message: `There is no department "${advice.departmentId}"` }],
      });
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const now = new Date();
      const row = await trx
        .insertInto('telephone_advice')
        .values({
          id: randomUUID(),
          reference: await nextTelephoneAdviceReference(trx, now.getFullYear()),
          state: 'awaiting-consent',
          patient: JSON.stringify(advice.patient),
          patient_id: null,
          department_id: advice.departmentId,
          consulted_specialist: advice.consultedSpecialist,
          consulted_on: advice.consultedOn,
          advice: advice.advice,
          supplementary_info: advice.supplementaryInfo,
          recorded_by: actor.userId,
          recorded_by_name: actor.name,
          recorded_by_role: actor.roles.includes('referrer')
            ? 'referrer'
            : (actor.roles.find((r) => isTelephoneAdviceStaff({ roles: [r] })) ?? actor.roles[0] ?? ''),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor.audit, {
        eventType: 'telephone-advice.create',
        action: 'C',
        objectType: 'telephone-advice',
        objectId: row.id,
        details: { reference: row.reference, state: row.state, department: row.department_id },
      });
      await recordIdempotency(trx, idem, 201, { id: row.id });
      return row;
    });
  }

  async visible(actor: ReferralActor, id: string): Promise<VisibleAdvice> {
    const row = await findTelephoneAdvice(this.db, id);
    const access = row ? telephoneAdviceAccess(actor, facts(row)) : null;
    if (!row || !access) throw new HttpError(404, 'not-found');
    return { row, access };
  }

  /** One record, read by someone who may see it; the read is audited. */
  async read(actor: ReferralActor, id: string, eventType = 'telephone-advice.read'): Promise<VisibleAdvice> {
    const found = await this.visible(actor, id);
    await this.audit.record(this.db, actor.audit, {
      eventType,
      action: 'R',
      objectType: 'telephone-advice',
      objectId: id,
      patientId: found.row.patient_id,
      details: { reference: found.row.reference },
    });
    return found;
  }

  /** Checks, before a file is received, that the actor may add the consent to this record. */
  async checkConsentAllowed(actor: ReferralActor, id: string): Promise<VisibleAdvice> {
    const found = await this.visible(actor, id);
    if (found.access !== 'recorder') throw new HttpError(403, 'not-permitted');
    return found;
  }

  /**
   * The signed declaration arrived: the record joins the patient's file (R-CON-02). The patient is found in the
   * registry by BSN, or registered. The same file sent twice (a double click) answers with the filed record.
   */
  async addConsent(actor: ReferralActor, id: string, file: StoredFile): Promise<VisibleAdvice> {
    return this.db.transaction().execute(async (trx) => {
      const r = await lockTelephoneAdvice(trx, id);
      const access = r ? telephoneAdviceAccess(actor, facts(r)) : null;
      if (!r || !access) throw new HttpError(404, 'not-found');
      if (!mayAddTelephoneAdviceConsent(access, r.state)) {
        if (access === 'recorder' && r.consent_sha256 === file.sha256) {
          // The filed record is answered again: a read of patient data, audited as one (R-SEC-01).
          await this.audit.record(trx, actor.audit, {
            eventType: 'telephone-advice.read',
            action: 'R',
            objectType: 'telephone-advice',
            objectId: id,
            patientId: r.patient_id,
            details: { reference: r.reference, replay: true },
          });
          return { row: r, access };
        }
        if (access === 'recorder') throw new HttpError(409, 'telephone-advice-filed');
        throw new HttpError(403, 'not-permitted');
      }
      const now = new Date();
      const patientId = await this.patientOf(trx, r);
      const row = await trx
        .updateTable('telephone_advice')
        .set({
          state: 'in-file',
          patient_id: patientId,
          consent_filename: file.filename,
          consent_media_type: file.mediaType,
          consent_size: file.size,
          consent_sha256: file.sha256,
          consent_storage_key: file.storageKey,
          consent_uploaded_by: actor.userId,
          consent_uploaded_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor.audit, {
        eventType: 'telephone-advice.consent',
        action: 'U',
        objectType: 'telephone-advice',
        objectId: id,
        patientId,
        details: {
          reference: row.reference,
          from: r.state,
          to: row.state,
          mediaType: file.mediaType,
          size: file.size,
          sha256: file.sha256,
        },
      });
      return { row, access };
    });
  }

  private async patientOf(trx: Transaction<Database>, r: TelephoneAdviceRow): Promise<string> {
    const p = r.patient;
    const existing = await findPatientIdByBsn(trx, p.bsn);
    if (existing) return existing;
    const id = randomUUID();
    await trx
      .insertInto('patient')
      .values({
        id,
        bsn: p.bsn,
        no_bsn_reason: null,
        given_name: p.givenName,
        family_name: p.familyName,
        birth_date: p.birthDate,
        street: p.street,
        house_number: p.houseNumber,
        postcode: p.postcode,
        city: p.city,
        phone: null,
        email: null,
        family_doctor_name: null,
        family_doctor_agb: null,
        family_doctor_email: null,
      })
      .execute();
    return id;
  }

  /** The recorder's own records and, for department staff, the filed records of their departments. */
  async list(actor: ReferralActor, limit: number): Promise<VisibleAdvice[]> {
    const own = await telephoneAdviceOfRecorder(this.db, actor.userId, limit);
    const department = isTelephoneAdviceStaff(actor)
      ? await filedTelephoneAdviceOfDepartments(this.db, actor.departmentIds, limit)
      : [];
    const seen = new Set(own.map((r) => r.id));
    const out: VisibleAdvice[] = [
      ...own.map((row) => ({ row, access: 'recorder' as const })),
      ...department.filter((r) => !seen.has(r.id)).map((row) => ({ row, access: 'department' as const })),
    ];
    await this.audit.record(this.db, actor.audit, {
      eventType: 'telephone-advice.list',
      action: 'R',
      objectType: 'telephone-advice',
      details: { returned: out.length },
    });
    return out;
  }

  /**
   * The filed telephone advice in a patient's file, for staff whose department has the patient (R-SEC-03).
   * A patient the actor may not see is answered like an unknown one.
   */
  async patientFile(actor: ReferralActor, bsn: string) {
    const patientId = await findPatientIdByBsn(this.db, bsn);
    const allowed =
      patientId !== undefined &&
      mayOpenTelephoneAdvicePatientFile(actor, await departmentsOfPatient(this.db, patientId));
    const rows = allowed ? await filedTelephoneAdviceOfPatient(this.db, patientId) : [];
    const patient = allowed
      ? await this.db
          .selectFrom('patient')
          .select(['id', 'given_name', 'family_name', 'birth_date'])
          .where('id', '=', patientId)
          .executeTakeFirstOrThrow()
      : null;
    await this.audit.record(this.db, actor.audit, {
      eventType: 'telephone-advice.patient-file',
      action: 'R',
      outcome: allowed ? 'success' : 'not-found',
      objectType: 'patient',
      objectId: allowed ? patientId : null,
      patientId: allowed ? patientId : null,
      // The search is recorded without the BSN itself.
      details: { by: 'bsn', returned: rows.length },
    });
    return {
      patient,
      // The file shows every filed advice; a record itself opens only for its recorder and department.
      records: rows.map((row) => ({ row, access: telephoneAdviceAccess(actor, facts(row)) })),
    };
  }

  /** The signed declaration of a record the actor may see; the download is audited. */
  async consentDocument(actor: ReferralActor, id: string): Promise<TelephoneAdviceRow> {
    const { row } = await this.visible(actor, id);
    if (!row.consent_storage_key) throw new HttpError(404, 'not-found');
    await this.audit.record(this.db, actor.audit, {
      eventType: 'telephone-advice.consent-download',
      action: 'R',
      objectType: 'telephone-advice',
      objectId: id,
      patientId: row.patient_id,
      details: { reference: row.reference, sha256: row.consent_sha256 },
    });
    return row;
  }
}
