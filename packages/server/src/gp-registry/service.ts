import type { Kysely, Transaction } from 'kysely';
import type { AccountRecord } from '@loket/db';
import {
  findGpDoctor,
  gpAffiliations,
  listGpDoctors,
  listGpRegistrations,
  lockGpRegistration,
  moveGpPatients,
  upsertGpDoctor,
  upsertGpPractice,
  type Database,
  type GpDoctorRow,
  type GpRegistrationRow,
} from '@loket/db';
import {
  confirmationProblems,
  GpConfirmInputSchema,
  GpRegistrationInputSchema,
  GpRejectInputSchema,
  isFamilyDoctorAgb,
  registrationEffect,
  usableSecureMail,
  type GpRegistration,
} from '@loket/domain';
import type { z } from 'zod';
import type { AuditActor, AuditTrail } from '../audit/trail.ts';
import { HttpError } from '../http/errors.ts';
import { claimIdempotency, recordIdempotency, type IdempotencyClaim } from '../http/idempotency.ts';
import { todayInAmsterdam } from '../settings/service.ts';

/**
 * The family-doctor registry (R-GP-01). A doctor's registration waits for a human Vektis check; only a confirmed
 * registration changes the registry, and a confirmed takeover moves the known patients in the same transaction.
 */
type Executor = Kysely<Database> | Transaction<Database>;

export function registrationView(r: GpRegistrationRow, patientsToMove: number | null = null) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    doctor: { agbCode: r.doctor_agb, name: r.doctor_name },
    request: r.request,
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by_name,
    checks: r.checks,
    checkNote: r.check_note,
    rejectionReason: r.rejection_reason,
    patientsMoved: r.patients_moved,
    /** For a pending takeover: how many known patients would move on confirmation. */
    patientsToMove,
    version: r.version,
  };
}
export type RegistrationView = ReturnType<typeof registrationView>;

