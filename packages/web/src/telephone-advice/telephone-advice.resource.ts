import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TelephoneAdviceAccess, TelephoneAdviceState } from '@loket/domain';
import { api, ApiError, type Problem } from '../shared/api';
import i18n from '../shared/i18n';

/** Telephone advice records as the API gives them (R-TEL-01, R-CON-02). */
export interface TelephoneAdviceView {
  id: string;
  reference: string;
  state: TelephoneAdviceState;
  access: TelephoneAdviceAccess | null;
  patient: {
    bsn: string;
    givenName: string | null;
    familyName: string;
    birthDate: string;
    street: string;
    houseNumber: string;
    postcode: string;
    city: string | null;
  };
  departmentId: string;
  consultedSpecialist: string | null;
  consultedOn: string;
  advice: string;
  supplementaryInfo: string | null;
  recordedBy: { name: string; role: string };
  createdAt: string;
  filedAt: string | null;
  consent: { filename: string; mediaType: string; size: number; uploadedAt: string } | null;
}

export interface TelephoneAdviceListItem {
  id: string;
  reference: string;
  state: TelephoneAdviceState;
  access: TelephoneAdviceAccess;
  patientName: string;
  patientBirthDate: string;
  departmentId: string;
  consultedOn: string;
  recordedBy: string;
  createdAt: string;
  filedAt: string | null;
}

export interface PatientFile {
  patient: { name: string; birthDate: string } | null;
  records: TelephoneAdviceView[];
}

export const telephoneAdviceKeys = {
  list: ['telephone-advice', 'list'] as const,
  one: (id: string) => ['telephone-advice', id] as const,
};

export function useTelephoneAdviceList() {
  return useQuery({
    queryKey: telephoneAdviceKeys.list,
    queryFn: () => api<{ records: TelephoneAdviceListItem[] }>('/api/telephone-advice'),
  });
}

export function useTelephoneAdvice(id: string) {
  return useQuery({
    queryKey: telephoneAdviceKeys.one(id),
    queryFn: () => api<TelephoneAdviceView>(`/api/telephone-advice/${encodeURIComponent(id)}`),
    retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
  });
}

/** Puts a fresh record in the cache and marks the list stale. */
export function useStoreTelephoneAdvice() {
  const client = useQueryClient();
  return (view: TelephoneAdviceView) => {
    client.setQueryData(telephoneAdviceKeys.one(view.id), view);
    void client.invalidateQueries({ queryKey: telephoneAdviceKeys.list });
  };
}

/** The printable consent declaration: blank, or filled in from a record. */
export function consentFormUrl(lang: 'nl' | 'en', id?: string): string {
  return id
    ? `/api/telephone-advice/${encodeURIComponent(id)}/consent-form?lang=${lang}`
    : `/api/telephone-advice/consent-form?lang=${lang}`;
}

/** Uploads the signed declaration with progress; the record comes back in the file. */
export function uploadConsent(
  id: string,
  file: File,
  onProgress?: (fraction: number) => void,
): Promise<TelephoneAdviceView> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/telephone-advice/${encodeURIComponent(id)}/consent`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', i18n.language);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(xhr.responseText || '{}') as Record<string, unknown>;
      } catch {
        data = { message: xhr.responseText };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as unknown as TelephoneAdviceView);
      else
        reject(
          new ApiError(
            xhr.status,
            typeof data.code === 'string' ? data.code : `http-${xhr.status}`,
            typeof data.message === 'string' ? data.message : i18n.t('errors.internal-error'),
            Array.isArray(data.problems) ? (data.problems as Problem[]) : [],
            null,
            data,
          ),
        );
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', i18n.t('errors.network')));
    xhr.send(form);
  });
}
