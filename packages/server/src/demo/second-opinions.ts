import type { LoketContext } from '../context.ts';

/** Demo data of second-opinions; runs once, after the demo accounts and referrals exist. */
export async function seedDemoSecondOpinions(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>,
): Promise<void> {
  void ctx;
}
