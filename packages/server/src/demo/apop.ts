import type { LoketContext } from '../context.ts';

/** Demo data of apop; runs once, after the demo accounts and referrals exist. */
export async function seedDemoApop(ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>): Promise<void> {
  void ctx;
}
