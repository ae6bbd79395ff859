import type { LoketContext } from '../context.ts';

/** Demo data of mdo; runs once, after the demo accounts and referrals exist. */
export async function seedDemoMdo(ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>): Promise<void> {
  void ctx;
}
