import type { ActorFacts } from '../referrals/machine.ts';

/**
 * A telephone advice record and the patient's consent (R-CON-02). A record starts apart from the patient's
 * file, waiting for the signed consent declaration; only when that is uploaded does it join the file, and only
 * then does the department's staff see the advice. Pure: the caller supplies the facts.
 */
export const telephoneAdviceStates = ['awaiting-consent', 'in-file'] as const;
export type TelephoneAdviceState = (typeof telephoneAdviceStates)[number];

/** The kinds of file a signed declaration may be: a PDF scan or a photo. */
export const telephoneAdviceConsentTypes = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
] as const;

export function isTelephoneAdviceConsentType(mediaType: string): boolean {
  return (telephoneAdviceConsentTypes as readonly string[]).includes(mediaType);
}

export interface TelephoneAdviceFacts {
  state: TelephoneAdviceState;
  departmentId: string;
  recordedBy: string;
}

/** How an actor stands to a record: the one who recorded it, or staff of the consulted department. */
export type TelephoneAdviceAccess = 'recorder' | 'department';

const fileRoles = ['back-office', 'triage-supervisor', 'specialist'] as const;

export function isTelephoneAdviceStaff(actor: Pick<ActorFacts, 'roles'>): boolean {
  return actor.roles.some((r) => (fileRoles as readonly string[]).includes(r));
}

/**
 * Who may see a record (R-SEC-03, R-CON-02). The recorder always does, consent or not. Staff of the
 * consulted department see it only once it is in the file: without consent the advice stays apart.
 */
export function telephoneAdviceAccess(
  actor: ActorFacts,
  record: TelephoneAdviceFacts,
): TelephoneAdviceAccess | null {
  if (record.recordedBy === actor.userId) return 'recorder';
  if (
    record.state === 'in-file' &&
    isTelephoneAdviceStaff(actor) &&
    actor.departmentIds.includes(record.departmentId)
  )
    return 'department';
  return null;
}

/** Only the recorder holds the signed declaration, and a record joins the file once. */
export function mayAddTelephoneAdviceConsent(
  access: TelephoneAdviceAccess | null,
  state: TelephoneAdviceState,
): boolean {
  return access === 'recorder' && state === 'awaiting-consent';
}

/**
 * Whether staff may open a patient's file: they must work in a department that has this patient, through a
 * referral or a telephone advice in the file. The file then shows every filed telephone advice of the patient.
 */
export function mayOpenTelephoneAdvicePatientFile(
  actor: Pick<ActorFacts, 'roles' | 'departmentIds'>,
  departmentsOfPatient: readonly string[],
): boolean {
  return isTelephoneAdviceStaff(actor) && departmentsOfPatient.some((d) => actor.departmentIds.includes(d));
}
