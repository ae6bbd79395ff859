import type { ColumnType } from 'kysely';

/** The tables of the FHIR interface (see migration 020). */
export interface FhirSubscriptionTable {
  id: string;
  /** The account that made the subscription: notifications only go out for what it may see. */
  user_id: string;
  status: 'active' | 'off' | 'error';
  /** A Task search, e.g. `Task?owner=HealthcareService/cardiology`. */
  criteria: string;
  reason: string;
  endpoint: string;
  /** 'application/fhir+json' sends the Task; null sends an empty notification. */
  payload: string | null;
  /** Header lines ("Authorization: Bearer …") sent with each notification. */
  headers: ColumnType<string[], string, string>;
  end_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: ColumnType<number, number | undefined, number>;
}

export interface FhirTables {
  fhir_subscription: FhirSubscriptionTable;
}
