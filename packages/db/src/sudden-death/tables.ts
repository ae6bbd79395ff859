import type { ColumnType, Generated } from 'kysely';

/** The tables of sudden-death (see migration 011). */

type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

export interface SuddenDeathRequestTable {
  id: Generated<string>;
  reference: string;
  kind: 'autopsy' | 'dna-storage';
  state: 'requested' | 'received' | 'stored' | 'examined' | 'completed';
  deceased: Json<Record<string, string | null>>;
  biopsies: NullableJson<Record<string, unknown>>;
  autopsy: NullableJson<Record<string, unknown>>;
  requester: Json<Record<string, string | null>>;
  note: string | null;
  requested_by: string;
  organisation_id: string | null;
  family_member_registered_at: string | null;
  created_at: Date;
  updated_at: Date;
  form_language: 'nl' | 'en';
  form_pdf: Uint8Array;
  form_sha256: string;
  version: Generated<number>;
}

export interface SuddenDeathEventTable {
  id: Generated<number>;
  request_id: string;
  at: Date;
  type: string;
  actor_user_id: string | null;
  actor_name: string | null;
  data: Json<Record<string, unknown>>;
}

export interface SuddenDeathTables {
  sudden_death_request: SuddenDeathRequestTable;
  sudden_death_event: SuddenDeathEventTable;
}
