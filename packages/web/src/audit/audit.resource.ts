import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../shared/api';

export interface AuditEvent {
  seq: number;
  occurredAt: string;
  eventType: string;
  action: 'C' | 'R' | 'U' | 'D' | 'E' | string;
  outcome: string;
  userId: string | null;
  userName: string | null;
  userRole: string | null;
  onBehalfOf: string | null;
  patientId: string | null;
  accessPoint: string | null;
  objectType: string | null;
  objectId: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  events: AuditEvent[];
  next: number | null;
}

export interface AuditFilters {
  /** ISO date-times. */
  from?: string;
  to?: string;
  userId?: string;
  eventType?: string;
  outcome?: 'success' | 'failure';
  objectId?: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstBroken?: { seq: number; reason: string };
}

const PAGE_SIZE = 50;

/**
 * Pages of audit records, newest first. Reading the log is itself logged, so it is only fetched when the
 * privacy officer opens the page or asks (no refetching on focus or reconnect).
 */
export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', 'events', filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
      if (pageParam !== undefined) params.set('before', String(pageParam));
      params.set('limit', String(PAGE_SIZE));
      return api<AuditPage>(`/api/audit/events?${params}`, { signal });
    },
    getNextPageParam: (last) => last.next ?? undefined,
    staleTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
