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
}
