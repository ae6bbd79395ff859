import type { ExaminationKind, LocalizedText } from '@loket/domain';
import type { DeadlineInfo } from '../referrals/referrals.resource';

/** The quick-diagnosis part of a referral as the server shows it (packages/server/src/quick-diagnosis/clock.ts). */
export interface PlannedExamination {
  kind: ExaminationKind;
  time: string;
  location: string | null;
  note: string | null;
}

export interface DayPlan {
  date: string;
  examinations: PlannedExamination[];
  plannedBy: string | null;
  plannedAt: string;
}

export interface QuickDiagnosisView {
  tumourType: { id: string; name: LocalizedText; diagnosisWorkingDays: number } | null;
  tumourTypeId: string | null;
  patientChoice: boolean;
  firstVisit: DeadlineInfo & { on: string | null };
  diagnosis: DeadlineInfo;
  dayPlan: DayPlan | null;
}

/** What the worklist shows of a quick diagnosis: the tight clocks at a glance. */
export interface QuickDiagnosisSummary {
  tumourType: LocalizedText | null;
  firstVisitDue: string | null;
  firstVisitStatus: DeadlineInfo['status'];
  diagnosisDue: string | null;
  diagnosisStatus: DeadlineInfo['status'];
  examinations: number;
}

export const dayPlanPath = (referralId: string) =>
  `/api/quick-diagnosis/referrals/${encodeURIComponent(referralId)}/day-plan`;
