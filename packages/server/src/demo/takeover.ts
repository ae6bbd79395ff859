import type { LoketContext } from '../context.ts';

/** Demo data of takeover; runs once, after the demo accounts and referrals exist. */
export async function seedDemoTakeover(ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>): Promise<void> {
  void ctx;
}
