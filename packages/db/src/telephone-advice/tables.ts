import type { ColumnType } from 'kysely';

/** The tables of telephone-advice (see migration 006). */
export interface TelephoneAdvicePatientColumn {
  bsn: string;
  givenName: string | null;
  familyName: string;
  birthDate: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string | null;
}

export interface TelephoneAdviceTable {
  id: string;
  reference: string;
  state: 'awaiting-consent' | 'in-file';
  patient: ColumnType<TelephoneAdvicePatientColumn, string, string>;
  patient_id: string | null;
  department_id: string;
  consulted_specialist: string | null;
  consulted_on: ColumnType<string, string, string>;
  advice: string;
  supplementary_info: string | null;
  recorded_by: string;
  recorded_by_name: string;
  recorded_by_role: string;
  created_at: Date;
  updated_at: Date;
  consent_filename: string | null;
  consent_media_type: string | null;
  consent_size: ColumnType<number | null, number | null, number | null>;
  consent_sha256: string | null;
  consent_storage_key: string | null;
  consent_uploaded_by: string | null;
  consent_uploaded_at: Date | null;
}

export interface TelephoneAdviceTables {
  telephone_advice: TelephoneAdviceTable;
}
