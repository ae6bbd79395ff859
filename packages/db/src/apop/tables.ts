import type { ColumnType, Generated } from 'kysely';

/** The tables of apop (see migration 010). */

type Json<T> = ColumnType<T, string, string>;

export interface ApopModelTable {
  id: Generated<string>;
  version: number;
  intercept: number;
  coefficients: Json<Record<string, number>>;
  validated_by: string;
  source: string;
  created_at: Generated<Date>;
  created_by: string | null;
  created_by_name: string | null;
}

export interface ApopScreeningTable {
  id: Generated<string>;
  patient_id: string;
  department_id: string;
  screened_at: Date;
  screened_by: string | null;
  screened_by_name: string | null;
  age: number;
  answers: Json<Record<string, unknown>>;
  cognitive_impaired: boolean;
  cognitive_reasons: Json<string[]>;
  functional_status: 'computed' | 'not-configured';
  functional_probability: number | null;
  model_id: string | null;
  outcome: string;
  risk: 'high' | 'low' | 'unknown';
  disposition: 'admitted' | 'sent-home' | null;
  discharged_at: Date | null;
  disposition_by: string | null;
  disposition_by_name: string | null;
}

export interface ApopFollowUpTable {
  id: Generated<string>;
  screening_id: string;
  patient_id: string;
  department_id: string;
  due_at: Date;
  created_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
  closed_by_name: string | null;
  call_outcome: 'reached' | 'not-reached' | null;
  instructions_repeated: boolean | null;
  family_doctor_contacted: boolean | null;
  note: string | null;
}

export interface ApopLetterTable {
  id: Generated<string>;
  screening_id: string;
  language: string;
  pdf: Uint8Array;
  sha256: string;
  created_at: Date;
  created_by: string | null;
}

export interface ApopTables {
  apop_model: ApopModelTable;
  apop_screening: ApopScreeningTable;
  apop_follow_up: ApopFollowUpTable;
  apop_letter: ApopLetterTable;
}
