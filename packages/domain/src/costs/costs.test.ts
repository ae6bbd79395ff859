import { describe, expect, it } from 'vitest';
import {
  advanceNeeded,
  AbroadClearanceInputSchema,
  costBlocks,
  CoverageInputSchema,
  defaultCostsPolicy,
  earlierWithinWindow,
  InsuranceInputSchema,
  isInsuredAbroad,
  monthsBefore,
  openCostItems,
  settlementBalance,
  type CostFacts,
} from './index.ts';

const facts = (over: Partial<CostFacts> = {}): CostFacts => ({
  referralState: 'accepted',
  insuranceCountry: 'NL',
  coverage: null,
  advanceRequestedCents: null,
  advancePaid: false,
  abroadCleared: false,
  settled: false,
  ...over,
});

describe('costs of a second opinion', () => {
  it('R-COST-01: while the outcome of the check is unknown, the coverage is an open item', () => {
    expect(openCostItems(facts())).toEqual(['coverage-unknown']);
    expect(openCostItems(facts({ coverage: 'covered' }))).toEqual([]);
    // A cancelled request has nothing left to check.
    expect(openCostItems(facts({ referralState: 'cancelled' }))).toEqual([]);
  });

  it('R-COST-01: insurance needs insurer, policy number (not a BSN) and a two-letter country', () => {
    expect(InsuranceInputSchema.parse({ insurer: ' CZ ', policyNumber: 'CZ-1', country: 'de' })).toEqual({
      insurer: 'CZ',
      policyNumber: 'CZ-1',
      country: 'DE',
    });
    const bsn = InsuranceInputSchema.safeParse({ insurer: 'CZ', policyNumber: '999990019', country: 'NL' });
    expect(bsn.success).toBe(false);
    expect(
      InsuranceInputSchema.safeParse({ insurer: 'CZ', policyNumber: 'X', country: 'Duitsland' }).success,
    ).toBe(false);
  });

  it('R-COST-01: a partly covered outcome says which part; a check date cannot lie in the future', () => {
    expect(
      CoverageInputSchema.safeParse({ outcome: 'partly-covered', checkedOn: '2026-01-05' }).success,
    ).toBe(false);
    expect(
      CoverageInputSchema.safeParse({ outcome: 'partly-covered', checkedOn: '2026-01-05', note: '75%' })
        .success,
    ).toBe(true);
    expect(CoverageInputSchema.safeParse({ outcome: 'covered', checkedOn: '2999-01-01' }).success).toBe(
      false,
    );
  });

  it('R-COST-02: the window is 12 months back from the day the request came in', () => {
    expect(defaultCostsPolicy.flagWindowMonths).toBe(12);
    expect(monthsBefore('2026-11-23', 12)).toBe('2025-11-23');
    expect(monthsBefore('2024-02-29', 12)).toBe('2023-02-28');
    expect(monthsBefore('2026-01-31', 1)).toBe('2025-12-31');
    const earlier = [
      { id: 'a', receivedOn: '2025-11-23' },
      { id: 'b', receivedOn: '2025-11-24' },
      { id: 'c', receivedOn: '2026-06-01' },
    ];
    // Exactly a year ago is outside the window; a day later is inside.
    expect(earlierWithinWindow('2026-11-23', earlier, 12).map((e) => e.id)).toEqual(['b', 'c']);
    expect(earlierWithinWindow('2027-06-02', earlier, 12)).toEqual([]);
  });

  it('R-COST-03: an advance is asked only when the insurer does not cover; 500 euro by default', () => {
    expect(defaultCostsPolicy.advanceCents).toBe(50_000);
    expect(advanceNeeded('not-covered')).toBe(true);
    expect(advanceNeeded('partly-covered')).toBe(false);
    expect(advanceNeeded('covered')).toBe(false);
    expect(advanceNeeded(null)).toBe(false);
  });

  it('R-COST-03: an unpaid advance blocks the appointment; paid, it does not', () => {
    const asked = facts({ coverage: 'not-covered', advanceRequestedCents: 50_000 });
    expect(costBlocks(asked)).toEqual(['advance-unpaid']);
    expect(openCostItems(asked)).toEqual(['advance-unpaid']);
    expect(costBlocks({ ...asked, advancePaid: true })).toEqual([]);
  });

  it('R-COST-03: after the consultation the cost is settled with the advance deducted', () => {
    const seen = facts({
      referralState: 'seen',
      coverage: 'not-covered',
      advanceRequestedCents: 50_000,
      advancePaid: true,
    });
    expect(openCostItems(seen)).toEqual(['to-settle']);
    expect(openCostItems({ ...seen, settled: true })).toEqual([]);
    expect(openCostItems(facts({ referralState: 'seen', coverage: 'partly-covered' }))).toEqual([
      'to-settle',
    ]);
    expect(openCostItems(facts({ referralState: 'seen', coverage: 'covered' }))).toEqual([]);
    expect(settlementBalance(65_000, 50_000)).toBe(15_000);
    expect(settlementBalance(30_000, 50_000)).toBe(-20_000);
    expect(settlementBalance(30_000, null)).toBe(30_000);
  });

  it('R-COST-04: insured abroad blocks the appointment until the costs team has cleared it', () => {
    expect(isInsuredAbroad('NL')).toBe(false);
    expect(isInsuredAbroad('be')).toBe(true);
    expect(isInsuredAbroad(null)).toBe(false);
    const abroad = facts({ insuranceCountry: 'BE', coverage: 'not-covered', advanceRequestedCents: 50_000 });
    expect(costBlocks(abroad)).toEqual(['abroad-not-cleared', 'advance-unpaid']);
    expect(costBlocks({ ...abroad, abroadCleared: true })).toEqual(['advance-unpaid']);
    expect(costBlocks({ ...abroad, abroadCleared: true, advancePaid: true })).toEqual([]);
  });

  it('R-COST-04: an arrangement "other" needs a note', () => {
    expect(AbroadClearanceInputSchema.safeParse({ arrangement: 'other' }).success).toBe(false);
    expect(AbroadClearanceInputSchema.safeParse({ arrangement: 'insurer-guarantee' }).success).toBe(true);
  });
});
