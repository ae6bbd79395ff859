import type { LoketContext } from '../context.ts';

/** Demo data of consent; runs once, after the demo accounts and referrals exist. */
export async function seedDemoConsent(ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>): Promise<void> {
  void ctx;
}
