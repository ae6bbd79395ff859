import type { ColumnType, Generated } from 'kysely';

/** The tables of incidents (see migration 007). */
export interface IncidentReporterColumn {
  name: string;
  organisation: string | null;
  phone: string | null;
  email: string;
}

export interface IncidentPatientColumn {
  initials: string;
  birthName: string;
  birthDate: string;
  hospitalNumber: string | null;
}

export interface IncidentTable {
  id: string;
  reference: string;
  state: 'received' | 'in-triage' | 'under-investigation' | 'closed';
  reported_by: string;
  reporter: ColumnType<IncidentReporterColumn, string, string>;
  occurred_on: string;
  occurred_until: string | null;
  description: string;
  suggestions: string | null;
  department_id: string;
  care_setting: 'clinic' | 'outpatient-clinic';
  patient: ColumnType<IncidentPatientColumn, string, string>;
  consequences: string;
  action_taken: string | null;
  referral_id: string | null;
  conclusion: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  version: Generated<number>;
}

export interface IncidentEventTable {
  id: Generated<number>;
  incident_id: string;
  at: Date;
  actor_user_id: string | null;
  actor_name: string;
  side: 'reporter' | 'team';
  type: 'reported' | 'state-changed' | 'message';
  from_state: string | null;
  to_state: string | null;
  note: string | null;
}

export interface IncidentsTables {
  incident: IncidentTable;
  incident_event: IncidentEventTable;
}
