import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReferrerKind, Role } from '@loket/domain';
import { api } from '../shared/api';

export interface Me {
  signedIn: boolean;
  user?: {
    id: string;
    name: string;
    email: string;
    roles: Role[];
    departmentIds: string[];
    agbCode: string | null;
    specialism: string | null;
    referrerKind: ReferrerKind | null;
    locale: 'nl' | 'en';
  };
  secondFactor?: { required: boolean; enrolled: boolean };
  demo: boolean;
}

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => api<Me>('/api/me'), staleTime: 30_000 });
}

export function useRefreshMe() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['me'] });
}

export function hasRole(me: Me | undefined, ...roles: Role[]): boolean {
  return !!me?.user?.roles.some((r) => roles.includes(r));
}

/** Staff who still have to set up their second factor can only reach their account page. */
export function needsEnrollment(me: Me | undefined): boolean {
  return !!me?.secondFactor?.required && !me.secondFactor.enrolled;
}
