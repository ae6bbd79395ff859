import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { IncidentAction, IncidentCareSetting, IncidentState } from '@loket/domain';
import { api, ApiError } from '../shared/api';

/** Who reports incidents (incidents.report) and who handles them (the transmural team). */
export const incidentRoles = [
  'referrer',
  'transmural-team',
  'back-office',
  'triage-supervisor',
  'specialist',
  'er-nurse',
] as const;

/** Transmural incident reports as the API gives them (R-INC-01). */
export interface IncidentView {
  id: string;
  reference: string;
  state: IncidentState;
  access: 'team' | 'reporter';
  availableActions: IncidentAction[];
  mayWriteMessage: boolean;
  reporter: { name: string; organisation: string | null; phone: string | null; email: string };
  occurredOn: string;
  occurredUntil: string | null;
  description: string;
  suggestions: string | null;
  departmentId: string;
  careSetting: IncidentCareSetting;
  patient: { initials: string; birthName: string; birthDate: string; hospitalNumber: string | null };
  consequences: string;
  actionTaken: string | null;
  referral: { id: string; reference: string } | null;
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  history: {
    id: number;
    at: string;
    type: 'reported' | 'state-changed' | 'message';
    side: 'reporter' | 'team';
    actorName: string;
    fromState: IncidentState | null;
    toState: IncidentState | null;
    note: string | null;
  }[];
}

export interface IncidentListItem {
  id: string;
  reference: string;
  state: IncidentState;
  departmentId: string;
  careSetting: IncidentCareSetting;
  occurredOn: string;
  occurredUntil: string | null;
  reporterName: string;
  reporterOrganisation: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export const incidentKeys = {
  all: ['incidents'] as const,
  list: (state: string) => ['incidents', 'list', state] as const,
  one: (id: string) => ['incidents', id] as const,
  reporter: ['incidents', 'reporter'] as const,
};

export function useIncidentList(state: IncidentState | 'open' | 'all') {
  const query =
    state === 'all'
      ? ''
      : state === 'open'
        ? '?state=received&state=in-triage&state=under-investigation'
        : `?state=${state}`;
  return useQuery({
    queryKey: incidentKeys.list(state),
    queryFn: () =>
      api<{ access: 'team' | 'reporter'; incidents: IncidentListItem[] }>(`/api/incidents${query}`),
  });
}

export function useIncident(id: string) {
  return useQuery({
    queryKey: incidentKeys.one(id),
    queryFn: () => api<IncidentView>(`/api/incidents/${encodeURIComponent(id)}`),
    retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
  });
}

export function useReporterDefaults() {
  return useQuery({
    queryKey: incidentKeys.reporter,
    queryFn: () =>
      api<{ name: string; organisation: string | null; phone: string | null; email: string }>(
        '/api/incidents/reporter',
      ),
    staleTime: Infinity,
  });
}

/** Puts a fresh report in the cache and marks the lists stale. */
export function useStoreIncident() {
  const client = useQueryClient();
  return (view: IncidentView) => {
    client.setQueryData(incidentKeys.one(view.id), view);
    void client.invalidateQueries({ queryKey: ['incidents', 'list'] });
  };
}
