import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AbroadArrangement, CostOpenItem, CoverageOutcome } from '@loket/domain';
import { api, ApiError } from '../shared/api';

/** The costs of a second opinion as the API gives them (R-COST-01 … 04). */
interface Recorded {
  name: string;
  role: string | null;
  at: string;
}

export interface CostsView {
  referralId: string;
  reference: string;
  departmentId: string;
  referralState: string;
  patientName: string;
  access: { recordInsurance: boolean; recordCoverage: boolean; manage: boolean };
  policy: { advanceCents: number; flagWindowMonths: number };
  insurance: {
    insurer: string;
    policyNumber: string;
    country: string;
    abroad: boolean;
    recorded: Recorded;
  } | null;
  coverage: { outcome: CoverageOutcome; checkedOn: string; note: string | null; recorded: Recorded } | null;
  reminder: boolean;
  lastReminderAt: string | null;
  flag: { earlier: { receivedOn: string; departmentId: string }[] } | null;
  advance: {
    requestedCents: number;
    requestedAt: string | null;
    paid: { amountCents: number; paidOn: string; reference: string; recorded: Recorded } | null;
  } | null;
  abroad: {
    needed: boolean;
    cleared: { arrangement: AbroadArrangement; note: string | null; recorded: Recorded } | null;
  };
  settlement: {
    actualCostCents: number;
    advanceCents: number;
    balanceCents: number;
    settledOn: string;
    note: string | null;
    recorded: Recorded;
  } | null;
  settlementDue: boolean;
  blocks: ('advance-unpaid' | 'abroad-not-cleared')[];
  openItems: CostOpenItem[];
}

export interface CostsListItem {
  referralId: string;
  reference: string;
  patientName: string;
  departmentId: string;
  referralState: string;
  receivedOn: string | null;
  openItems: CostOpenItem[];
}

export const costsKeys = {
  all: ['costs'] as const,
  list: (open: boolean) => ['costs', 'list', open] as const,
  one: (referralId: string) => ['costs', 'referral', referralId] as const,
};

export function useCosts(referralId: string, enabled = true) {
  return useQuery({
    queryKey: costsKeys.one(referralId),
    queryFn: () => api<CostsView>(`/api/costs/referrals/${encodeURIComponent(referralId)}`),
    enabled,
    retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
  });
}

export function useCostsList(open: boolean) {
  return useQuery({
    queryKey: costsKeys.list(open),
    queryFn: () => api<{ items: CostsListItem[] }>(`/api/costs?open=${open}`),
  });
}

/** Stores the fresh costs and marks the list and the referral (its timeline and actions) stale. */
export function useStoreCosts() {
  const client = useQueryClient();
  return (view: CostsView) => {
    client.setQueryData(costsKeys.one(view.referralId), view);
    void client.invalidateQueries({ queryKey: ['costs', 'list'] });
    void client.invalidateQueries({ queryKey: ['referrals'] });
  };
}

/** Euro amounts in the reader's language. */
export function euro(cents: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL', {
    style: 'currency',
    currency: 'EUR',
  }).format(cents / 100);
}

/** "500", "500,00" or "500.50" typed by a person, to cents; null when it is not an amount. */
export function parseEuro(text: string): number | null {
  const t = text.trim().replace(/^€\s*/, '').replace(/\s/g, '');
  if (!/^\d{1,7}([.,]\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t.replace(',', '.')) * 100);
}
