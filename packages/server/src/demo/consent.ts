import { findUserIdByEmail } from '@loket/db';
import type { DraftInput } from '@loket/domain';
import type { LoketContext } from '../context.ts';
import { ConsentService } from '../consent/service.ts';
import { actorFor } from '../referrals/actor.ts';
import { daanBakker } from './patients.ts';

/**
 * Demo data of consent (R-CON-01, R-CON-03, R-COM-02): made through the same services the API uses.
 * - Daan Bakker (patient@demo.loket.nl): treatment at internal medicine ended; the results letter to the family
 *   doctor waits for his consent, which he can give in the portal.
 * - Sanne Willems: she signed the consent form at the desk before treatment ended, so her results letter went
 *   out at once.
 * Test BSNs only.
 */
const familyDoctor = {
  name: 'Dr. Anna de Vries (huisarts)',
  agbCode: '01999001',
  email: 'huisarts@demo.loket.nl',
};

const daan = daanBakker;

const sanne = {
  bsn: '999990056',
  givenName: 'Sanne',
  familyName: 'Willems',
  birthDate: '1990-06-21',
  street: 'Lammenschansweg',
  houseNumber: '88',
  postcode: '2313 DP',
  city: 'Leiden',
  phone: '+31612345604',
};

const draft = (patient: DraftInput['patient'], reason: string): DraftInput => ({
  kind: 'new-referral',
  urgency: 'routine',
  departmentId: 'internal-medicine',
  patient,
  familyDoctor,
  confirmations: [],
  letter: { reason, 'urgency-period': 'binnen 4 weken', medication: 'geen' },
});

export async function seedDemoConsent(ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>): Promise<void> {
  const { db, referrals } = ctx;
  const who = async (email: string) => {
    const userId = await findUserIdByEmail(db, email);
    if (!userId) throw new Error(`demo account ${email} missing`);
    return actorFor(db, userId, 'demo-seed');
  };
  const gp = await who('huisarts@demo.loket.nl');
  const bo = await who('backoffice@demo.loket.nl');
  const triage = await who('triage@demo.loket.nl');
  const specialist = await who('specialist@demo.loket.nl');
  const consent = new ConsentService({ db, audit: ctx.audit });

  const seen = async (d: DraftInput) => {
    const r = await referrals.createDraft(gp, d, null);
    await referrals.submit(gp, r.id, null);
    await referrals.act(bo, r.id, 'start-triage', {}, null);
    await referrals.act(
      triage,
      r.id,
      'accept',
      { urgency: 'routine', specialistIds: [specialist.userId] },
      null,
    );
    const lastWeek = new Date(Date.now() - 7 * 24 * 3600 * 1000);
    await referrals.act(
      bo,
      r.id,
      'schedule',
      { start: lastWeek.toISOString(), location: 'Polikliniek Interne Geneeskunde, B2-P' },
      null,
    );
    await referrals.act(specialist, r.id, 'record-consult', { note: 'Consult gehouden' }, null);
    return r.id;
  };

  // Waiting: the letter is made and kept; it goes when Daan consents.
  const waiting = await seen(draft(daan, 'Vermoeidheid en lichte anemie, Hb 7,0 mmol/l'));
  await referrals.act(
    specialist,
    waiting,
    'complete',
    {
      summary: 'IJzergebrek door voeding; ijzersuppletie gestart, Hb hersteld naar 8,2 mmol/l.',
      endOfTreatment: true,
    },
    null,
  );

  // Given beforehand: the signed form was recorded, so the letter went at once.
  const given = await seen(draft(sanne, 'Schildklierfunctie afwijkend, TSH 8,4 mU/l'));
  await consent.give(
    bo,
    given,
    {
      scope: 'results-letter-to-family-doctor',
      method: 'signed-form',
      note: 'Toestemmingsformulier getekend aan de balie van de polikliniek.',
    },
    null,
  );
  await referrals.act(
    specialist,
    given,
    'complete',
    {
      summary: 'Subklinische hypothyreoïdie; geen behandeling nodig, controle TSH over 6 maanden.',
      endOfTreatment: false,
    },
    null,
  );
}
