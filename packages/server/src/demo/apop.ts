import { findUserIdByEmail } from '@loket/db';
import type { ApopAnswers, ApopModel } from '@loket/domain';
import { ApopService } from '../apop/service.ts';
import type { StaffActor } from '../apop/actor.ts';
import { CatalogService } from '../catalog/service.ts';
import type { LoketContext } from '../context.ts';

/**
 * Demo coefficients, NOT a validated model: they only make the demo show both results. A hospital enters its own
 * validated APOP model on the model page; Loket itself ships none (R-APOP-03).
 */
export const DEMO_MODEL: ApopModel = {
  intercept: -6,
  coefficients: {
    agePerYear: 0.05,
    male: 0.2,
    arrivedByAmbulance: 0.6,
    regularHelp: 0.8,
    bathingHelp: 0.7,
    admittedPastSixMonths: 0.5,
    impairedCognition: 0.9,
  },
  validatedBy: 'Nobody: demo coefficients, not validated',
  source:
    'Demo coefficients, not validated – for trying Loket only; replace with the hospital’s validated model',
};

const calm: ApopAnswers = {
  sex: 'male',
  arrivedByAmbulance: false,
  regularHelp: false,
  bathingHelp: false,
  admittedPastSixMonths: false,
  knownDementia: false,
  yearQuestion: 'correct',
  monthsBackwards: 'correct',
};

async function actor(ctx: Pick<LoketContext, 'db'>, email: string, role: string): Promise<StaffActor> {
  const userId = await findUserIdByEmail(ctx.db, email);
  if (!userId) throw new Error(`demo account ${email} is missing`);
  const name =
    email === 'seh@demo.loket.nl' ? 'Joost de Groot (SEH-verpleegkundige)' : 'Karin Bos (beheerder)';
  return {
    userId,
    name,
    departmentIds: role === 'er-nurse' ? ['emergency-room'] : [],
    audit: { userId, userName: name, role, accessPoint: 'demo-seed' },
  };
}

/** Demo data of apop: the demo model, a high-risk patient sent home with an open call, and a low-risk admission. */
export async function seedDemoApop(ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>): Promise<void> {
  const apop = new ApopService({
    db: ctx.db,
    audit: ctx.audit,
    catalog: new CatalogService(ctx.db, ctx.audit),
  });
  await apop.saveModel(await actor(ctx, 'beheer@demo.loket.nl', 'administrator'), DEMO_MODEL);
  const nurse = await actor(ctx, 'seh@demo.loket.nl', 'er-nurse');
  const high = await apop.screen(
    nurse,
    {
      patient: {
        bsn: '999990044',
        noBsnReason: null,
        givenName: 'Henk',
        familyName: 'de Graaf',
        birthDate: '1949-01-05',
        phone: '+31612345603',
        familyDoctorName: 'Dr. Anna de Vries',
        familyDoctorEmail: 'huisarts@demo.loket.nl',
      },
      answers: {
        ...calm,
        arrivedByAmbulance: true,
        regularHelp: true,
        bathingHelp: true,
        admittedPastSixMonths: true,
      },
    },
    null,
  );
  await apop.recordDisposition(nurse, high, { disposition: 'sent-home' }, null);
  const low = await apop.screen(
    nurse,
    {
      patient: {
        bsn: '999990093',
        noBsnReason: null,
        givenName: 'Kees',
        familyName: 'Brouwer',
        birthDate: '1940-08-08',
        phone: null,
        familyDoctorName: null,
        familyDoctorEmail: null,
      },
      answers: calm,
    },
    null,
  );
  await apop.recordDisposition(nurse, low, { disposition: 'admitted' }, null);
}
