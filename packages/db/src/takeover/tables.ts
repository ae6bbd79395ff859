import type { Generated } from 'kysely';

/** The tables of takeover (see migration 015). */

export interface TakeoverTable {
  referral_id: string;
  second_opinion_referral_id: string | null;
  requested_by: string | null;
  requested_by_name: string;
  requested_as: string;
  requested_at: Date;
  request_note: string | null;
  patient_choice: 'this-hospital' | 'current-hospital' | null;
  choice_recorded_by: string | null;
  choice_recorded_by_name: string | null;
  choice_recorded_at: Date | null;
  choice_note: string | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
}

export interface MainPractitionerTable {
  id: Generated<string>;
  referral_id: string;
  patient_id: string | null;
  kind: 'external' | 'hospital';
  name: string;
  organisation: string;
  email: string | null;
  user_id: string | null;
  since: Date;
  until: Date | null;
  recorded_by_name: string;
}

export interface TakeoverTables {
  takeover: TakeoverTable;
  main_practitioner: MainPractitionerTable;
}
