import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface AccountRecord {
  id: string;
  name: string;
  email: string;
  twoFactorEnabled: boolean;
  roles: string[];
  departmentIds: string[];
  agbCode: string | null;
  uziNumber: string | null;
  specialism: string | null;
  organisationId: string | null;
  locale: 'nl' | 'en';
  disabledAt: Date | null;
}

type AccountRow = {
  id: string;
  name: string;
  email: string;
  twoFactorEnabled: boolean | null;
  agb_code: string | null;
  uzi_number: string | null;
  specialism: string | null;
  organisation_id: string | null;
  locale: 'nl' | 'en' | null;
  disabled_at: Date | null;
};

function toAccount(u: AccountRow, roles: string[], departmentIds: string[]): AccountRecord {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    twoFactorEnabled: u.twoFactorEnabled === true,
    roles,
    departmentIds,
    agbCode: u.agb_code ?? null,
    uziNumber: u.uzi_number ?? null,
    specialism: u.specialism ?? null,
    organisationId: u.organisation_id ?? null,
    locale: u.locale ?? 'nl',
    disabledAt: u.disabled_at ?? null,
  };
}

const accountColumns = [
  'u.id',
  'u.name',
  'u.email',
  'u.twoFactorEnabled',
  'p.agb_code',
  'p.uzi_number',
  'p.specialism',
  'p.organisation_id',
  'p.locale',
  'p.disabled_at',
] as const;

async function readAccounts(db: Executor, userIds: string[] | null): Promise<AccountRecord[]> {
  let users = db
    .selectFrom('auth.user as u')
    .leftJoin('user_profile as p', 'p.user_id', 'u.id')
    .select(accountColumns)
    .orderBy('u.name');
  if (userIds) users = users.where('u.id', 'in', userIds);
  const rows = await users.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // One query per table, not per user.
  const [roles, departments] = await Promise.all([
    db
      .selectFrom('user_role')
      .select(['user_id', 'role'])
      .where('user_id', 'in', ids)
      .orderBy('role')
      .execute(),
    db
      .selectFrom('user_department')
      .select(['user_id', 'department_id'])
      .where('user_id', 'in', ids)
      .orderBy('department_id')
      .execute(),
  ]);
  return rows.map((u) =>
    toAccount(
      u,
      roles.filter((r) => r.user_id === u.id).map((r) => r.role),
      departments.filter((d) => d.user_id === u.id).map((d) => d.department_id),
    ),
  );
}

export interface SessionAccount {
  session: { id: string; createdAt: Date; expiresAt: Date };
  account: AccountRecord;
  /** The patient records a patient account is linked to (none for staff and referrers). */
  patientIds: string[];
}

/**
 * A session by its token with everything a request needs about its user, in one query: every request starts here,
 * so it costs one round trip instead of one per table.
 */
export async function readSessionAccount(db: Executor, token: string): Promise<SessionAccount | undefined> {
  const row = await db
    .selectFrom('auth.session as s')
    .innerJoin('auth.user as u', 'u.id', 's.userId')
    .leftJoin('user_profile as p', 'p.user_id', 'u.id')
    .select(accountColumns)
    .select([
      's.id as session_id',
      's.createdAt as session_created_at',
      's.expiresAt as session_expires_at',
      sql<string[]>`array(select r.role::text from user_role r where r.user_id = u.id order by r.role)`.as(
        'roles',
      ),
      sql<
        string[]
      >`array(select d.department_id::text from user_department d where d.user_id = u.id order by d.department_id)`.as(
        'department_ids',
      ),
      sql<string[]>`array(select a.patient_id::text from patient_account a where a.user_id = u.id)`.as(
        'patient_ids',
      ),
    ])
    .where('s.token', '=', token)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    session: {
      id: row.session_id,
      createdAt: new Date(row.session_created_at),
      expiresAt: new Date(row.session_expires_at),
    },
    account: toAccount(row, row.roles, row.department_ids),
    patientIds: row.patient_ids,
  };
}

export async function readAccount(db: Executor, userId: string): Promise<AccountRecord | undefined> {
  return (await readAccounts(db, [userId]))[0];
}

export function listAccounts(db: Executor): Promise<AccountRecord[]> {
  return readAccounts(db, null);
}

export async function findUserIdByEmail(db: Executor, email: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('auth.user')
    .select('id')
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  return r?.id;
}

export async function saveProfile(
  trx: Transaction<Database>,
  userId: string,
  profile: {
    roles: string[];
    departmentIds: string[];
    agbCode: string | null;
    /** Left as it is when not given. */
    uziNumber?: string | null;
    specialism: string | null;
    organisationId: string | null;
    locale: 'nl' | 'en';
  },
): Promise<void> {
  await trx
    .insertInto('user_profile')
    .values({
      user_id: userId,
      agb_code: profile.agbCode,
      ...(profile.uziNumber !== undefined ? { uzi_number: profile.uziNumber } : {}),
      specialism: profile.specialism,
      organisation_id: profile.organisationId,
      locale: profile.locale,
      disabled_at: null,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        agb_code: profile.agbCode,
        ...(profile.uziNumber !== undefined ? { uzi_number: profile.uziNumber } : {}),
        specialism: profile.specialism,
        organisation_id: profile.organisationId,
        locale: profile.locale,
      }),
    )
    .execute();
  // A role or department listed twice is one grant, not a duplicate-key error.
  const roles = [...new Set(profile.roles)];
  const departmentIds = [...new Set(profile.departmentIds)];
  await trx.deleteFrom('user_role').where('user_id', '=', userId).execute();
  if (roles.length > 0)
    await trx
      .insertInto('user_role')
      .values(roles.map((role) => ({ user_id: userId, role })))
      .execute();
  await trx.deleteFrom('user_department').where('user_id', '=', userId).execute();
  if (departmentIds.length > 0)
    await trx
      .insertInto('user_department')
      .values(departmentIds.map((department_id) => ({ user_id: userId, department_id })))
      .execute();
}

export async function setDisabled(
  trx: Transaction<Database>,
  userId: string,
  disabled: boolean,
): Promise<void> {
  await trx
    .updateTable('user_profile')
    .set({ disabled_at: disabled ? new Date() : null })
    .where('user_id', '=', userId)
    .execute();
  // Disabling ends every session at once.
  if (disabled) await trx.deleteFrom('auth.session').where('userId', '=', userId).execute();
}

export async function upsertOrganisation(
  db: Executor,
  org: { id: string; name: string; agbCode: string | null },
): Promise<void> {
  await db
    .insertInto('organisation')
    .values({ id: org.id, name: org.name, agb_code: org.agbCode })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: org.name, agb_code: org.agbCode }))
    .execute();
}
