import { findUserIdByEmail } from '@loket/db';
import { addDays } from '@loket/domain';
import type { LoketContext } from '../context.ts';
import { actorFor, type ReferralActor } from '../referrals/actor.ts';

/**
 * Enough past referrals with a first appointment for the published waiting times (R-CAT-06) to show figures for
 * internal medicine and clinical genetics. Made through the ReferralService, registered as received by post on a past
 * date. Test BSNs only.
 */
const bsns = [
  '999993008',
  '999993021',
  '999993033',
  '999990172',
  '999990184',
  '999990196',
  '999990202',
  '999990214',
  '999990226',
  '999990238',
  '999990251',
  '999990263',
];

/** [department, received days ago, wait in days until the first appointment] */
const plan: [string, number, number][] = [
  ['internal-medicine', 120, 21],
  ['internal-medicine', 100, 35],
  ['internal-medicine', 90, 18],
  ['internal-medicine', 75, 27],
  ['internal-medicine', 60, 24],
  ['internal-medicine', 45, 30],
  ['clinical-genetics', 150, 12],
  ['clinical-genetics', 130, 9],
  ['clinical-genetics', 110, 16],
  ['clinical-genetics', 80, 11],
  ['clinical-genetics', 70, 14],
  ['clinical-genetics', 40, 20],
];

export async function seedDemoWaitingTimes(ctx: Pick<LoketContext, 'db' | 'referrals'>): Promise<void> {
  const staff = async (email: string) => {
    const userId = await findUserIdByEmail(ctx.db, email);
    if (!userId) throw new Error(`demo account ${email} missing`);
    return actorFor(ctx.db, userId, 'demo-seed');
  };
  const bo = await staff('backoffice@demo.loket.nl');
  const triage = await staff('triage@demo.loket.nl');
  const specialists: Record<string, ReferralActor> = {
    'internal-medicine': await staff('specialist@demo.loket.nl'),
    'clinical-genetics': await staff('genetica@demo.loket.nl'),
  };
  const today = new Date().toISOString().slice(0, 10);

  for (const [i, [departmentId, ago, wait]] of plan.entries()) {
    const receivedOn = addDays(today, -ago);
    const r = await ctx.referrals.register(
      bo,
      {
        departmentId,
        kind: 'new-referral',
        urgency: 'routine',
        channel: 'post',
        receivedOn,
        referrer: { name: 'Dr. J. Pieters (huisarts, Sassenheim)', agbCode: '01999010' },
        patient: {
          bsn: bsns[i]!,
          givenName: 'Demo',
          familyName: `Wachttijd ${i + 1}`,
          birthDate: '1965-05-05',
          street: 'Breestraat',
          houseNumber: String(100 + i),
          postcode: '2311 CS',
          city: 'Leiden',
          phone: '+31612345699',
        },
        letter: {
          reason: 'Controle na eerdere behandeling',
          medication: 'geen',
          'urgency-period': 'binnen 6 weken',
        },
      },
      null,
    );
    await ctx.referrals.act(bo, r.id, 'start-triage', {}, null);
    await ctx.referrals.act(
      triage,
      r.id,
      'accept',
      { urgency: 'routine', specialistIds: [specialists[departmentId]!.userId] },
      null,
    );
    await ctx.referrals.act(
      bo,
      r.id,
      'schedule',
      { start: `${addDays(receivedOn, wait)}T09:30:00+01:00`, location: 'Polikliniek, B2' },
      null,
    );
  }
  await seedSecondOpinionWaits(ctx, bo, today);
}

/** [kind of cancer, received days ago, wait in days until the second-opinion consult] */
const secondOpinionPlan: [string, number, number][] = [
  ['prostate', 140, 16],
  ['prostate', 120, 21],
  ['prostate', 95, 14],
  ['prostate', 70, 19],
  ['prostate', 50, 24],
  ['renal', 60, 28],
];
const secondOpinionBsns = ['999996010', '999996022', '999996034', '999996046', '999996058', '999996071'];

/**
 * Past second opinions at the oncology center, so the waiting time per kind of cancer (R-SO-09) shows a figure.
 * They are registered through the service; their dossier and review are not replayed (the demo has no files to
 * upload), so the first consult is written onto the row as the history it stands for.
 */
async function seedSecondOpinionWaits(
  ctx: Pick<LoketContext, 'db' | 'referrals'>,
  bo: ReferralActor,
  today: string,
): Promise<void> {
  for (const [i, [cancerKind, ago, wait]] of secondOpinionPlan.entries()) {
    const receivedOn = addDays(today, -ago);
    const r = await ctx.referrals.register(
      bo,
      {
        departmentId: 'oncology-center',
        kind: 'second-opinion',
        urgency: 'routine',
        channel: 'post',
        receivedOn,
        referrer: { name: 'Dr. L. Bos (uroloog, Alphen)', agbCode: '03999011', specialism: 'urology' },
        patient: {
          bsn: secondOpinionBsns[i]!,
          givenName: 'Demo',
          familyName: `Second opinion ${i + 1}`,
          birthDate: '1952-03-03',
          street: 'Rapenburg',
          houseNumber: String(10 + i),
          postcode: '2311 EV',
          city: 'Leiden',
          phone: '+31612345698',
        },
        letter: { reason: 'Second opinion over de voorgestelde behandeling' },
        secondOpinion: {
          question: 'Is de voorgestelde behandeling de beste keuze?',
          treatingSpecialist: { name: 'Dr. L. Bos', organisation: 'Ziekenhuis Alphen (demo)' },
          patientConsulted: true,
          cancerKind,
        },
      },
      null,
    );
    await ctx.db
      .updateTable('referral')
      .set({
        state: 'completed',
        appointment: JSON.stringify({
          start: `${addDays(receivedOn, wait)}T11:00:00+01:00`,
          location: 'Polikliniek Oncologie, C1',
        }),
      })
      .where('id', '=', r.id)
      .execute();
  }
}
