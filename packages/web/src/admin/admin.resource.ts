import { useQuery } from '@tanstack/react-query';
import type { Department, Hospital, Language } from '@loket/domain';
import { api } from '../shared/api';

/** Query keys of the administration pages, so saves can invalidate exactly what they changed. */
export const adminKeys = {
  department: (id: string) => ['admin', 'department', id] as const,
  hospital: ['admin', 'hospital'] as const,
  history: (entity: 'department' | 'hospital', id: string) => ['admin', 'history', entity, id] as const,
  users: ['admin', 'users'] as const,
  roles: ['admin', 'roles'] as const,
};

export interface VersionedDepartment {
  department: Department;
  version: number;
}

export interface VersionedHospital {
  hospital: Hospital;
  version: number;
}

export interface CatalogChange {
  id: number;
  version: number;
  action: string;
  changedBy: string | null;
  changedByName: string | null;
  changedAt: string;
  summary: string | null;
}

export interface ImportSummary {
  dryRun: boolean;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  hospitalChanged: boolean;
}

export interface Account {
  id: string;
  name: string;
  email: string;
  roles: string[];
  departmentIds: string[];
  agbCode: string | null;
  uziNumber: string | null;
  specialism: string | null;
  organisationId: string | null;
  locale: Language;
  twoFactorEnabled: boolean;
  disabled: boolean;
}

/**
 * The stored department. It is not refetched in the background: the edit form is built from it, and a
 * background reload must not replace what the administrator is typing.
 */
export function useAdminDepartment(id: string) {
  return useQuery({
    queryKey: adminKeys.department(id),
    queryFn: () => api<VersionedDepartment>(`/api/admin/catalog/departments/${encodeURIComponent(id)}`),
    staleTime: Infinity,
    // Forgotten when the page closes: opening the page again always loads what is stored now.
    gcTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

export function useAdminHospital() {
  return useQuery({
    queryKey: adminKeys.hospital,
    queryFn: () => api<VersionedHospital>('/api/admin/catalog/hospital'),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}

export function useHistory(entity: 'department' | 'hospital', id: string) {
  return useQuery({
    queryKey: adminKeys.history(entity, id),
    queryFn: () =>
      api<{ changes: CatalogChange[] }>(
        `/api/admin/catalog/history/${entity}/${encodeURIComponent(id)}`,
      ).then((r) => r.changes),
  });
}

export function useUsers() {
  return useQuery({
    queryKey: adminKeys.users,
    queryFn: () => api<{ users: Account[] }>('/api/admin/users').then((r) => r.users),
  });
}

export function useRoles() {
  return useQuery({
    queryKey: adminKeys.roles,
    queryFn: () => api<{ roles: string[] }>('/api/admin/roles').then((r) => r.roles),
    staleTime: Infinity,
  });
}
