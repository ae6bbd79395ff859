import { findUserIdByEmail } from '@loket/db';
import type { LoketContext } from '../context.ts';
import { actorFor } from '../referrals/actor.ts';

/** The demo staff who also work for the oncology center, where quick diagnosis runs (R-QD-01). */
const oncologyStaff = ['backoffice@demo.loket.nl', 'triage@demo.loket.nl', 'specialist@demo.loket.nl'];

/**
 * Demo data of quick-diagnosis: the demo desk's staff also serve the oncology center, and the demo family doctor
 * has sent one quick-diagnosis referral (bladder cancer suspected), waiting for triage with its next-day target.
 */
export async function seedDemoQuickDiagnosis(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>,
): Promise<void> {
  for (const email of oncologyStaff) {
    const userId = await findUserIdByEmail(ctx.db, email);
    if (userId)
      await ctx.db
        .insertInto('user_department')
        .values({ user_id: userId, department_id: 'oncology-center' })
        .onConflict((oc) => oc.doNothing())
        .execute();
  }
  const gpId = await findUserIdByEmail(ctx.db, 'huisarts@demo.loket.nl');
  if (!gpId) return;
  const gp = await actorFor(ctx.db, gpId, 'demo');
  const draft = await ctx.referrals.createDraft(
    gp,
    {
      departmentId: 'oncology-center',
      kind: 'quick-diagnosis',
      urgency: 'urgent',
      patient: {
        bsn: '999990147',
        givenName: 'Gerard',
        familyName: 'Visser',
        birthDate: '1951-08-19',
        street: 'Vijf Meiplein',
        houseNumber: '9',
        postcode: '2321 BP',
        city: 'Leiden',
        phone: '+31612345611',
      },
      familyDoctor: {
        name: 'Dr. Anna de Vries (huisarts)',
        agbCode: '01999001',
        email: 'huisarts@demo.loket.nl',
      },
      letter: {
        reason:
          'Pijnloze macroscopische hematurie sinds twee weken; echo blaas toont een wandverdikking. Verdenking blaastumor. Patiënt kiest voor sneldiagnostiek.',
      },
      quickDiagnosis: { tumourTypeId: 'bladder', patientChoice: true },
    },
    null,
  );
  await ctx.referrals.submit(gp, draft.id, null);
}
