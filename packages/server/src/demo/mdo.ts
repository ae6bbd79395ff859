import { findUserIdByEmail } from '@loket/db';
import type { LoketContext } from '../context.ts';
import { MdoService } from '../mdo/service.ts';
import { actorFor } from '../referrals/actor.ts';
import { insertPatient, insertReferral } from '../takeover/fixtures.ts';

/**
 * Demo data of mdo: tomorrow's tumour board of the oncology center with a case on its agenda, seen by the specialist
 * and put on the agenda through the same service the API uses.
 */
export async function seedDemoMdo(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals' | 'catalog'>,
): Promise<void> {
  const { db } = ctx;
  const [gpId, specialistId] = await Promise.all([
    findUserIdByEmail(db, 'huisarts@demo.loket.nl'),
    findUserIdByEmail(db, 'specialist@demo.loket.nl'),
  ]);
  if (!gpId || !specialistId) return;
  const patient = {
    bsn: '999990342',
    givenName: 'Wilma',
    familyName: 'Kok',
    familyDoctorEmail: 'huisarts@demo.loket.nl',
  };
  const existing = await db
    .selectFrom('patient')
    .select('id')
    .where('bsn', '=', patient.bsn)
    .executeTakeFirst();
  const patientId = existing?.id ?? (await insertPatient(db, patient));
  const referralId = await insertReferral(db, {
    kind: 'new-referral',
    state: 'scheduled',
    departmentId: 'oncology-center',
    patientId,
    patient,
    referrer: {
      id: gpId,
      name: 'Dr. Anna de Vries (huisarts)',
      email: 'huisarts@demo.loket.nl',
      kind: 'family-doctor',
    },
  });
  const specialist = await actorFor(db, specialistId, 'demo');
  await ctx.referrals.act(
    specialist,
    referralId,
    'record-consult',
    { note: 'Knobbel rechterborst, biopten afgenomen.' },
    null,
  );
  const mdo = new MdoService({ db, audit: ctx.audit, catalog: ctx.catalog, referrals: ctx.referrals });
  // Tomorrow at 16:00 in Amsterdam (15:00 UTC in winter, 14:00 in summer; an hour either way does not matter here).
  const tomorrow = new Date(Date.now() + 86_400_000);
  tomorrow.setUTCHours(15, 0, 0, 0);
  const meetingId = await mdo.schedule(specialist, {
    departmentId: 'oncology-center',
    title: 'Tumorwerkgroep mammacarcinoom',
    startsAt: tomorrow.toISOString(),
    location: 'Vergaderzaal J-01-12',
  });
  await mdo.addCase(specialist, meetingId, {
    referralId,
    question: 'Primaire operatie of eerst neoadjuvante behandeling?',
  });
}
