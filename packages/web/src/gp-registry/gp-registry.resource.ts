import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { GpRegistrationKind } from '@loket/domain';
import { api } from '../shared/api';

/** The registry as the server shows it (packages/server/src/gp-registry/service.ts). */
export interface RegisteredPractice {
  agbCode: string;
  name: string;
  address: string | null;
  startedOn: string;
  endedOn: string | null;
  current: boolean;
}

export interface RegisteredDoctor {
  agbCode: string;
  name: string;
  secureMail: string | null;
  secureMailConfirmedAt: string | null;
  secureMailConfirmedBy: string | null;
  secureMailInUse: string | null;
  startedOn: string | null;
  endedOn: string | null;
  practices: RegisteredPractice[];
}

export type RegistrationStatus = 'pending' | 'confirmed' | 'rejected' | 'superseded';

export interface Registration {
  id: string;
  kind: GpRegistrationKind;
  status: RegistrationStatus;
  doctor: { agbCode: string; name: string };
  request: {
    secureMail?: string | null;
    effectiveOn?: string;
    takesOverFromAgb?: string | null;
    note?: string | null;
    practice?: {
      name: string;
      agbCode: string;
      street: string | null;
      houseNumber: string | null;
      postcode: string | null;
      city: string | null;
    };
  };
  submittedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  checks: { vektisDoctor: boolean; vektisPractice: boolean } | null;
  checkNote: string | null;
  rejectionReason: string | null;
  patientsMoved: number | null;
  patientsToMove: number | null;
  version: number;
}

export interface MyRegistration {
  agbCode: string;
  name: string;
  registered: RegisteredDoctor | null;
  registrations: Registration[];
}

export const gpKeys = {
  all: ['gp-registry'] as const,
  mine: ['gp-registry', 'mine'] as const,
  registrations: (status: string) => ['gp-registry', 'registrations', status] as const,
  doctors: ['gp-registry', 'doctors'] as const,
};

export function useMyRegistration() {
  return useQuery({ queryKey: gpKeys.mine, queryFn: () => api<MyRegistration>('/api/gp-registry/me') });
}

export function useRegistrations(status: RegistrationStatus | '') {
  return useQuery({
    queryKey: gpKeys.registrations(status),
    queryFn: () =>
      api<{ registrations: Registration[] }>(
        `/api/gp-registry/registrations${status ? `?status=${status}` : ''}`,
      ),
  });
}

export function useDoctors() {
  return useQuery({
    queryKey: gpKeys.doctors,
    queryFn: () => api<{ doctors: RegisteredDoctor[] }>('/api/gp-registry/doctors'),
  });
}

export function useRefreshRegistry() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: gpKeys.all });
}
