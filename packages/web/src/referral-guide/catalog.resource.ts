import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { buildSearchIndex, type Department, type Hospital } from '@loket/domain';
import { api } from '../shared/api';

export interface CatalogResponse {
  hospital: Hospital;
  departments: Department[];
  /** Public holidays (ISO dates) around today, which close clinics (R-CAT-04). */
  holidays: string[];
  /** Each phone number of the guide (E.164) as it is shown. */
  phones: Record<string, string>;
  stamp: string;
}

export function useCatalog() {
  return useQuery({
    queryKey: ['catalog'],
    queryFn: () => api<CatalogResponse>('/api/catalog'),
    staleTime: 60_000,
  });
}

export function useSearchIndex(departments: Department[] | undefined) {
  return useMemo(() => buildSearchIndex(departments ?? []), [departments]);
}
