import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { GpDoctorTable, GpPracticeTable, GpRegistrationTable } from './tables.ts';

type Executor = Kysely<Database> | Transaction<Database>;
export type GpDoctorRow = Selectable<GpDoctorTable>;
export type GpPracticeRow = Selectable<GpPracticeTable>;
export type GpRegistrationRow = Selectable<GpRegistrationTable>;

export async function findGpDoctor(db: Executor, agbCode: string): Promise<GpDoctorRow | undefined> {
  return db.selectFrom('gp_doctor').selectAll().where('agb_code', '=', agbCode).executeTakeFirst();
}

/** The practices a doctor works at, current and former, newest first. */
export async function gpAffiliations(db: Executor, doctorIds: readonly string[]) {
  if (doctorIds.length === 0) return [];
  return db
    .selectFrom('gp_affiliation as a')
    .innerJoin('gp_practice as p', 'p.id', 'a.practice_id')
    .select([
      'a.doctor_id',
      'a.started_on',
      'a.ended_on',
      'p.id as practice_id',
      'p.agb_code',
      'p.name',
      'p.street',
      'p.house_number',
      'p.postcode',
      'p.city',
    ])
    .where('a.doctor_id', 'in', doctorIds)
    .orderBy('a.started_on', 'desc')
    .execute();
}

export async function listGpDoctors(db: Executor, limit: number): Promise<GpDoctorRow[]> {
  return db.selectFrom('gp_doctor').selectAll().orderBy('name').limit(limit).execute();
}

export async function listGpPractices(db: Executor, limit: number): Promise<GpPracticeRow[]> {
  return db.selectFrom('gp_practice').selectAll().orderBy('name').limit(limit).execute();
}

/** Adds the doctor or updates the name and account link; returns the doctor's id. */
export async function upsertGpDoctor(
  trx: Executor,
  d: { agbCode: string; name: string; userId: string | null; startedOn?: string | null },
): Promise<string> {
  const row = await trx
    .insertInto('gp_doctor')
    .values({
      agb_code: d.agbCode,
      name: d.name,
      user_id: d.userId,
      started_on: d.startedOn ?? null,
    })
    .onConflict((oc) =>
      oc.column('agb_code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        user_id: sql<string | null>`coalesce(excluded.user_id, gp_doctor.user_id)`,
        updated_at: new Date(),
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function upsertGpPractice(
  trx: Executor,
  p: {
    agbCode: string;
    name: string;
    street: string | null;
    houseNumber: string | null;
    postcode: string | null;
    city: string | null;
  },
): Promise<string> {
  const row = await trx
    .insertInto('gp_practice')
    .values({
      agb_code: p.agbCode,
      name: p.name,
      street: p.street,
      house_number: p.houseNumber,
      postcode: p.postcode,
      city: p.city,
    })
    .onConflict((oc) =>
      oc.column('agb_code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        street: sql<string | null>`coalesce(excluded.street, gp_practice.street)`,
        house_number: sql<string | null>`coalesce(excluded.house_number, gp_practice.house_number)`,
        postcode: sql<string | null>`coalesce(excluded.postcode, gp_practice.postcode)`,
        city: sql<string | null>`coalesce(excluded.city, gp_practice.city)`,
        updated_at: new Date(),
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listGpRegistrations(
  db: Executor,
  f: { status?: string; doctorAgb?: string; limit: number },
): Promise<GpRegistrationRow[]> {
  let q = db.selectFrom('gp_registration').selectAll();
  if (f.status) q = q.where('status', '=', f.status as GpRegistrationRow['status']);
  if (f.doctorAgb) q = q.where('doctor_agb', '=', f.doctorAgb);
  return q.orderBy('submitted_at', 'desc').limit(f.limit).execute();
}

export async function lockGpRegistration(
  trx: Transaction<Database>,
  id: string,
): Promise<GpRegistrationRow | undefined> {
  return trx.selectFrom('gp_registration').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Moves the known patients of one family doctor to another (R-GP-01): the patient table's family doctor, and the
 * copy on their open referrals, so the next letter goes to the new practitioner. Returns the patients moved.
 */
export async function moveGpPatients(
  trx: Transaction<Database>,
  fromAgb: string,
  to: { agbCode: string; name: string; email: string | null },
): Promise<string[]> {
  const moved = await trx
    .updateTable('patient')
    .set({
      family_doctor_agb: to.agbCode,
      family_doctor_name: to.name,
      family_doctor_email: to.email,
      updated_at: new Date(),
    })
    .where('family_doctor_agb', '=', fromAgb)
    .returning('id')
    .execute();
  const ids = moved.map((m) => m.id);
  if (ids.length > 0) {
    await trx
      .updateTable('referral')
      .set({
        patient: sql`patient || ${JSON.stringify({
          familyDoctorAgb: to.agbCode,
          familyDoctorName: to.name,
          familyDoctorEmail: to.email,
        })}::jsonb`,
      })
      .where('patient_id', 'in', ids)
      .where(sql<string>`patient->>'familyDoctorAgb'`, '=', fromAgb)
      .where('state', 'not in', ['rejected', 'completed', 'cancelled'])
      .execute();
  }
  return ids;
}
