import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertEvent, nextReferralReference, type Database } from '@loket/db';

/**
 * Test and demo data for takeover and MDO: a patient and a referral written straight into the tables in a given
 * state, so these do not depend on how second opinions are requested (another capability). Test BSNs only.
 */
export async function insertPatient(
  db: Kysely<Database>,
  p: { bsn: string; givenName: string; familyName: string; familyDoctorEmail?: string | null },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('patient')
    .values({
      id,
      bsn: p.bsn,
      given_name: p.givenName,
      family_name: p.familyName,
      birth_date: '1961-05-04',
      family_doctor_name: 'Dr. H. Huisarts',
      family_doctor_agb: '01999077',
      family_doctor_email:
        p.familyDoctorEmail === undefined ? 'huisarts@praktijk.example' : p.familyDoctorEmail,
    })
    .execute();
  return id;
}

export async function linkPatientAccount(db: Kysely<Database>, userId: string, patientId: string) {
  await db.insertInto('patient_account').values({ user_id: userId, patient_id: patientId }).execute();
}

export async function insertReferral(
  db: Kysely<Database>,
  r: {
    kind: 'second-opinion' | 'takeover' | 'new-referral';
    state: string;
    departmentId: string;
    patientId: string;
    patient: { bsn: string; givenName: string; familyName: string; familyDoctorEmail?: string | null };
    referrer: { id: string; name: string; email: string; kind: 'medical-specialist' | 'family-doctor' };
    organisation?: string;
    /** An existing organisation (the referrer's own); otherwise `organisation` makes one. */
    organisationId?: string;
  },
): Promise<string> {
  let organisationId: string | null = r.organisationId ?? null;
  if (r.organisation) {
    organisationId = `org-${randomUUID().slice(0, 8)}`;
    await db.insertInto('organisation').values({ id: organisationId, name: r.organisation }).execute();
  }
  const id = randomUUID();
  const now = new Date();
  await db
    .insertInto('referral')
    .values({
      id,
      reference: await nextReferralReference(db, now.getFullYear()),
      kind: r.kind,
      state: r.state,
      department_id: r.departmentId,
      care_path_id: null,
      sub_clinic_id: null,
      channel: 'portal',
      urgency_requested: 'routine',
      urgency: 'routine',
      patient_id: r.patientId,
      patient: JSON.stringify({
        bsn: r.patient.bsn,
        givenName: r.patient.givenName,
        familyName: r.patient.familyName,
        birthDate: '1961-05-04',
        familyDoctorName: 'Dr. H. Huisarts',
        familyDoctorAgb: '01999077',
        familyDoctorEmail:
          r.patient.familyDoctorEmail === undefined
            ? 'huisarts@praktijk.example'
            : r.patient.familyDoctorEmail,
      }),
      letter: JSON.stringify({ reason: 'Second opinion on the proposed treatment' }),
      confirmations: JSON.stringify([]),
      referrer_user_id: r.referrer.id,
      referrer_name: r.referrer.name,
      referrer_agb: null,
      referrer_specialism: 'Oncologie',
      referrer_kind: r.referrer.kind,
      referrer_email: r.referrer.email,
      organisation_id: organisationId,
      created_by: r.referrer.id,
      created_at: new Date(now.getTime() - 3_600_000),
      updated_at: now,
      submitted_at: new Date(now.getTime() - 3_600_000),
      assigned_specialists: JSON.stringify([]),
    })
    .execute();
  await db.transaction().execute((trx) =>
    insertEvent(trx, {
      referral_id: id,
      at: new Date(now.getTime() - 3_600_000),
      actor_user_id: r.referrer.id,
      actor_name: r.referrer.name,
      actor_role: 'referrer',
      type: 'submitted',
      from_state: 'draft',
      to_state: 'received',
      note: null,
      visibility: 'everyone',
    }),
  );
  return id;
}
