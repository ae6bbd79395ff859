import { upsertOrganisation } from '@loket/db';
import { isStaff } from '@loket/domain';
import type { LoketContext } from '../context.ts';
import { systemActor } from '../audit/trail.ts';
import { seedDemoReferrals } from './referrals.ts';
import { seedDemoTelephoneAdvice } from './telephone-advice.ts';
import { seedDemoIncidents } from './incidents.ts';
import { seedDemoGpRegistry } from './gp-registry.ts';
import { seedDemoQuickDiagnosis } from './quick-diagnosis.ts';
import { seedDemoApop } from './apop.ts';
import { seedDemoSecondOpinions } from './second-opinions.ts';
import { seedDemoConsent } from './consent.ts';
import { seedDemoCosts } from './costs.ts';
import { seedDemoTakeover } from './takeover.ts';
import { seedDemoMdo } from './mdo.ts';
import { seedDemoPatientPortal } from './patient-portal.ts';
import { seedDemoSuddenDeath } from './sudden-death.ts';
import { seedDemoWaitingTimes } from './waiting-times.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoAccounts, demoOrganisations } from './accounts.ts';

/** Fills an empty database with the demo desk. Runs only in demo mode, and only once. */
export async function seedDemo(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'accounts' | 'referrals' | 'catalog' | 'config'>,
): Promise<boolean> {
  const anyone = await ctx.db.selectFrom('auth.user').select('id').limit(1).executeTakeFirst();
  if (anyone) return false;
  for (const org of demoOrganisations) await upsertOrganisation(ctx.db, org);
  for (const a of demoAccounts) {
    const id = await ctx.accounts.create(systemActor, {
      email: a.email,
      password: DEMO_PASSWORD,
      name: a.name,
      roles: a.roles,
      departmentIds: a.departmentIds ?? [],
      agbCode: a.agbCode ?? null,
      specialism: a.specialism ?? null,
      organisationId: a.organisationId ?? null,
      locale: a.locale ?? 'nl',
    });
    if (a.roles.some(isStaff)) await ctx.accounts.enrollKnownTotp(id, DEMO_TOTP_SECRET);
  }
  await seedDemoReferrals(ctx.db, ctx.referrals);
  await seedDemoTelephoneAdvice(ctx);
  await seedDemoIncidents(ctx);
  await seedDemoGpRegistry(ctx);
  await seedDemoQuickDiagnosis(ctx);
  await seedDemoApop(ctx);
  await seedDemoSuddenDeath(ctx);
  await seedDemoPatientPortal(ctx);
  await seedDemoMdo(ctx);
  await seedDemoTakeover(ctx);
  await seedDemoCosts(ctx);
  await seedDemoConsent(ctx);
  await seedDemoSecondOpinions(ctx);
  await seedDemoWaitingTimes(ctx);
  return true;
}
