import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReferralState } from '@loket/domain';
import { api } from '../shared/api';

/** The JSON shapes of the MDO API (packages/server/src/mdo/service.ts). */
export interface MeetingSummary {
  id: string;
  departmentId: string;
  title: string;
  startsAt: string;
  location: string | null;
  past: boolean;
  cases: number;
  concluded: number;
}

export interface MdoReport {
  letterId: string;
  recipientRole: string;
  recipientName: string | null;
  createdAt: string;
  channel: string | null;
  status: string;
  sentAt: string | null;
}

export interface AgendaItem {
  id: string;
  referralId: string;
  reference: string;
  kind: string;
  state: ReferralState;
  patientName: string;
  question: string | null;
  addedBy: string;
  addedAt: string;
  conclusion: { diagnosis: string; treatmentAdvice: string; at: string; by: string } | null;
  reports: MdoReport[];
}

export interface MeetingView {
  id: string;
  departmentId: string;
  title: string;
  startsAt: string;
  location: string | null;
  createdBy: string;
  upcoming: boolean;
  conclusionsOpen: boolean;
  agenda: AgendaItem[];
  candidates: {
    referralId: string;
    reference: string;
    kind: string;
    state: ReferralState;
    patientName: string;
  }[];
}

export const mdoKeys = {
  list: ['mdo', 'meetings'] as const,
  one: (id: string) => ['mdo', 'meeting', id] as const,
};

export function useMeetings() {
  return useQuery({
    queryKey: mdoKeys.list,
    queryFn: async () => (await api<{ meetings: MeetingSummary[] }>('/api/mdo/meetings')).meetings,
  });
}

export function useMeeting(id: string | undefined) {
  return useQuery({
    queryKey: mdoKeys.one(id ?? '-'),
    queryFn: () => api<MeetingView>(`/api/mdo/meetings/${encodeURIComponent(id ?? '')}`),
    enabled: !!id,
  });
}

/** Keeps the meeting an answer returned, and lets the list count again. */
export function useStoreMeeting() {
  const client = useQueryClient();
  return (m: MeetingView) => {
    client.setQueryData(mdoKeys.one(m.id), m);
    void client.invalidateQueries({ queryKey: mdoKeys.list });
  };
}
