/**
 * How long Loket keeps what it holds (R-SEC-04, R-SEC-01).
 *
 * - A patient's record (the dossier: the patient, their referrals, second opinions, letters, documents and
 *   everything attached) is kept 20 years after its last change (WGBO art. 7:454 lid 3), or longer when
 *   a good care provider needs it: the setting may lengthen the period, never shorten it.
 * - The audit trail is kept at least 5 years (NEN 7513, R-SEC-01). Loket never deletes audit records: the
 *   hash chain is verified from its first record, so removing old ones would make the trail unverifiable.
 *   The retention review counts the records past the minimum so the privacy officer can see them.
 * - The law's exceptions: a dossier under a legal hold (a claim, a complaint, an investigation) or still in
 *   use (an open request, a letter waiting for consent, a message still to be sent) is kept whatever its age.
 * - On the patient's written request the dossier is destroyed before its period ends, within three months
 *   (WGBO art. 7:455), unless a legal rule (a legal hold) or its use keeps it, or the officer records that it is
 *   of considerable importance to someone other than the patient.
 */

export const RECORD_RETENTION_MIN_YEARS = 20;
export const AUDIT_RETENTION_MIN_YEARS = 5;
/** An upper bound that catches typos (200 for 20) rather than a legal limit. */
export const RETENTION_MAX_YEARS = 115;

export interface RetentionSettings {
  recordYears: number;
  auditYears: number;
}

export const defaultRetention: RetentionSettings = {
  recordYears: RECORD_RETENTION_MIN_YEARS,
  auditYears: AUDIT_RETENTION_MIN_YEARS,
};

/** Throws when a setting would keep records or audit shorter than the law allows. */
export function checkRetentionSettings(s: RetentionSettings): RetentionSettings {
  const ok = (v: number, min: number) => Number.isInteger(v) && v >= min && v <= RETENTION_MAX_YEARS;
  if (!ok(s.recordYears, RECORD_RETENTION_MIN_YEARS))
    throw new RangeError(
      `records must be kept ${RECORD_RETENTION_MIN_YEARS} to ${RETENTION_MAX_YEARS} years (WGBO art. 7:454)`,
    );
  if (!ok(s.auditYears, AUDIT_RETENTION_MIN_YEARS))
    throw new RangeError(
      `the audit trail must be kept ${AUDIT_RETENTION_MIN_YEARS} to ${RETENTION_MAX_YEARS} years`,
    );
  return s;
}

/** The same calendar moment `years` later (29 February becomes 28 February in a year without it). */
export function addYears(at: Date, years: number): Date {
  const d = new Date(at.getTime());
  const month = d.getUTCMonth();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  if (d.getUTCMonth() !== month) d.setUTCDate(0);
  return d;
}

export type InUseReason = 'open-request' | 'letter-waiting-for-consent' | 'message-unsent';

export interface DossierState {
  /** The newest change of any part of the dossier. */
  lastChange: Date;
  legalHold: boolean;
  inUse: readonly InUseReason[];
}

export type RetentionDecision =
  | { keep: true; reason: 'within-period'; until: Date }
  | { keep: true; reason: 'legal-hold'; until: Date }
  | { keep: true; reason: 'in-use'; until: Date; inUse: readonly InUseReason[] }
  | { keep: false; reason: 'past-period'; until: Date };

/**
 * Whether a dossier may be deleted now. The period comes first (a young dossier is kept whatever else is
 * true), then the exceptions; a dossier is deleted only when nothing keeps it.
 */
export function decideRetention(
  dossier: DossierState,
  now: Date,
  settings: RetentionSettings = defaultRetention,
): RetentionDecision {
  const until = addYears(dossier.lastChange, settings.recordYears);
  if (now.getTime() < until.getTime()) return { keep: true, reason: 'within-period', until };
  if (dossier.legalHold) return { keep: true, reason: 'legal-hold', until };
  if (dossier.inUse.length > 0) return { keep: true, reason: 'in-use', until, inUse: dossier.inUse };
  return { keep: false, reason: 'past-period', until };
}

/** Audit records before this moment are past the minimum period (counted, never deleted). */
export function auditMinimumEnds(now: Date, settings: RetentionSettings = defaultRetention): Date {
  return addYears(now, -settings.auditYears);
}

/** The hospital destroys a dossier within three months of the patient's written request (WGBO art. 7:455 lid 1). */
export const ERASURE_DEADLINE_MONTHS = 3;

/** The same calendar moment `months` later (31 May + 3 months is 31 August; 30 November + 3 is 28/29 February). */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export interface ErasureRequest {
  /** The day the patient's written request came in. */
  receivedOn: Date;
  /**
   * The officer's refusal with its reason, when keeping the data is of considerable importance to someone other
   * than the patient (art. 7:455 lid 2). Empty or absent: not refused.
   */
  refusal?: string | null | undefined;
}

export type ErasureDecision =
  | { erase: true; dueBy: Date; overdue: boolean }
  | { erase: false; reason: 'legal-hold'; dueBy: Date; overdue: boolean }
  | { erase: false; reason: 'in-use'; dueBy: Date; overdue: boolean; inUse: readonly InUseReason[] }
  | { erase: false; reason: 'refused'; dueBy: Date; overdue: boolean; refusal: string };

/**
 * Whether a dossier is destroyed on the patient's request (R-SEC-04, WGBO art. 7:455). The retention period
 * plays no part: the patient may ask at any time. The law's exceptions keep it: a legal rule (a legal hold),
 * the dossier still in use (its care is not finished), or the officer's recorded refusal because the data are
 * of considerable importance to someone else. `dueBy` is the end of the three months the hospital has; a
 * request dated after `now` is refused as a mistake (RangeError).
 */
export function decideErasure(
  dossier: Omit<DossierState, 'lastChange'>,
  request: ErasureRequest,
  now: Date,
): ErasureDecision {
  if (Number.isNaN(request.receivedOn.getTime()) || request.receivedOn.getTime() > now.getTime())
    throw new RangeError('the request date must be a day that has passed');
  const dueBy = addMonths(request.receivedOn, ERASURE_DEADLINE_MONTHS);
  const overdue = now.getTime() > dueBy.getTime();
  if (dossier.legalHold) return { erase: false, reason: 'legal-hold', dueBy, overdue };
  if (dossier.inUse.length > 0)
    return { erase: false, reason: 'in-use', dueBy, overdue, inUse: dossier.inUse };
  const refusal = request.refusal?.trim() ?? '';
  if (refusal !== '') return { erase: false, reason: 'refused', dueBy, overdue, refusal };
  return { erase: true, dueBy, overdue };
}
