/**
 * Costs and insurance of a second opinion (R-COST-01 … 04), as pure rules. The server stores the facts; these
 * functions decide what they mean: whether an advance is due, whether costs block the appointment, which items
 * care administration still has to handle, and whether a request falls within a year of the previous one.
 */

export const coverageOutcomes = ['covered', 'not-covered', 'partly-covered'] as const;
export type CoverageOutcome = (typeof coverageOutcomes)[number];

export const abroadArrangements = ['advance-paid', 'insurer-guarantee', 'other'] as const;
export type AbroadArrangement = (typeof abroadArrangements)[number];

/** What still needs doing about the costs of one second opinion, in the order care administration works. */
export const costOpenItems = [
  'coverage-unknown',
  'abroad-not-cleared',
  'advance-unpaid',
  'to-settle',
] as const;
export type CostOpenItem = (typeof costOpenItems)[number];

/** What stops the appointment from being made (R-COST-03, R-COST-04). */
export type CostBlock = 'advance-unpaid' | 'abroad-not-cleared';

/** The amounts are settings (R-COST-03); the shipped defaults follow the hospital's page (002). */
export interface CostsPolicy {
  /** The advance asked when the insurer does not cover the second opinion, in euro cents. */
  advanceCents: number;
  /** Most insurers cover one second opinion a year (R-COST-02). */
  flagWindowMonths: number;
}

export const defaultCostsPolicy: CostsPolicy = { advanceCents: 50_000, flagWindowMonths: 12 };

/** The country of insurance that counts as "insured in the Netherlands". */
export const HOME_COUNTRY = 'NL';

export function isInsuredAbroad(country: string | null | undefined): boolean {
  return !!country && country.toUpperCase() !== HOME_COUNTRY;
}

/**
 * An advance is asked only when the insurer does not cover the second opinion. Partly covered: the insurer pays
 * its part and care administration settles the rest afterwards, without an advance.
 */
export function advanceNeeded(coverage: CoverageOutcome | null): boolean {
  return coverage === 'not-covered';
}

/** Referral states after the appointment: the real cost is known and can be settled. */
const afterAppointment = new Set(['seen', 'awaiting-mdo', 'completed']);

export function appointmentHappened(referralState: string): boolean {
  return afterAppointment.has(referralState);
}

/** The facts about one second opinion's costs that the rules need. */
export interface CostFacts {
  referralState: string;
  insuranceCountry: string | null;
  coverage: CoverageOutcome | null;
  /** Set when an advance was asked (coverage "not covered"). */
  advanceRequestedCents: number | null;
  advancePaid: boolean;
  abroadCleared: boolean;
  settled: boolean;
}

/** Why costs block the appointment now (R-COST-03, R-COST-04); empty when the appointment may be made. */
export function costBlocks(f: CostFacts): CostBlock[] {
  const out: CostBlock[] = [];
  if (isInsuredAbroad(f.insuranceCountry) && !f.abroadCleared) out.push('abroad-not-cleared');
  if (f.advanceRequestedCents !== null && !f.advancePaid) out.push('advance-unpaid');
  return out;
}

/** Whether care administration can settle the real cost: an advance was asked, or the patient pays part. */
export function settlementDue(f: CostFacts): boolean {
  return (
    !f.settled &&
    appointmentHappened(f.referralState) &&
    (f.advanceRequestedCents !== null ||
      f.coverage === 'partly-covered' ||
      (isInsuredAbroad(f.insuranceCountry) && f.coverage !== 'covered'))
  );
}

/** Open items for care administration's list. A cancelled second opinion has nothing left but a settlement. */
export function openCostItems(f: CostFacts): CostOpenItem[] {
  const out: CostOpenItem[] = [];
  const live = f.referralState !== 'cancelled' && f.referralState !== 'rejected';
  if (live && f.coverage === null && !appointmentHappened(f.referralState)) out.push('coverage-unknown');
  if (live)
    out.push(
      ...costBlocks(f)
        .slice()
        .sort((a, b) => order(a) - order(b)),
    );
  if (settlementDue(f)) out.push('to-settle');
  return out;
}

const order = (i: CostOpenItem) => costOpenItems.indexOf(i);

/** Balance after the advance is deducted: positive the patient still pays, negative the hospital refunds. */
export function settlementBalance(actualCostCents: number, advancePaidCents: number | null): number {
  return actualCostCents - (advancePaidCents ?? 0);
}

/** `date` (YYYY-MM-DD) moved back by whole months; the day is clamped to the month's length. */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * R-COST-02: the earlier second-opinion requests of the same patient that fall within the window before this
 * one (received on `receivedOn`). A request on the very day one year later is outside the window.
 */
export function earlierWithinWindow<T extends { receivedOn: string }>(
  receivedOn: string,
  earlier: readonly T[],
  windowMonths: number,
): T[] {
  const from = monthsBefore(receivedOn, windowMonths);
  return earlier.filter((e) => e.receivedOn > from && e.receivedOn <= receivedOn);
}

/** "€ 500,00" / "€500.00", for messages; the web formats with Intl itself. */
export function formatEuro(cents: number, lang: 'nl' | 'en'): string {
  return new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    style: 'currency',
    currency: 'EUR',
  }).format(cents / 100);
}
