import type { Transaction } from 'kysely';
import type { Database, ReferralRow } from '@loket/db';
import { costBlocks, type CostBlock } from '@loket/domain';
import { HttpError } from '../http/errors.ts';
import { costFacts, findCostCase } from './facts.ts';

/** Why costs block an appointment for this referral now; only second opinions have costs to clear. */
export async function costBlocksOf(trx: Transaction<Database>, referral: ReferralRow): Promise<CostBlock[]> {
  if (referral.kind !== 'second-opinion') return [];
  return costBlocks(costFacts(referral, await findCostCase(trx, referral.id)));
}

/**
 * Whether costs block an appointment for this referral (R-COST-03, R-COST-04). The state machine's
 * `costs-cleared` guard on `schedule` asks this.
 */
export async function costsOpen(trx: Transaction<Database>, referral: ReferralRow): Promise<boolean> {
  return (await costBlocksOf(trx, referral)).length > 0;
}

/**
 * The refusal of an appointment that costs block, saying what is open and who clears it. The abroad check comes
 * first: the costs team decides the arrangement, which may be the advance itself.
 */
export async function costsRefusal(trx: Transaction<Database>, referral: ReferralRow): Promise<HttpError> {
  const blocks = await costBlocksOf(trx, referral);
  const c = await findCostCase(trx, referral.id);
  if (blocks.includes('abroad-not-cleared'))
    return new HttpError(409, 'costs-abroad-not-cleared', { reason: 'costs-open', blocks });
  return new HttpError(409, 'costs-advance-unpaid', {
    reason: 'costs-open',
    blocks,
    advanceCents: c?.advance_requested_cents ?? null,
  });
}
