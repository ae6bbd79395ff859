import type { LoketContext } from '../context.ts';

/** Demo data of telephone-advice; runs once, after the demo accounts and referrals exist. */
export async function seedDemoTelephoneAdvice(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>,
): Promise<void> {
  void ctx;
}
