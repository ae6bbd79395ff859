import type { ColumnType, Generated } from 'kysely';

/** The tables of gp-registry (see migration 008). */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

export interface GpPracticeTable {
  id: Generated<string>;
  agb_code: string;
  name: string;
  street: string | null;
  house_number: string | null;
  postcode: string | null;
  city: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface GpDoctorTable {
  id: Generated<string>;
  agb_code: string;
  name: string;
  user_id: string | null;
  /** Only a confirmed address is kept here; one waiting for its check lives on the registration. */
  secure_mail: string | null;
  secure_mail_confirmed_at: Date | null;
  secure_mail_confirmed_by: string | null;
  started_on: string | null;
  ended_on: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface GpAffiliationTable {
  doctor_id: string;
  practice_id: string;
  started_on: string;
  ended_on: string | null;
}

export interface GpRegistrationTable {
  id: Generated<string>;
  kind: 'secure-mail' | 'practice-change' | 'new-in-region' | 'stopped';
  status: Generated<'pending' | 'confirmed' | 'rejected' | 'superseded'>;
  doctor_agb: string;
  doctor_name: string;
  submitted_by: string;
  submitted_at: Date;
  /** The registration as the doctor sent it (GpRegistrationInputSchema's output). */
  request: Json<Record<string, unknown>>;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
  /** What staff checked in Vektis. */
  checks: NullableJson<{ vektisDoctor: boolean; vektisPractice: boolean }>;
  check_note: string | null;
  rejection_reason: string | null;
  patients_moved: number | null;
  version: Generated<number>;
}

export interface GpRegistryTables {
  gp_practice: GpPracticeTable;
  gp_doctor: GpDoctorTable;
  gp_affiliation: GpAffiliationTable;
  gp_registration: GpRegistrationTable;
}
