import type { LoketContext } from '../context.ts';

/** Demo data of sudden-death; runs once, after the demo accounts and referrals exist. */
export async function seedDemoSuddenDeath(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>,
): Promise<void> {
  void ctx;
}
