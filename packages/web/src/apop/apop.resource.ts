import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApopAnswers,
  ApopCallOutcome,
  ApopCognitiveReason,
  ApopDisposition,
  ApopFollowUpStatus,
  ApopOutcome,
  ApopRisk,
} from '@loket/domain';
import { api } from '../shared/api';

/** The JSON shapes of the APOP API (packages/server/src/apop/views.ts). */
export interface ApopModelView {
  id: string;
  version: number;
  intercept: number;
  coefficients: Record<string, number>;
  validatedBy: string;
  source: string;
  createdAt: string;
  createdBy: string | null;
}

export interface ApopPatientView {
  id: string;
  name: string;
  givenName: string | null;
  familyName: string;
  birthDate: string;
  phone: string | null;
}

export interface ApopScreeningSummary {
  id: string;
  screenedAt: string;
  screenedBy: string | null;
  patient: ApopPatientView;
  age: number;
  outcome: ApopOutcome;
  risk: ApopRisk;
  disposition: ApopDisposition | null;
  dischargedAt: string | null;
}

export interface ApopFollowUpView {
  id: string;
  screeningId: string;
  dueAt: string;
  status: ApopFollowUpStatus;
  createdAt: string;
  closedAt: string | null;
  closedBy: string | null;
  callOutcome: ApopCallOutcome | null;
  instructionsRepeated: boolean | null;
  familyDoctorContacted: boolean | null;
  note: string | null;
}

export interface ApopFollowUpItem extends ApopFollowUpView {
  outcome: ApopOutcome;
  dischargedAt: string | null;
  patient: { name: string; birthDate: string; phone: string | null };
}

export interface ApopScreeningView extends ApopScreeningSummary {
  answers: ApopAnswers;
  result: {
    outcome: ApopOutcome;
    risk: ApopRisk;
    cognitive: { impaired: boolean; reasons: ApopCognitiveReason[] };
    functional: { status: 'computed'; probability: number; high: boolean } | { status: 'not-configured' };
    model: { version: number; validatedBy: string; source: string } | null;
  };
  dispositionBy: string | null;
  followUp: ApopFollowUpView | null;
  letter: { id: string; createdAt: string; sha256: string } | null;
}

export interface ApopLookup {
  found: boolean;
  patient?: {
    givenName: string | null;
    familyName: string;
    birthDate: string;
    phone: string | null;
    familyDoctorName: string | null;
    familyDoctorEmail: string | null;
  };
  age?: number;
  applies?: boolean;
  prefill?: Partial<Pick<ApopAnswers, 'sex' | 'knownDementia'>>;
}

export const apopKeys = {
  status: ['apop', 'status'] as const,
  screenings: ['apop', 'screenings'] as const,
  screening: (id: string) => ['apop', 'screening', id] as const,
  followUps: (status: 'open' | 'closed') => ['apop', 'follow-ups', status] as const,
  model: ['apop', 'model'] as const,
};

export function useApopStatus() {
  return useQuery({
    queryKey: apopKeys.status,
    queryFn: () => api<{ model: ApopModelView | null }>('/api/apop/status'),
  });
}

export function useRecentScreenings() {
  return useQuery({
    queryKey: apopKeys.screenings,
    queryFn: () => api<{ screenings: ApopScreeningSummary[] }>('/api/apop/screenings?limit=20'),
  });
}

export function useScreening(id: string) {
  return useQuery({
    queryKey: apopKeys.screening(id),
    queryFn: () => api<ApopScreeningView>(`/api/apop/screenings/${encodeURIComponent(id)}`),
  });
}

export function useFollowUps(status: 'open' | 'closed') {
  return useQuery({
    queryKey: apopKeys.followUps(status),
    queryFn: () => api<{ items: ApopFollowUpItem[]; now: string }>(`/api/apop/follow-ups?status=${status}`),
    refetchInterval: 60_000,
  });
}

export function useApopModel() {
  return useQuery({
    queryKey: apopKeys.model,
    queryFn: () => api<{ current: ApopModelView | null; history: ApopModelView[] }>('/api/apop/model'),
  });
}

/** After a change: the screening as the server returned it, and fresh lists. */
export function useStoreScreening() {
  const client = useQueryClient();
  return (v: ApopScreeningView) => {
    client.setQueryData(apopKeys.screening(v.id), v);
    void client.invalidateQueries({ queryKey: apopKeys.screenings });
    void client.invalidateQueries({ queryKey: ['apop', 'follow-ups'] });
  };
}
