/** The tables of consent (see migration 013). */
export interface ConsentRecordTable {
  id: string;
  patient_id: string;
  referral_id: string | null;
  scope: string;
  method: string;
  given_at: Date;
  given_by_user_id: string | null;
  given_by_name: string;
  given_by_role: string;
  note: string | null;
  declaration_storage_key: string | null;
  declaration_filename: string | null;
  declaration_media_type: string | null;
  declaration_size: number | null;
  declaration_sha256: string | null;
  withdrawn_at: Date | null;
  withdrawn_by_user_id: string | null;
  withdrawn_by_name: string | null;
  withdrawn_reason: string | null;
}

/** A letter whose e-mail waits for the patient's consent (R-CON-03); recipient null when it goes on paper only. */
export interface LetterHoldTable {
  letter_id: string;
  referral_id: string;
  patient_id: string;
  scope: string;
  recipient: string | null;
  subject: string;
  body: string;
  held_at: Date;
  released_at: Date | null;
  released_by_consent_id: string | null;
  outbox_message_id: number | null;
}

export interface ConsentTables {
  consent_record: ConsentRecordTable;
  letter_hold: LetterHoldTable;
}
