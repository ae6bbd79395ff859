import type { LoketContext } from '../context.ts';

/** Demo data of gp-registry; runs once, after the demo accounts and referrals exist. */
export async function seedDemoGpRegistry(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>,
): Promise<void> {
  void ctx;
}
