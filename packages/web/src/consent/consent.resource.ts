import { useQuery } from '@tanstack/react-query';
import type { ConsentMethod, ConsentScope } from '@loket/domain';
import { api, ApiError, type Problem } from '../shared/api';
import i18n from '../shared/i18n';

export interface ConsentRecordView {
  id: string;
  scope: ConsentScope;
  method: ConsentMethod;
  /** null: given in general, for all the patient's referrals. */
  referralId: string | null;
  givenAt: string;
  givenBy: { name: string; role: 'patient' | 'staff' | 'referrer' };
  note: string | null;
  declaration: { filename: string; size: number } | null;
  withdrawn: { at: string; by: string | null; reason: string | null } | null;
}

export interface HeldLetterView {
  letterId: string;
  type: string;
  recipientRole: string;
  recipientName: string | null;
  createdAt: string;
  scope: ConsentScope;
  waitingSince: string;
  releasedAt: string | null;
  messageStatus: 'pending' | 'sent' | 'failed' | 'dead' | null;
  sentAt: string | null;
}

export interface ConsentOverview {
  records: ConsentRecordView[];
  letters: HeldLetterView[];
  you: { as: 'patient' | 'staff' | 'referrer'; methods: ConsentMethod[]; mayWithdraw: boolean };
}

export const consentKeys = { of: (referralId: string) => ['consent', referralId] as const };

const base = (referralId: string) => `/api/referrals/${encodeURIComponent(referralId)}/consent`;

export function useConsent(referralId: string, enabled: boolean) {
  return useQuery({
    queryKey: consentKeys.of(referralId),
    queryFn: () => api<ConsentOverview>(base(referralId)),
    enabled,
    // A 404 means this viewer may not see consent here: show nothing, do not retry.
    retry: false,
  });
}

export function giveConsent(
  referralId: string,
  body: { scope: ConsentScope; method: ConsentMethod; note?: string | null },
  idempotencyKey: string,
) {
  return api<ConsentOverview>(base(referralId), { method: 'POST', body, idempotencyKey });
}

export function withdrawConsent(
  referralId: string,
  consentId: string,
  reason: string,
  idempotencyKey: string,
) {
  return api<ConsentOverview>(`${base(referralId)}/${encodeURIComponent(consentId)}/withdraw`, {
    method: 'POST',
    body: { reason },
    idempotencyKey,
  });
}

export const declarationUrl = (referralId: string, consentId: string) =>
  `${base(referralId)}/${encodeURIComponent(consentId)}/declaration`;

/** Staff: consent from a signed form, with the scanned declaration. */
export async function giveConsentWithDeclaration(
  referralId: string,
  fields: { scope: ConsentScope; note?: string | null },
  file: File,
): Promise<ConsentOverview> {
  const form = new FormData();
  // Fields first: the server reads them before the file streams in.
  form.append('scope', fields.scope);
  if (fields.note) form.append('note', fields.note);
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`${base(referralId)}/signed-form`, {
      method: 'POST',
      headers: { accept: 'application/json', 'accept-language': i18n.language },
      body: form,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new ApiError(
      response.status,
      typeof data.code === 'string' ? data.code : `http-${response.status}`,
      typeof data.message === 'string' ? data.message : i18n.t('errors.internal-error'),
      Array.isArray(data.problems) ? (data.problems as Problem[]) : [],
      null,
      data,
    );
  return data as unknown as ConsentOverview;
}
