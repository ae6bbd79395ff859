import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  SuddenDeathAction,
  SuddenDeathKind,
  SuddenDeathRefusal,
  SuddenDeathSex,
  SuddenDeathState,
} from '@loket/domain';
import { api } from '../shared/api';

/** The JSON shapes of the sudden-death API (packages/server/src/sudden-death/service.ts). */
export interface SuddenDeathSummary {
  id: string;
  reference: string;
  kind: SuddenDeathKind;
  state: SuddenDeathState;
  deceased: {
    name: string;
    givenName: string | null;
    familyName: string;
    sex: SuddenDeathSex | null;
    birthDate: string | null;
    deathDate: string | null;
  };
  requesterName: string | null;
  familyMemberRegisteredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SuddenDeathView extends SuddenDeathSummary {
  biopsies: { count: number } | null;
  autopsy: Record<string, unknown> | null;
  requester: {
    name: string;
    practice: string | null;
    agbCode: string | null;
    phone: string;
    email: string | null;
  };
  note: string | null;
  timeline: { at: string; type: string; actorName?: string | null; data?: Record<string, unknown> }[];
  /** Staff only: every step of this kind, allowed now or not, with the reason. */
  steps?: { action: SuddenDeathAction; allowed: boolean; reason: SuddenDeathRefusal | null }[];
}

export const suddenDeathKeys = {
  mine: ['sudden-death', 'mine'] as const,
  request: (id: string) => ['sudden-death', 'request', id] as const,
  cases: (status: 'open' | 'closed') => ['sudden-death', 'cases', status] as const,
  case: (id: string) => ['sudden-death', 'case', id] as const,
};

export function useMyRequests() {
  return useQuery({
    queryKey: suddenDeathKeys.mine,
    queryFn: () => api<{ requests: SuddenDeathSummary[] }>('/api/sudden-death/requests'),
  });
}

export function useRequest(id: string) {
  return useQuery({
    queryKey: suddenDeathKeys.request(id),
    queryFn: () => api<SuddenDeathView>(`/api/sudden-death/requests/${encodeURIComponent(id)}`),
  });
}

export function useCases(status: 'open' | 'closed') {
  return useQuery({
    queryKey: suddenDeathKeys.cases(status),
    queryFn: () => api<{ cases: SuddenDeathSummary[] }>(`/api/sudden-death/cases?status=${status}`),
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: suddenDeathKeys.case(id),
    queryFn: () => api<SuddenDeathView>(`/api/sudden-death/cases/${encodeURIComponent(id)}`),
  });
}

export function useStoreCase() {
  const client = useQueryClient();
  return (v: SuddenDeathView) => {
    client.setQueryData(suddenDeathKeys.case(v.id), v);
    void client.invalidateQueries({ queryKey: ['sudden-death', 'cases'] });
  };
}
