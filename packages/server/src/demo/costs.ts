import type { LoketContext } from '../context.ts';

/** Demo data of costs; runs once, after the demo accounts and referrals exist. */
export async function seedDemoCosts(ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>): Promise<void> {
  void ctx;
}
