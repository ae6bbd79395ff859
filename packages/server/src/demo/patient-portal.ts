import type { LoketContext } from '../context.ts';

/** Demo data of patient-portal; runs once, after the demo accounts and referrals exist. */
export async function seedDemoPatientPortal(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>,
): Promise<void> {
  void ctx;
}
