import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AccessKind, LocalizedText, ReferralState } from '@loket/domain';
import { api } from '../shared/api';

/** The patient portal's data as the API gives it (R-SO-02, R-SEC-02). */
export interface PortalRequest {
  id: string;
  reference: string;
  kind: string;
  state: ReferralState;
  departmentId: string;
  submittedAt: string | null;
  updatedAt: string;
  question: string | null;
  reviewDue: string | null;
  consentGiven: boolean;
  missing: { key: string; text: LocalizedText }[];
  missingRequested: { missing?: string[]; message?: string | null } | null;
  appointment: { start: string; location: string | null; videoLink: string | null } | null;
  timeline: { at: string; type: string; from: string | null; to: string | null }[];
  letters: { id: string; type: string; language: string; createdAt: string }[];
}

export interface PortalOverview {
  patientName: string | null;
  requests: PortalRequest[];
}

export interface AccessLogEntry {
  seq: number;
  at: string;
  who: { name: string; roles: string[]; self: boolean; system: boolean };
  kind: AccessKind;
  eventType: string;
  objectType: string | null;
  reference: string | null;
}

export interface AccessLogPage {
  entries: AccessLogEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export const portalKeys = {
  overview: ['patient-portal', 'overview'] as const,
  accessLog: (page: number) => ['patient-portal', 'access-log', page] as const,
  departments: ['patient-portal', 'departments'] as const,
};

export function usePortalOverview() {
  return useQuery({
    queryKey: portalKeys.overview,
    queryFn: () => api<PortalOverview>('/api/patient-portal/overview'),
  });
}

export const ACCESS_LOG_PAGE_SIZE = 25;

export function useAccessLog(page: number) {
  return useQuery({
    queryKey: portalKeys.accessLog(page),
    queryFn: () =>
      api<AccessLogPage>(`/api/patient-portal/access-log?page=${page}&pageSize=${ACCESS_LOG_PAGE_SIZE}`),
    placeholderData: keepPreviousData,
  });
}

export function useSecondOpinionDepartments() {
  return useQuery({
    queryKey: portalKeys.departments,
    queryFn: () =>
      api<{ departments: { id: string; name: LocalizedText }[] }>('/api/patient-portal/departments'),
    staleTime: 5 * 60_000,
  });
}
