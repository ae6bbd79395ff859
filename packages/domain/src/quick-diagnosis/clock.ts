import { localTime } from '../calendar/local-time.ts';
import type { LocalizedText } from '../i18n/localized-text.ts';
import { workingDayDeadline, type Deadline, type ReferralPolicy } from '../referrals/deadlines.ts';
import type { QuickDiagnosisConfig, TumourType } from './config.ts';
import type { QuickDiagnosisChoice } from './schema.ts';

/**
 * The two clocks of a quick diagnosis (R-QD-01), in working days (R-WD-01) and recording their policy (R-WD-02):
 * the first visit the next working day after the referral arrives, and the diagnosis 1 to 4 working days (per tumour
 * type) after that first visit.
 */
export function firstVisitDeadline(
  receivedOn: string,
  config: QuickDiagnosisConfig,
  policy: ReferralPolicy,
  holidays: ReadonlySet<string>,
): Deadline {
  return workingDayDeadline(
    'quick-diagnosis-first-visit',
    receivedOn,
    config.firstVisitWorkingDays,
    policy,
    holidays,
  );
}

export function diagnosisDeadline(
  firstVisitOn: string,
  tumourType: TumourType,
  policy: ReferralPolicy,
  holidays: ReadonlySet<string>,
): Deadline {
  return workingDayDeadline(
    'quick-diagnosis',
    firstVisitOn,
    tumourType.diagnosisWorkingDays,
    policy,
    holidays,
  );
}

export function tumourTypeOf(config: QuickDiagnosisConfig | undefined, id: string | null): TumourType | null {
  if (!config || !id) return null;
  return config.tumourTypes.find((t) => t.id === id) ?? null;
}

/** Why a quick-diagnosis choice cannot be kept: the route is another department's, or the type is not on the list. */
export function choiceProblems(
  config: QuickDiagnosisConfig | undefined,
  departmentId: string,
  choice: QuickDiagnosisChoice | null | undefined,
): { path: string; message: string }[] {
  if (!config) return [{ path: 'kind', message: 'This hospital has not configured quick diagnosis' }];
  if (departmentId !== config.departmentId)
    return [
      { path: 'kind', message: `Quick diagnosis goes through the department "${config.departmentId}"` },
    ];
  if (choice?.tumourTypeId && !tumourTypeOf(config, choice.tumourTypeId))
    return [{ path: 'quickDiagnosis.tumourTypeId', message: 'Choose a tumour type from the list' }];
  return [];
}

export const quickDiagnosisItems: Record<'tumourType' | 'patientChoice', LocalizedText> = {
  tumourType: { nl: 'Tumorsoort (sneldiagnostiek)', en: 'Tumour type (quick diagnosis)' },
  patientChoice: {
    nl: 'De patiënt kiest voor sneldiagnostiek',
    en: 'The patient chooses quick diagnosis',
  },
};

/** The local date of an appointment in Europe/Amsterdam, so a plan and a clock count from the right day. */
export function appointmentDate(start: string | Date): string {
  return localTime(typeof start === 'string' ? new Date(start) : start, 'Europe/Amsterdam').date;
}
