import type { FastifyReply } from 'fastify';

/**
 * FHIR speaks OperationOutcome, not Loket's `{ code, message }` problems: a FHIR client reads `issue[].code`
 * (from the R4 IssueType value set) and shows `diagnostics`. Diagnostics are English, the language of the
 * interface; they say what is wrong and what to send instead.
 */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export type IssueCode =
  | 'invalid'
  | 'required'
  | 'business-rule'
  | 'duplicate'
  | 'not-supported'
  | 'not-found'
  | 'login'
  | 'forbidden'
  | 'security'
  | 'conflict'
  | 'processing'
  | 'exception'
  | 'too-costly'
  | 'transient'
  | 'informational'
  | 'throttled';

export class FhirError extends Error {
  readonly status: number;
  readonly issue: IssueCode;
  constructor(status: number, issue: IssueCode, diagnostics: string) {
    super(diagnostics);
    this.status = status;
    this.issue = issue;
  }
}

export function operationOutcome(
  issue: IssueCode,
  diagnostics: string,
  severity: 'error' | 'fatal' | 'warning' | 'information' = 'error',
) {
  return {
    resourceType: 'OperationOutcome' as const,
    issue: [{ severity, code: issue, diagnostics }],
  };
}

export function sendOutcome(reply: FastifyReply, status: number, issue: IssueCode, diagnostics: string) {
  return reply.status(status).header('content-type', FHIR_JSON).send(operationOutcome(issue, diagnostics));
}

/** Loket's problem codes (from the shared access check and services) as FHIR issues with English diagnostics. */
const problemIssues: Record<string, { issue: IssueCode; diagnostics: string }> = {
  'sign-in-required': {
    issue: 'login',
    diagnostics: 'Not signed in. Sign in through /api/auth/sign-in/email and send the session cookie.',
  },
  'second-factor-required': {
    issue: 'security',
    diagnostics:
      'Staff must pass a second factor before using the FHIR interface. Sign in with your authenticator code.',
  },
  'not-permitted': {
    issue: 'forbidden',
    diagnostics: 'Your role does not give access to the FHIR interface.',
  },
  'account-disabled': { issue: 'security', diagnostics: 'This account has been disabled.' },
  'not-found': {
    issue: 'not-found',
    diagnostics: 'Not found, or not visible to you. Check the resource type and id.',
  },
  'rate-limited': { issue: 'throttled', diagnostics: 'Too many requests. Wait a moment and try again.' },
  'invalid-input': { issue: 'invalid', diagnostics: 'The request is not valid.' },
  'idempotency-conflict': {
    issue: 'duplicate',
    diagnostics:
      'A referral with this identifier was already posted with other content. Use a new identifier for a new referral.',
  },
  'referral-incomplete': {
    issue: 'business-rule',
    diagnostics: 'The referral is not complete; it was kept as a draft. Missing:',
  },
  'action-not-allowed': {
    issue: 'business-rule',
    diagnostics:
      'This step is not possible in the referral’s current state, or not for you. Read the Task to see where it stands.',
  },
  'version-conflict': {
    issue: 'conflict',
    diagnostics: 'The resource changed meanwhile. Read it again and decide anew.',
  },
  'referral-blocked': {
    issue: 'business-rule',
    diagnostics: 'The department does not accept this referral; it was kept as a draft.',
  },
};

/** The details a Loket problem carries (fields in error, missing items), as words for the diagnostics. */
export function problemDetail(extra: Record<string, unknown> | undefined): string | undefined {
  if (!extra) return undefined;
  const parts: string[] = [];
  for (const p of (extra.problems as { path?: string; message?: string }[] | undefined) ?? [])
    parts.push(`${p.path ?? ''}: ${p.message ?? ''}`);
  for (const m of (extra.missing as { key?: string; label?: unknown }[] | undefined) ?? [])
    parts.push(String(m.key));
  return parts.length ? parts.join('; ') : undefined;
}

export function outcomeForProblem(status: number, code: string | undefined, detail?: string) {
  const known = code ? problemIssues[code] : undefined;
  const issue: IssueCode =
    known?.issue ?? (status >= 500 ? 'exception' : status === 404 ? 'not-found' : 'processing');
  const diagnostics = [
    known?.diagnostics ??
      (status >= 500 ? 'The server failed; try again later.' : 'The request was refused.'),
    detail,
  ]
    .filter(Boolean)
    .join(' ');
  return operationOutcome(issue, diagnostics);
}
