import type { ColumnType, Generated } from 'kysely';

/** The tables of second-opinions (see migration 012). */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface TreatingSpecialistColumn {
  name: string;
  organisation: string;
  email: string | null;
}

/** What was read from a DICOM Part-10 file: enough to show which study it is, nothing of the pixels. */
export interface DicomStudyColumn {
  studyDate: string | null;
  modality: string | null;
  studyDescription: string | null;
  sopClassUid: string | null;
}

export interface SecondOpinionTable {
  referral_id: string;
  question: string;
  route: string;
  treating_specialist: Json<TreatingSpecialistColumn>;
  treated_abroad: boolean;
  imaging_done: boolean;
  patient_consulted: boolean;
  /** A tumour type id from the hospital's list, for the waiting times per kind of cancer (R-SO-09). */
  cancer_kind: string | null;
  consent_record_id: string | null;
  dossier_complete_at: Date | null;
  review_due: string | null;
  review_deadline: NullableJson<Record<string, unknown>>;
  outcome: NullableJson<Record<string, unknown>>;
  updated_at: Generated<Date>;
}

export interface SecondOpinionDocumentTable {
  document_id: string;
  referral_id: string;
  language: string;
  dicom: NullableJson<DicomStudyColumn>;
}

export interface SecondOpinionsTables {
  second_opinion: SecondOpinionTable;
  second_opinion_document: SecondOpinionDocumentTable;
}
