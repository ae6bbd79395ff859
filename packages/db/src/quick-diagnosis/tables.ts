import type { ColumnType, Generated } from 'kysely';

/** The tables of quick-diagnosis (see migration 009). */
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface QuickDiagnosisPlan {
  date: string;
  examinations: { kind: string; time: string; location: string | null; note: string | null }[];
  plannedBy: string | null;
  plannedAt: string;
}

export interface QuickDiagnosisTable {
  referral_id: string;
  tumour_type_id: string | null;
  patient_choice: boolean;
  first_visit_due: string | null;
  first_visit_deadline: NullableJson<Record<string, unknown>>;
  /** The day of the first visit (the appointment), from which the diagnosis clock counts. */
  first_visit_on: string | null;
  diagnosis_due: string | null;
  diagnosis_deadline: NullableJson<Record<string, unknown>>;
  day_plan: NullableJson<QuickDiagnosisPlan>;
  updated_at: Generated<Date>;
}

export interface QuickDiagnosisTables {
  quick_diagnosis: QuickDiagnosisTable;
}
