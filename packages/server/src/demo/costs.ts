import { findUserIdByEmail, insertEvent } from '@loket/db';
import type { LoketContext } from '../context.ts';
import { CostsService } from '../costs/service.ts';
import { actorFor } from '../referrals/actor.ts';
import { daanBakker, type DemoPatient } from './patients.ts';

/**
 * Demo data of costs (R-COST-01 … 04): second opinions at the Oncology Center, registered by the back office
 * through the referral service, with their costs recorded through the costs service. One waits for an unpaid
 * advance, one for the costs team (insured abroad), one is covered, and one still waits for the patient's check.
 * Test BSNs only; the patients match the demo desk's.
 */
export async function seedDemoCosts(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'> & { config?: LoketContext['config'] },
): Promise<void> {
  const { db, referrals } = ctx;
  const costs = new CostsService({
    db,
    audit: ctx.audit,
    publicUrl: ctx.config?.publicUrl ?? 'http://localhost:3000',
  });
  const id = async (email: string) => {
    const userId = await findUserIdByEmail(db, email);
    if (!userId) throw new Error(`demo account ${email} is missing`);
    return actorFor(db, userId, 'demo-seed');
  };
  const [bo, triage, careAdmin, patient] = await Promise.all([
    id('backoffice@demo.loket.nl'),
    id('triage@demo.loket.nl'),
    id('zorgadministratie@demo.loket.nl'),
    id('patient@demo.loket.nl'),
  ]);
  const today = new Date().toISOString().slice(0, 10);

  const secondOpinion = async (patientData: DemoPatient, question: string) =>
    referrals.register(
      bo,
      {
        departmentId: 'oncology-center',
        kind: 'second-opinion',
        urgency: 'routine',
        channel: 'email',
        patient: { ...patientData, country: 'NL' },
        letter: { reason: question },
        referrer: {
          name: 'Dr. M. Chirurg (Alrijne Ziekenhuis)',
          agbCode: null,
          specialism: 'surgery',
          email: 'chirurg@alrijne.example.org',
        },
      },
      null,
    );

  /**
   * The review of a second opinion belongs to the second-opinions capability; these cases stand at "accepted"
   * (reviewed, appointment still to make) so the cost steps before the appointment can be shown.
   */
  const accept = async (referralId: string) => {
    await db.transaction().execute(async (trx) => {
      const now = new Date();
      await trx
        .updateTable('referral')
        .set({
          state: 'accepted',
          urgency: 'routine',
          decision: JSON.stringify({
            kind: 'accepted',
            urgency: 'routine',
            by: triage.name,
            at: now.toISOString(),
            note: null,
          }),
          updated_at: now,
        })
        .where('id', '=', referralId)
        .execute();
      await insertEvent(trx, {
        referral_id: referralId,
        at: now,
        actor_user_id: triage.userId,
        actor_name: triage.name,
        actor_role: triage.roles.join(','),
        type: 'accepted',
        from_state: 'received',
        to_state: 'accepted',
        note: null,
        visibility: 'everyone',
        data: { urgency: 'routine' },
      });
    });
  };

  // Not covered: the advance is asked and not yet paid, so the appointment waits (R-COST-03).
  const unpaid = await secondOpinion(
    daanBakker,
    'Second opinion over de voorgestelde behandeling van een coloncarcinoom',
  );
  await accept(unpaid.id);
  await costs.recordInsurance(patient, unpaid.id, {
    insurer: 'Zilveren Kruis',
    policyNumber: 'ZK-20417730',
    country: 'NL',
  });
  await costs.recordCoverage(patient, unpaid.id, {
    outcome: 'not-covered',
    checkedOn: today,
    note: 'Telefonisch nagevraagd: mijn aanvullende verzekering dekt dit jaar geen tweede second opinion.',
  });

  // Insured abroad: the costs team clears the case first (R-COST-04).
  const abroad = await secondOpinion(
    {
      bsn: '999990032',
      givenName: 'Fatima',
      familyName: 'El Amrani',
      birthDate: '1978-09-30',
      street: 'Haarlemmerstraat',
      houseNumber: '45',
      postcode: '2312 DK',
      city: 'Leiden',
      phone: '+31612345602',
    },
    'Second opinion over de diagnose en behandeling van een mammacarcinoom',
  );
  await accept(abroad.id);
  await costs.recordInsurance(bo, abroad.id, {
    insurer: 'Mutualité Chrétienne',
    policyNumber: 'MC-883120-44',
    country: 'BE',
  });

  // Covered: nothing stands in the way of the appointment.
  const covered = await secondOpinion(
    {
      bsn: '999990044',
      givenName: 'Henk',
      familyName: 'de Graaf',
      birthDate: '1949-01-05',
      street: 'Hoofdstraat',
      houseNumber: '3',
      postcode: '2171 AT',
      city: 'Sassenheim',
      phone: '+31612345603',
    },
    'Second opinion over de behandelopties bij een prostaatcarcinoom',
  );
  await accept(covered.id);
  await costs.recordInsurance(bo, covered.id, { insurer: 'CZ', policyNumber: 'CZ-5561020', country: 'NL' });
  await costs.recordCoverage(careAdmin, covered.id, {
    outcome: 'covered',
    checkedOn: today,
    note: 'Bevestigd door CZ: één second opinion per jaar wordt vergoed.',
  });

  // Just received: the patient still has to ask the insurer; the page and an e-mail remind them (R-COST-01).
  await secondOpinion(
    {
      bsn: '999990056',
      givenName: 'Sanne',
      familyName: 'Willems',
      birthDate: '1990-06-21',
      street: 'Lammenschansweg',
      houseNumber: '88',
      postcode: '2313 DP',
      city: 'Leiden',
      phone: '+31612345604',
    },
    'Second opinion over de noodzaak van een aanvullende operatie bij een melanoom',
  );
}
