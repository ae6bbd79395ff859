import { useQuery } from '@tanstack/react-query';
import type {
  DeadlineStatus,
  DocumentKind,
  LocalizedText,
  ReviewOutcomeInput,
  SecondOpinionRoute,
} from '@loket/domain';
import { api } from '../shared/api';

/** The second opinion of a referral as the server shows it (packages/server/src/second-opinions/service.ts). */
export interface SecondOpinionView {
  referralId: string;
  state: string;
  request: {
    question: string;
    route: SecondOpinionRoute;
    routeFlag: LocalizedText | null;
    treatingSpecialist: { name: string; organisation: string; email: string | null };
    treatedAbroad: boolean;
    imagingDone: boolean;
    patientConsulted: boolean;
    consentRecorded: boolean;
  } | null;
  checklist: { key: string; kind: DocumentKind; text: LocalizedText; why: LocalizedText; present: boolean }[];
  documents: {
    id: string;
    kind: DocumentKind;
    filename: string;
    mediaType: string;
    uploadedAt: string;
    language: string | null;
    dicom: { studyDate: string | null; modality: string | null; studyDescription: string | null } | null;
  }[];
  review: { dossierCompleteAt: string | null; due: string; status: DeadlineStatus } | null;
  outcome: (ReviewOutcomeInput & { by: string; at: string }) | null;
  canUpload: boolean;
  canRecordOutcome: boolean;
}

export const secondOpinionKey = (id: string) => ['second-opinion', id] as const;

export function useSecondOpinion(id: string, enabled: boolean) {
  return useQuery({
    queryKey: secondOpinionKey(id),
    queryFn: () => api<SecondOpinionView>(`/api/second-opinions/${encodeURIComponent(id)}`),
    enabled,
  });
}

export function recordOutcome(id: string, body: ReviewOutcomeInput) {
  return api<{ id: string; state: string }>(`/api/second-opinions/${encodeURIComponent(id)}/outcome`, {
    method: 'POST',
    body,
  });
}
