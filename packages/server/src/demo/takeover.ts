import { findUserIdByEmail } from '@loket/db';
import type { LoketContext } from '../context.ts';
import { actorFor } from '../referrals/actor.ts';
import { SettingsService } from '../settings/service.ts';
import { insertPatient, insertReferral } from '../takeover/fixtures.ts';
import { TakeoverService } from '../takeover/service.ts';

/**
 * Demo data of takeover: a second opinion at the oncology center after which the treating specialist asked for a
 * takeover of treatment. Not yet confirmed: the patient has still to choose, so the treating specialist is main
 * practitioner and the current hospital stays responsible (R-TO-02).
 */
export async function seedDemoTakeover(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals' | 'catalog'>,
): Promise<void> {
  const { db } = ctx;
  const doctorId = await findUserIdByEmail(db, 'doctor.abroad@demo.loket.nl');
  if (!doctorId) return;
  const patient = { bsn: '999990329', givenName: 'Mirjam', familyName: 'van Dijk' };
  const existing = await db
    .selectFrom('patient')
    .select('id')
    .where('bsn', '=', patient.bsn)
    .executeTakeFirst();
  const patientId = existing?.id ?? (await insertPatient(db, patient));
  const secondOpinion = await insertReferral(db, {
    kind: 'second-opinion',
    state: 'seen',
    departmentId: 'oncology-center',
    patientId,
    patient,
    referrer: {
      id: doctorId,
      name: 'Dr. Claire Martin (doctor abroad)',
      email: 'doctor.abroad@demo.loket.nl',
      kind: 'medical-specialist',
    },
    organisation: 'Centre Hospitalier de Lille (demo)',
  });
  // A second opinion without a takeover yet, for trying the request from the referral page.
  const neurologistId = await findUserIdByEmail(db, 'neuroloog@demo.loket.nl');
  if (neurologistId) {
    const other = { bsn: '999990354', givenName: 'Kees', familyName: 'Smit' };
    await insertReferral(db, {
      kind: 'second-opinion',
      state: 'seen',
      departmentId: 'oncology-center',
      patientId: await insertPatient(db, other),
      patient: other,
      referrer: {
        id: neurologistId,
        name: 'Dr. Bram Jansen (neuroloog, verwijzer)',
        email: 'neuroloog@demo.loket.nl',
        kind: 'medical-specialist',
      },
      organisationId: 'ziekenhuis-aan-de-rijn',
    });
  }
  const takeover = new TakeoverService({
    db,
    audit: ctx.audit,
    catalog: ctx.catalog,
    settings: new SettingsService(db),
  });
  await takeover.request(await actorFor(db, doctorId, 'demo'), secondOpinion, {
    note: 'The patient is considering moving her treatment to Leiden.',
  });
}
