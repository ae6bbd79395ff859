import type { LoketContext } from '../context.ts';

/** Demo data of incidents; runs once, after the demo accounts and referrals exist. */
export async function seedDemoIncidents(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>,
): Promise<void> {
  void ctx;
}
