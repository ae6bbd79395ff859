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
  withdrawn_at: Date | null;
  withdrawn_by_user_id: string | null;
  withdrawn_by_name: string | null;
  withdrawn_reason: string | null;
}

export interface ConsentTables {
  consent_record: ConsentRecordTable;
}
