import type { TelephoneAdviceTables } from './telephone-advice/tables.ts';
import type { IncidentsTables } from './incidents/tables.ts';
import type { GpRegistryTables } from './gp-registry/tables.ts';
import type { QuickDiagnosisTables } from './quick-diagnosis/tables.ts';
import type { ApopTables } from './apop/tables.ts';
import type { SuddenDeathTables } from './sudden-death/tables.ts';
import type { SecondOpinionsTables } from './second-opinions/tables.ts';
import type { ConsentTables } from './consent/tables.ts';
import type { CostsTables } from './costs/tables.ts';
import type { TakeoverTables } from './takeover/tables.ts';
import type { MdoTables } from './mdo/tables.ts';
import type { FhirTables } from './fhir/tables.ts';
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Kysely's view of the database. Migrations in ./migrations are the truth; keep this in step. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AuthUserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  twoFactorEnabled: boolean | null;
}

export interface AuthSessionTable {
  id: string;
  expiresAt: Timestamp;
  token: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  ipAddress: string | null;
  userAgent: string | null;
  userId: string;
}

export interface AuthAccountTable {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  password: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** better-auth's table of one-time tokens; Loket keeps the patient portal's e-mail confirmations in it too. */
export interface AuthVerificationTable {
  id: string;
  identifier: string;
  value: string;
  expiresAt: Timestamp;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface AuthTwoFactorTable {
  id: string;
  secret: string;
  backupCodes: string;
  userId: string;
  verified: boolean | null;
}

export interface UserProfileTable {
  user_id: string;
  /** AGB code of a referrer (R-ID-02). */
  agb_code: string | null;
  /** UZI number of a professional (9 digits), shown as their identifier in FHIR. */
  uzi_number: Generated<string | null>;
  /** A referrer's specialism in English, lower case ("family medicine", "neurology"). */
  specialism: string | null;
  organisation_id: string | null;
  locale: 'nl' | 'en';
  disabled_at: Date | null;
  created_at: Generated<Date>;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface UserDepartmentTable {
  user_id: string;
  department_id: string;
}

export interface OrganisationTable {
  id: string;
  name: string;
  agb_code: string | null;
  created_at: Generated<Date>;
}

export interface CatalogHospitalTable {
  id: Generated<number>;
  doc: JSONColumnType<object>;
  version: number;
  updated_at: Date;
  updated_by: string | null;
}

export interface CatalogDepartmentTable {
  id: string;
  doc: JSONColumnType<object>;
  version: number;
  position: number;
  updated_at: Date;
  updated_by: string | null;
}

export interface CatalogChangeTable {
  id: Generated<number>;
  entity: 'hospital' | 'department';
  entity_id: string;
  version: number;
  action: 'create' | 'update' | 'delete' | 'import';
  doc: JSONColumnType<object> | null;
  changed_by: string | null;
  changed_by_name: string | null;
  changed_at: Date;
  summary: string | null;
}

export interface AuditEventTable {
  seq: number;
  occurred_at: Date;
  event_type: string;
  /** NEN 7513 action: C(reate), R(ead), U(pdate), D(elete), E(xecute). */
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  outcome: string;
  user_id: string | null;
  user_name: string | null;
  user_role: string | null;
  on_behalf_of: string | null;
  patient_id: string | null;
  access_point: string | null;
  object_type: string | null;
  object_id: string | null;
  details: JSONColumnType<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface SettingTable {
  key: string;
  value: JSONColumnType<object>;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export interface PatientTable {
  id: string;
  bsn: string | null;
  no_bsn_reason: string | null;
  given_name: string | null;
  family_name: string;
  birth_date: string;
  street: string | null;
  house_number: string | null;
  postcode: string | null;
  city: string | null;
  country: Generated<string>;
  phone: string | null;
  email: string | null;
  family_doctor_name: string | null;
  family_doctor_agb: string | null;
  family_doctor_email: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PatientAccountTable {
  user_id: string;
  patient_id: string;
}

type Json<T = object> = ColumnType<T, string, string>;
type NullableJson<T = object> = ColumnType<T | null, string | null, string | null>;

export interface ReferralTable {
  id: string;
  reference: string;
  kind: string;
  state: string;
  department_id: string;
  care_path_id: string | null;
  sub_clinic_id: string | null;
  channel: string;
  urgency_requested: string;
  urgency: string | null;
  patient_id: string | null;
  patient: Json<Record<string, string | null>>;
  letter: Json<Record<string, string | null>>;
  confirmations: Json<string[]>;
  referrer_user_id: string | null;
  referrer_name: string | null;
  referrer_agb: string | null;
  referrer_specialism: string | null;
  referrer_kind: string | null;
  referrer_email: string | null;
  organisation_id: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  triage_due: string | null;
  triage_deadline: NullableJson;
  seen_within: string | null;
  seen_within_deadline: NullableJson;
  assigned_specialists: Json<{ id: string; name: string }[]>;
  claimed_by: string | null;
  claimed_by_name: string | null;
  decision: NullableJson<Record<string, unknown>>;
  appointment: NullableJson<Record<string, unknown>>;
  missing_requested: NullableJson<Record<string, unknown>>;
  duplicate_of: string | null;
  merged_into: string | null;
  closed_reason: string | null;
  version: Generated<number>;
}

export interface ReferralEventTable {
  id: Generated<number>;
  referral_id: string;
  at: Date;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  type: string;
  from_state: string | null;
  to_state: string | null;
  note: string | null;
  data: Json<Record<string, unknown>>;
  visibility: 'everyone' | 'professionals' | 'staff';
}

export interface ReferralDocumentTable {
  id: string;
  referral_id: string;
  kind: string;
  origin: 'upload' | 'original' | 'supplement';
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string | null;
  uploaded_by_name: string | null;
  uploaded_at: Date;
}

export interface LetterTable {
  id: string;
  referral_id: string;
  type: string;
  language: string;
  recipient_role: string;
  recipient_name: string | null;
  pdf: Uint8Array;
  sha256: string;
  created_at: Date;
  created_by: string | null;
  /** How it was sent (R-COM-03): 'secure-mail' (registry, R-GP-01), 'email' or 'none'; null before migration 008. */
  channel: 'secure-mail' | 'email' | 'none' | null;
}

export interface OutboxMessageTable {
  id: Generated<number>;
  referral_id: string | null;
  letter_id: string | null;
  /** 'rest-hook': a FHIR Subscription notification; recipient is then the endpoint URL. */
  channel: 'email' | 'rest-hook';
  recipient: string;
  subject: string;
  body: string;
  status: Generated<'pending' | 'sent' | 'failed' | 'dead'>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface IdempotencyKeyTable {
  user_id: string;
  key: string;
  scope: string;
  body_hash: string;
  status: number | null;
  response: NullableJson<unknown>;
  created_at: Date;
}

export interface Database
  extends
    TelephoneAdviceTables,
    IncidentsTables,
    GpRegistryTables,
    QuickDiagnosisTables,
    ApopTables,
    SuddenDeathTables,
    SecondOpinionsTables,
    ConsentTables,
    CostsTables,
    TakeoverTables,
    MdoTables,
    FhirTables {
  'auth.user': AuthUserTable;
  'auth.session': AuthSessionTable;
  'auth.account': AuthAccountTable;
  'auth.twoFactor': AuthTwoFactorTable;
  'auth.verification': AuthVerificationTable;
  user_profile: UserProfileTable;
  user_role: UserRoleTable;
  user_department: UserDepartmentTable;
  organisation: OrganisationTable;
  catalog_hospital: CatalogHospitalTable;
  catalog_department: CatalogDepartmentTable;
  catalog_change: CatalogChangeTable;
  audit_event: AuditEventTable;
  setting: SettingTable;
  patient: PatientTable;
  patient_account: PatientAccountTable;
  referral: ReferralTable;
  referral_event: ReferralEventTable;
  referral_document: ReferralDocumentTable;
  letter: LetterTable;
  outbox_message: OutboxMessageTable;
  idempotency_key: IdempotencyKeyTable;
}
