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

export interface Database {
  'auth.user': AuthUserTable;
  'auth.session': AuthSessionTable;
  'auth.account': AuthAccountTable;
  'auth.twoFactor': AuthTwoFactorTable;
  user_profile: UserProfileTable;
  user_role: UserRoleTable;
  user_department: UserDepartmentTable;
  organisation: OrganisationTable;
  catalog_hospital: CatalogHospitalTable;
  catalog_department: CatalogDepartmentTable;
  catalog_change: CatalogChangeTable;
  audit_event: AuditEventTable;
}
