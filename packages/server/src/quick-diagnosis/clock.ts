import type { Kysely, Transaction } from 'kysely';
import {
  findQuickDiagnosis,
  saveQuickDiagnosisChoice,
  updateQuickDiagnosis,
  type Database,
  type ReferralRow,
} from '@loket/db';
import {
  appointmentDate,
  choiceProblems,
  deadlineStatus,
  diagnosisDeadline,
  firstVisitDeadline,
  tumourTypeOf,
  type Deadline,
  type Hospital,
  type QuickDiagnosisChoice,
  type ReferralKind,
  type ReferralPolicy,
} from '@loket/domain';
import { HttpError } from '../http/errors.ts';

/**
 * The quick-diagnosis route inside the referral loop (R-QD-01): the referral service calls these in its own
 * transactions, so the choice, the next-day target and the diagnosis clock change together with the referral.
 */
interface Calendar {
  policy: ReferralPolicy;
  holidays: ReadonlySet<string>;
}

/** Refuses a quick-diagnosis choice the hospital's configuration does not offer, before anything is written. */
export function checkQuickDiagnosisChoice(
  hospital: Hospital,
  draft: { kind: ReferralKind; departmentId: string; quickDiagnosis?: QuickDiagnosisChoice | undefined },
): void {
  if (draft.kind !== 'quick-diagnosis') return;
  const problems = choiceProblems(hospital.quickDiagnosis, draft.departmentId, draft.quickDiagnosis);
  if (problems.length > 0) throw new HttpError(400, 'invalid-input', { problems });
}

/** Keeps the choice with the referral; a referral that is no longer of this kind loses it. */
export async function keepQuickDiagnosisChoice(
  trx: Transaction<Database>,
  referralId: string,
  draft: { kind: ReferralKind; quickDiagnosis?: QuickDiagnosisChoice | undefined },
  /** A referral made in this transaction has nothing to lose. */
  isNew = false,
): Promise<void> {
  if (draft.kind === 'quick-diagnosis')
    await saveQuickDiagnosisChoice(
      trx,
      referralId,
      draft.quickDiagnosis ?? { tumourTypeId: null, patientChoice: false },
    );
  else if (!isNew) await trx.deleteFrom('quick_diagnosis').where('referral_id', '=', referralId).execute();
}

export async function quickDiagnosisChoiceOf(
  db: Kysely<Database> | Transaction<Database>,
  r: Pick<ReferralRow, 'id' | 'kind'>,
): Promise<QuickDiagnosisChoice | null> {
  if (r.kind !== 'quick-diagnosis') return null;
  const row = await findQuickDiagnosis(db, r.id);
  return row ? { tumourTypeId: row.tumour_type_id, patientChoice: row.patient_choice } : null;
}

/** On receipt: the first visit is targeted for the next working day. */
export async function startQuickDiagnosis(
  trx: Transaction<Database>,
  r: ReferralRow,
  hospital: Hospital,
  receivedOn: string,
  calendar: Calendar,
): Promise<void> {
  const config = hospital.quickDiagnosis;
  if (r.kind !== 'quick-diagnosis' || !config) return;
  const deadline = firstVisitDeadline(receivedOn, config, calendar.policy, calendar.holidays);
  await updateQuickDiagnosis(trx, r.id, {
    first_visit_due: deadline.due,
    first_visit_deadline: JSON.stringify(deadline),
  });
}

/** On acceptance: the seen-within date of a quick diagnosis is the next working day, not the routine weeks. */
export function quickDiagnosisSeenWithin(
  r: ReferralRow,
  hospital: Hospital,
  acceptedOn: string,
  calendar: Calendar,
): Deadline | null {
  const config = hospital.quickDiagnosis;
  if (r.kind !== 'quick-diagnosis' || !config) return null;
  return {
    ...firstVisitDeadline(acceptedOn, config, calendar.policy, calendar.holidays),
    rule: 'seen-within',
  };
}

/**
 * On (re)scheduling: the diagnosis clock starts at the first visit. A plan of examinations made for another day no
 * longer holds and is cleared, so the back office plans the new day.
 */
export async function quickDiagnosisAppointment(
  trx: Transaction<Database>,
  r: ReferralRow,
  hospital: Hospital,
  start: string,
  calendar: Calendar,
): Promise<boolean> {
  if (r.kind !== 'quick-diagnosis') return false;
  const row = await findQuickDiagnosis(trx, r.id);
  const type = tumourTypeOf(hospital.quickDiagnosis, row?.tumour_type_id ?? null);
  if (!row || !type) return false;
  const day = appointmentDate(start);
  const deadline = diagnosisDeadline(day, type, calendar.policy, calendar.holidays);
  const planStale = row.day_plan !== null && row.day_plan.date !== day;
  await updateQuickDiagnosis(trx, r.id, {
    first_visit_on: day,
    diagnosis_due: deadline.due,
    diagnosis_deadline: JSON.stringify(deadline),
    ...(planStale ? { day_plan: null } : {}),
  });
  return planStale;
}

const closed = new Set(['rejected', 'completed', 'cancelled']);

/** What the referral page shows of a quick diagnosis: tumour type, both clocks and the day plan. */
export async function quickDiagnosisView(
  db: Kysely<Database>,
  r: ReferralRow,
  context: { hospital: Hospital; policy: ReferralPolicy; holidays: ReadonlySet<string>; today: string },
) {
  if (r.kind !== 'quick-diagnosis') return null;
  const row = await findQuickDiagnosis(db, r.id);
  if (!row) return null;
  const type = tumourTypeOf(context.hospital.quickDiagnosis, row.tumour_type_id);
  const status = (due: string | null, open: boolean) =>
    due && open ? deadlineStatus(due, context.today, context.policy, context.holidays) : null;
  const beforeVisit = ['received', 'in-triage', 'awaiting-information', 'accepted'].includes(r.state);
  return {
    tumourType: type
      ? { id: type.id, name: type.name, diagnosisWorkingDays: type.diagnosisWorkingDays }
      : null,
    tumourTypeId: row.tumour_type_id,
    patientChoice: row.patient_choice,
    firstVisit: {
      due: row.first_visit_due,
      status: status(row.first_visit_due, beforeVisit),
      deadline: row.first_visit_deadline,
      on: row.first_visit_on,
    },
    diagnosis: {
      due: row.diagnosis_due,
      status: status(row.diagnosis_due, !closed.has(r.state)),
      deadline: row.diagnosis_deadline,
    },
    dayPlan: row.day_plan,
  };
}
export type QuickDiagnosisView = NonNullable<Awaited<ReturnType<typeof quickDiagnosisView>>>;