async function doctorView(db: Executor, d: GpDoctorRow, today: string) {
  const affiliations = await gpAffiliations(db, [d.id]);
  return {
    agbCode: d.agb_code,
    name: d.name,
    secureMail: d.secure_mail,
    secureMailConfirmedAt: d.secure_mail_confirmed_at,
    secureMailConfirmedBy: d.secure_mail_confirmed_by,
    secureMailInUse: usableSecureMail(
      { secureMail: d.secure_mail, secureMailConfirmedAt: d.secure_mail_confirmed_at, endedOn: d.ended_on },
      today,
    ),
    startedOn: d.started_on,
    endedOn: d.ended_on,
    practices: affiliations.map((a) => ({
      agbCode: a.agb_code,
      name: a.name,
      address: [a.street, a.house_number, a.postcode, a.city].filter(Boolean).join(' ') || null,
      startedOn: a.started_on,
      endedOn: a.ended_on,
      current: a.ended_on === null || a.ended_on >= today,
    })),
  };
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success)
    throw new HttpError(400, 'invalid-input', {
      problems: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  return r.data;
}

export class GpRegistryService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail }) {
    this.db = deps.db;
    this.audit = deps.audit;
  }

  private familyDoctor(account: AccountRecord | null): { agbCode: string; account: AccountRecord } {
    if (!account || !isFamilyDoctorAgb(account.agbCode)) throw new HttpError(403, 'not-permitted');
    return { agbCode: account.agbCode!, account };
  }

  /** The signed-in family doctor's entry in the registry and the registrations they sent. */
  async mine(account: AccountRecord | null, actor: AuditActor) {
    const { agbCode } = this.familyDoctor(account);
    const today = todayInAmsterdam();
    const [doctor, registrations] = await Promise.all([
      findGpDoctor(this.db, agbCode),
      listGpRegistrations(this.db, { doctorAgb: agbCode, limit: 50 }),
    ]);
    await this.audit.record(this.db, actor, {
      eventType: 'gp-registry.read-own',
      action: 'R',
      objectType: 'gp-doctor',
      objectId: agbCode,
    });
    return {
      agbCode,
      name: account!.name,
      registered: doctor ? await doctorView(this.db, doctor, today) : null,
      registrations: registrations.map((r) => registrationView(r)),
    };
  }

  /** A family doctor sends a registration; an earlier one of the same kind still waiting is replaced by it. */
  async submit(
    account: AccountRecord | null,
    actor: AuditActor,
    input: unknown,
    idem: IdempotencyClaim | null,
  ): Promise<GpRegistrationRow> {
    const { agbCode, account: a } = this.familyDoctor(account);
    const reg = parse(GpRegistrationInputSchema, input);
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      await trx
        .updateTable('gp_registration')
        .set({ status: 'superseded' })
        .where('doctor_agb', '=', agbCode)
        .where('kind', '=', reg.kind)
        .where('status', '=', 'pending')
        .execute();
      const row = await trx
        .insertInto('gp_registration')
        .values({
          kind: reg.kind,
          doctor_agb: agbCode,
          doctor_name: a.name,
          submitted_by: a.id,
          submitted_at: new Date(),
          request: JSON.stringify(reg),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor, {
        eventType: 'gp-registry.register',
        action: 'C',
        objectType: 'gp-registration',
        objectId: row.id,
        details: { kind: reg.kind },
      });
      await recordIdempotency(trx, idem, 201, { id: row.id });
      return row;
    });
  }

  /** A registration the viewer may see: the doctor their own, staff every one; otherwise a 404. */
  async visible(account: AccountRecord | null, staff: boolean, id: string): Promise<GpRegistrationRow> {
    const row = await this.db
      .selectFrom('gp_registration')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new HttpError(404, 'not-found');
    if (!staff && row.submitted_by !== account?.id) throw new HttpError(404, 'not-found');
    return row;
  }

  /** Staff: registrations to check (by default those waiting), with how many patients a takeover would move. */
  async registrations(actor: AuditActor, status: string | undefined) {
    const rows = await listGpRegistrations(this.db, { ...(status ? { status } : {}), limit: 200 });
    const views = [];
    for (const r of rows) {
      const from = r.status === 'pending' ? this.takeoverFrom(r) : null;
      views.push(registrationView(r, from ? await this.knownPatients(this.db, from) : null));
    }
    await this.audit.record(this.db, actor, {
      eventType: 'gp-registry.list',
      action: 'R',
      objectType: 'gp-registration',
      details: { status: status ?? 'all', returned: rows.length },
    });
    return views;
  }

  async doctors(actor: AuditActor) {
    const today = todayInAmsterdam();
    const rows = await listGpDoctors(this.db, 500);
    const out = [];
    for (const d of rows) out.push(await doctorView(this.db, d, today));
    await this.audit.record(this.db, actor, {
      eventType: 'gp-registry.doctors',
      action: 'R',
      objectType: 'gp-doctor',
      details: { returned: rows.length },
    });
    return out;
  }

  private request(r: GpRegistrationRow): GpRegistration {
    return GpRegistrationInputSchema.parse(r.request);
  }

  private takeoverFrom(r: GpRegistrationRow): string | null {
    return registrationEffect(this.request(r), r.doctor_agb).movePatientsFrom;
  }

  private async knownPatients(db: Executor, agbCode: string): Promise<number> {
    const r = await db
      .selectFrom('patient')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('family_doctor_agb', '=', agbCode)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * Staff confirm a registration after the Vektis check, recording who, when and what was checked; the registry
   * changes and, for a takeover, the known patients move to the new practitioner, all in one transaction.
   */
  async confirm(
    id: string,
    actor: AuditActor & { userName: string | null },
    input: unknown,
  ): Promise<GpRegistrationRow> {
    const confirmation = parse(GpConfirmInputSchema, input);
    return this.db.transaction().execute(async (trx) => {
      const r = await lockGpRegistration(trx, id);
      if (!r) throw new HttpError(404, 'not-found');
      if (r.status !== 'pending') throw new HttpError(409, 'action-not-allowed', { state: r.status });
      const problems = confirmationProblems(r.kind, confirmation.checks);
      if (problems.length > 0) throw new HttpError(400, 'invalid-input', { problems });
      const reg = this.request(r);
      const effect = registrationEffect(reg, r.doctor_agb);
      const now = new Date();
      // A registration entered without the doctor's own account (the demo's) has no account to link.
      const submitter = await trx
        .selectFrom('auth.user')
        .select('id')
        .where('id', '=', r.submitted_by)
        .executeTakeFirst();
      const doctorId = await upsertGpDoctor(trx, {
        agbCode: r.doctor_agb,
        name: r.doctor_name,
        userId: submitter?.id ?? null,
        startedOn: reg.kind === 'new-in-region' ? reg.effectiveOn : null,
      });
      if (reg.kind === 'new-in-region')
        await trx
          .updateTable('gp_doctor')
          .set({ started_on: reg.effectiveOn, ended_on: null })
          .where('id', '=', doctorId)
          .execute();
      if (effect.secureMail)
        await trx
          .updateTable('gp_doctor')
          .set({
            secure_mail: effect.secureMail,
            secure_mail_confirmed_at: now,
            secure_mail_confirmed_by: actor.userName,
            updated_at: now,
          })
          .where('id', '=', doctorId)
          .execute();
      let practiceId: string | null = null;
      if (reg.kind === 'practice-change' || reg.kind === 'new-in-region') {
        practiceId = await upsertGpPractice(trx, reg.practice);
      }
      if (effect.leaveOtherPracticesOn) {
        let q = trx
          .updateTable('gp_affiliation')
          .set({ ended_on: effect.leaveOtherPracticesOn })
          .where('doctor_id', '=', doctorId)
          .where('ended_on', 'is', null);
        if (practiceId) q = q.where('practice_id', '!=', practiceId);
        await q.execute();
      }
      if (effect.endsOn)
        await trx
          .updateTable('gp_doctor')
          .set({ ended_on: effect.endsOn, updated_at: now })
          .where('id', '=', doctorId)
          .execute();
      if (practiceId && effect.joinPractice) {
        const open = await trx
          .selectFrom('gp_affiliation')
          .select('doctor_id')
          .where('doctor_id', '=', doctorId)
          .where('practice_id', '=', practiceId)
          .where('ended_on', 'is', null)
          .executeTakeFirst();
        if (!open)
          await trx
            .insertInto('gp_affiliation')
            .values({ doctor_id: doctorId, practice_id: practiceId, started_on: effect.joinPractice.from })
            .onConflict((oc) => oc.doNothing())
            .execute();
      }

      let moved: string[] = [];
      if (effect.movePatientsFrom) {
        const former = await findGpDoctor(trx, effect.movePatientsFrom);
        // The former doctor leaves the practice the new one takes over.
        if (former && practiceId && effect.joinPractice)
          await trx
            .updateTable('gp_affiliation')
            .set({ ended_on: effect.joinPractice.from })
            .where('doctor_id', '=', former.id)
            .where('practice_id', '=', practiceId)
            .where('ended_on', 'is', null)
            .execute();
        const doctor = await findGpDoctor(trx, r.doctor_agb);
        moved = await moveGpPatients(trx, effect.movePatientsFrom, {
          agbCode: r.doctor_agb,
          name: r.doctor_name,
          email: usableSecureMail(
            doctor
              ? {
                  secureMail: doctor.secure_mail,
                  secureMailConfirmedAt: doctor.secure_mail_confirmed_at,
                  endedOn: doctor.ended_on,
                }
              : null,
            todayInAmsterdam(now),
          ),
        });
        for (const patientId of moved)
          await this.audit.record(trx, actor, {
            eventType: 'gp-registry.move-patient',
            action: 'U',
            objectType: 'patient',
            objectId: patientId,
            patientId,
            details: { registration: r.id, fromAgb: effect.movePatientsFrom, toAgb: r.doctor_agb },
          });
      }

      const row = await trx
        .updateTable('gp_registration')
        .set({
          status: 'confirmed',
          decided_at: now,
          decided_by: actor.userId,
          decided_by_name: actor.userName,
          checks: JSON.stringify(confirmation.checks),
          check_note: confirmation.note,
          patients_moved: effect.movePatientsFrom ? moved.length : null,
          version: r.version + 1,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor, {
        eventType: 'gp-registry.confirm',
        action: 'U',
        objectType: 'gp-registration',
        objectId: id,
        details: {
          kind: r.kind,
          doctorAgb: r.doctor_agb,
          checks: confirmation.checks,
          patientsMoved: row.patients_moved,
        },
      });
      return row;
    });
  }

  async reject(id: string, actor: AuditActor, input: unknown): Promise<GpRegistrationRow> {
    const { reason } = parse(GpRejectInputSchema, input);
    return this.db.transaction().execute(async (trx) => {
      const r = await lockGpRegistration(trx, id);
      if (!r) throw new HttpError(404, 'not-found');
      if (r.status !== 'pending') throw new HttpError(409, 'action-not-allowed', { state: r.status });
      const row = await trx
        .updateTable('gp_registration')
        .set({
          status: 'rejected',
          decided_at: new Date(),
          decided_by: actor.userId,
          decided_by_name: actor.userName,
          rejection_reason: reason,
          version: r.version + 1,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor, {
        eventType: 'gp-registry.reject',
        action: 'U',
        objectType: 'gp-registration',
        objectId: id,
        details: { kind: r.kind, doctorAgb: r.doctor_agb },
      });
      return row;
    });
  }
}
