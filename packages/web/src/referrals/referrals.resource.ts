import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Blocker,
  Confirmation,
  DocumentKind,
  IntakeChannel,
  LetterItem,
  LocalizedText,
  MissingItem,
  ReferralAction,
  ReferralKind,
  ReferralState,
  RejectionReason,
  Urgency,
} from '@loket/domain';
import type { QuickDiagnosisSummary, QuickDiagnosisView } from '../quick-diagnosis/quick-diagnosis.resource';
import { api, ApiError, type Problem } from '../shared/api';
import i18n from '../shared/i18n';

/** The JSON shape of a referral as the server shows it to the viewer (packages/server/src/referrals/views.ts). */
export type DeadlineStatus = 'on-track' | 'at-risk' | 'overdue';

export interface DeadlineInfo {
  due: string | null;
  status: DeadlineStatus | null;
  deadline: {
    rule: string;
    due: string;
    from: string;
    workingDays: number | null;
    override?: { reason: string; by: string };
  } | null;
}

export interface StoredPatient {
  bsn?: string | null;
  noBsnReason?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  birthDate?: string | null;
  street?: string | null;
  houseNumber?: string | null;
  postcode?: string | null;
  city?: string | null;
  country?: string | null;
  phone?: string | null;
  email?: string | null;
  familyDoctorName?: string | null;
  familyDoctorAgb?: string | null;
  familyDoctorEmail?: string | null;
}

