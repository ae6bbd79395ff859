import { findUserIdByEmail } from '@loket/db';
import type { LoketContext } from '../context.ts';
import { PatientPortalService } from '../patient-portal/service.ts';
import { actorFor } from '../referrals/actor.ts';
import { daanBakker } from './patients.ts';

/**
 * Demo data of patient-portal; runs once, after the demo accounts and referrals exist. The demo patient Daan Bakker
 * asked the oncology center for a second opinion himself, and the back office opened it, so a newcomer signing in
 * as the patient sees a living portal: a request waiting for his file, and a staff read in "who looked at my data".
 */
export async function seedDemoPatientPortal(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals' | 'catalog'>,
): Promise<void> {
  const { db, audit, referrals, catalog } = ctx;
  const [daan, office] = await Promise.all([
    findUserIdByEmail(db, 'patient@demo.loket.nl'),
    findUserIdByEmail(db, 'backoffice@demo.loket.nl'),
  ]);
  if (!daan || !office) return;
  const service = new PatientPortalService({ db, audit, catalog, referrals });
  const patient = await actorFor(db, daan, 'demo');
  const row = await service.request(
    {
      patient: { ...daanBakker, country: 'NL' },
      hasBsn: true,
      departmentId: 'oncology-center',
      question:
        'Mijn internist in het Alrijne Ziekenhuis stelt een operatie voor van een tumor in de dikke darm. Is dat de beste behandeling, of eerst chemotherapie?',
      treatingSpecialist: { name: 'Dr. R. de Graaf', organisation: 'Alrijne Ziekenhuis, Leiderdorp' },
      treatedAbroad: false,
      imagingDone: true,
      familyDoctor: { name: 'Dr. Jeroen Bakker' },
      consentToObtainRecords: true,
      responsibilitiesRead: true,
    },
    { kind: 'signed-in', actor: patient },
    null,
  );
  if (!row) return;
  const staff = await actorFor(db, office, 'demo');
  await audit.record(db, staff.audit, {
    eventType: 'referral.read',
    action: 'R',
    objectType: 'referral',
    objectId: row.id,
    patientId: row.patient_id,
  });
}
