import type { MigrationStatements } from './types.ts';

/**
 * Telephone advice records (R-TEL-01, R-CON-02). A record keeps the patient as recorded and stays apart from the
 * patient registry until the signed consent declaration is uploaded; then it is linked to the patient (patient_id)
 * and joins the file.
 */
export const statements: MigrationStatements = [
  `create sequence telephone_advice_number_seq`,
  `create table telephone_advice (
    id text primary key,
    reference text not null unique,
    state text not null check (state in ('awaiting-consent', 'in-file')),
    patient jsonb not null,
    patient_id text references patient (id),
    department_id text not null,
    consulted_specialist text,
    consulted_on date not null,
    advice text not null,
    supplementary_info text,
    recorded_by text not null,
    recorded_by_name text not null,
    recorded_by_role text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    consent_filename text,
    consent_media_type text,
    consent_size bigint,
    consent_sha256 text,
    consent_storage_key text,
    consent_uploaded_by text,
    consent_uploaded_at timestamptz,
    check ((state = 'in-file') = (consent_storage_key is not null and patient_id is not null))
  )`,
  `create index telephone_advice_recorder_idx on telephone_advice (recorded_by, created_at)`,
  `create index telephone_advice_department_idx on telephone_advice (department_id, state, created_at)`,
  `create index telephone_advice_patient_idx on telephone_advice (patient_id)`,
];