export interface TimelineEvent {
  id: string | number;
  at: string;
  type: string;
  actorName: string | null;
  actorRole: string | null;
  from: string | null;
  to: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

export interface ReferralDocument {
  id: string;
  kind: DocumentKind;
  origin: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: string | null;
}

export interface ReferralLetter {
  id: string;
  type: string;
  language: string;
  recipientRole: string;
  recipientName: string | null;
  createdAt: string;
  /** How the letter was sent (R-COM-03); secure mail comes from the family-doctor registry (R-GP-01). */
  channel: 'secure-mail' | 'email' | 'none' | null;
  /** Set while the letter waits for the patient's consent (R-CON-03). */
  waitingForConsentSince?: string | null;
}

export type MessageStatus = 'pending' | 'sent' | 'failed' | 'dead';

export interface ReferralMessage {
  id: string | number;
  letterId: string | null;
  recipient: string;
  subject: string;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

export interface Decision {
  kind?: 'accepted' | 'rejected';
  urgency?: Urgency;
  by?: string;
  at?: string;
  note?: string | null;
  reasonCode?: RejectionReason;
  explanation?: string;
  redirect?: string | null;
  feedback?: string;
  endOfTreatment?: boolean;
  completedAt?: string;
}

export interface Appointment {
  start: string;
  location: string | null;
  videoLink: string | null;
  notes: string | null;
  noShow?: boolean;
}

export interface ReferralView {
  id: string;
  reference: string;
  kind: ReferralKind;
  state: ReferralState;
  fhir: { status: string; businessStatus: string };
  departmentId: string;
  carePathId: string | null;
  subClinicId: string | null;
  channel: IntakeChannel;
  urgencyRequested: Urgency;
  urgency: Urgency | null;
  patient: StoredPatient;
  letter: Partial<Record<LetterItem, string | null>>;
  confirmations: string[];
  referrer: { name: string | null; agbCode: string | null; specialism: string | null; email: string | null };
  createdAt: string;
  submittedAt: string | null;
  updatedAt: string;
  triage: DeadlineInfo;
  seenWithin: DeadlineInfo;
  assignedSpecialists: { id: string; name: string }[];
  claimedBy: { id: string | null; name: string | null } | null;
  decision: Decision | null;
  appointment: Appointment | null;
  missingRequested: { missing: string[]; message: string | null; at?: string } | null;
  duplicateOf: { id: string; reference: string } | null;
  mergedInto: string | null;
  closedReason: string | null;
  quickDiagnosis: QuickDiagnosisView | null;
  /** A second opinion's request (R-SO-01, R-SO-02); null for other kinds. */
  secondOpinion?: {
    question: string;
    route: string;
    treatingSpecialist: { name: string; organisation: string; email: string | null };
    treatedAbroad: boolean;
    imagingDone: boolean;
    patientConsulted: boolean;
  } | null;
  version: number;
  viewer: 'staff' | 'professional' | 'patient';
  evaluation: {
    missing: MissingItem[];
    essentialMissing: number;
    blockers: Blocker[];
    confirmations: Confirmation[];
    blocking: number;
  } | null;
  urgentRoute: {
    phone: string;
    label: LocalizedText;
    phoneNote: LocalizedText | null;
    outOfHoursPhone: string;
  } | null;
  timeline: TimelineEvent[];
  documents: ReferralDocument[];
  letters: ReferralLetter[];
  messages: ReferralMessage[];
  availableActions: ReferralAction[];
}

export interface ReferralListItem {
  id: string;
  reference: string;
  kind: ReferralKind;
  state: ReferralState;
  departmentId: string;
  patientName: string | null;
  updatedAt: string;
  submittedAt: string | null;
}

export interface WorklistItem {
  id: string;
  reference: string;
  kind: ReferralKind;
  state: ReferralState;
  departmentId: string;
  carePathId: string | null;
  channel: IntakeChannel;
  urgency: Urgency;
  due: string | null;
  dueRule: 'triage' | 'seen-within';
  dueStatus: DeadlineStatus | null;
  submittedAt: string | null;
  claimedBy: { id: string; name: string | null } | null;
  likelyDuplicate: boolean;
  referrerName: string | null;
  patient: { name: string; birthDate: string | null };
  quickDiagnosis: QuickDiagnosisSummary | null;
}

export interface SearchResult {
  id: string;
  reference: string;
  kind: ReferralKind;
  state: ReferralState;
  departmentId: string;
  submittedAt: string | null;
  patient: { id: string | null; name: string; birthDate: string | null };
}

/** What a refused submission names: the missing essentials, or the stops and restrictions. */
export function missingOf(e: unknown): MissingItem[] {
  return e instanceof ApiError && Array.isArray(e.body.missing) ? (e.body.missing as MissingItem[]) : [];
}

export function blockersOf(e: unknown): Blocker[] {
  return e instanceof ApiError && Array.isArray(e.body.blockers) ? (e.body.blockers as Blocker[]) : [];
}

/** A fresh Idempotency-Key: one per form (or dialog), so a double click or a retry makes one change (R-REF-10). */
export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export const referralKeys = {
  all: ['referrals'] as const,
  list: ['referrals', 'list'] as const,
  one: (id: string) => ['referrals', 'one', id] as const,
  worklist: (params: string) => ['worklist', params] as const,
  staff: (departmentId: string) => ['department-staff', departmentId] as const,
};

export function useReferral(id: string | null) {
  return useQuery({
    queryKey: referralKeys.one(id ?? '-'),
    queryFn: () => api<ReferralView>(`/api/referrals/${encodeURIComponent(id!)}`),
    enabled: !!id,
    staleTime: 5_000,
  });
}

export function useReferralList() {
  return useQuery({
    queryKey: referralKeys.list,
    queryFn: () => api<{ referrals: ReferralListItem[] }>('/api/referrals'),
    staleTime: 5_000,
  });
}

export function useDepartmentStaff(departmentId: string, enabled = true) {
  return useQuery({
    queryKey: referralKeys.staff(departmentId),
    queryFn: () =>
      api<{ staff: { id: string; name: string; role: string }[] }>(
        `/api/departments/${encodeURIComponent(departmentId)}/staff`,
      ),
    enabled,
    staleTime: 60_000,
  });
}

/** Puts a referral the server just returned into the cache, so the page shows it without a reload. */
export function useStoreReferral() {
  const client = useQueryClient();
  return (view: ReferralView) => {
    client.setQueryData(referralKeys.one(view.id), view);
    void client.invalidateQueries({ queryKey: referralKeys.list });
    void client.invalidateQueries({ queryKey: ['worklist'] });
  };
}

export interface UploadedDocument {
  id: string;
  kind: DocumentKind;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/**
 * Uploads one document with XMLHttpRequest, so the page can show progress (fetch cannot report upload
 * progress). The field "kind" goes first, then "origin", then the file, as the server reads them in order.
 */
export function uploadDocument(
  referralId: string,
  file: File,
  kind: DocumentKind,
  options: { origin?: 'original'; onProgress?: (fraction: number) => void; language?: string } = {},
): Promise<UploadedDocument> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('kind', kind);
    if (options.origin) form.append('origin', options.origin);
    // A second opinion records each document's language (R-SO-05).
    if (options.language) form.append('language', options.language);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/referrals/${encodeURIComponent(referralId)}/documents`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', i18n.language);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(xhr.responseText || '{}') as Record<string, unknown>;
      } catch {
        data = { message: xhr.responseText };
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1);
        resolve(data as unknown as UploadedDocument);
      } else
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
