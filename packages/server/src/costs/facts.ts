import type { Kysely, Transaction } from 'kysely';
import type { CostCaseRow, Database, ReferralRow } from '@loket/db';
import {
  CostsPolicySchema,
  defaultCostsPolicy,
  earlierWithinWindow,
  type CostFacts,
  type CostsPolicy,
} from '@loket/domain';
import { todayInAmsterdam } from '../settings/service.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export const COSTS_POLICY_KEY = 'costs-policy';

/** The costs settings (R-COST-03): read fresh each time, like the referral policy. */
export async function costsPolicy(executor: Executor): Promise<CostsPolicy> {
  const row = await executor
    .selectFrom('setting')
    .select('value')
    .where('key', '=', COSTS_POLICY_KEY)
    .executeTakeFirst();
  const parsed = CostsPolicySchema.safeParse({
    ...defaultCostsPolicy,
    ...((row?.value as object | undefined) ?? {}),
  });
  return parsed.success ? parsed.data : defaultCostsPolicy;
}

export async function findCostCase(executor: Executor, referralId: string): Promise<CostCaseRow | undefined> {
  return executor
    .selectFrom('cost_case')
    .selectAll()
    .where('referral_id', '=', referralId)
    .executeTakeFirst();
}

export function costFacts(r: Pick<ReferralRow, 'state'>, c: CostCaseRow | undefined): CostFacts {
  return {
    referralState: r.state,
    insuranceCountry: c?.insurance_country ?? null,
    coverage: c?.coverage ?? null,
    advanceRequestedCents: c?.advance_requested_cents ?? null,
    advancePaid: c?.advance_paid_cents != null,
    abroadCleared: c?.abroad_cleared_at != null,
    settled: c?.settled_at != null,
  };
}

/** The day a referral came in, in Amsterdam. */
export const receivedOn = (r: Pick<ReferralRow, 'submitted_at' | 'created_at'>) =>
  todayInAmsterdam(r.submitted_at ?? r.created_at);

/**
 * R-COST-02: earlier second opinions of the same patient within the window before this one. Cancelled and
 * rejected requests did not lead to a second opinion, so an insurer does not count them.
 */
export async function earlierSecondOpinions(
  executor: Executor,
  r: ReferralRow,
  windowMonths: number,
): Promise<{ id: string; reference: string; departmentId: string; receivedOn: string }[]> {
  if (!r.patient_id || r.kind !== 'second-opinion') return [];
  const at = r.submitted_at ?? r.created_at;
  const rows = await executor
    .selectFrom('referral')
    .select(['id', 'reference', 'department_id', 'submitted_at', 'created_at'])
    .where('patient_id', '=', r.patient_id)
    .where('kind', '=', 'second-opinion')
    .where('id', '!=', r.id)
    .where('state', 'not in', ['draft', 'cancelled', 'rejected'])
    .where('submitted_at', 'is not', null)
    .where('submitted_at', '<=', at)
    .orderBy('submitted_at', 'desc')
    .execute();
  return earlierWithinWindow(
    receivedOn(r),
    rows
      // Two requests at the very same moment: only the later-created one is flagged.
      .filter((x) => x.submitted_at! < at || x.created_at < r.created_at)
      .map((x) => ({
        id: x.id,
        reference: x.reference,
        departmentId: x.department_id,
        receivedOn: receivedOn(x),
      })),
    windowMonths,
  );
}
