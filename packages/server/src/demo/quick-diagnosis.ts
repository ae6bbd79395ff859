import type { LoketContext } from '../context.ts';

/** Demo data of quick-diagnosis; runs once, after the demo accounts and referrals exist. */
export async function seedDemoQuickDiagnosis(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>,
): Promise<void> {
  void ctx;
}
