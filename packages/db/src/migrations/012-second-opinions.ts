import type { MigrationStatements } from './types.ts';

/**
 * Second opinions (R-SO-01 … R-SO-10): per referral of that kind, the question, the treating specialist who stays
 * main practitioner, the route of the request, what the dossier needs, the review clock and the review outcome;
 * per dossier document its language and, for images, the DICOM study read from the file.
 */
export const statements: MigrationStatements = [
  `create table second_opinion (
    referral_id text primary key references referral (id),
    question text not null,
    route text not null,
    treating_specialist jsonb not null,
    treated_abroad boolean not null default false,
    imaging_done boolean not null default false,
    patient_consulted boolean not null default false,
    cancer_kind text,
    consent_record_id text,
    dossier_complete_at timestamptz,
    review_due date,
    review_deadline jsonb,
    outcome jsonb,
    updated_at timestamptz not null default now()
  )`,
  `create index second_opinion_review_due_idx on second_opinion (review_due)`,
  `create table second_opinion_document (
    document_id text primary key references referral_document (id),
    referral_id text not null references referral (id),
    language text not null,
    dicom jsonb
  )`,
  `create index second_opinion_document_referral_idx on second_opinion_document (referral_id)`,
];
