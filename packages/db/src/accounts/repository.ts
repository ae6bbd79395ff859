import type { Kysely, Transaction } from 'kysely';
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
  specialism: string | null;
  organisationId: string | null;
  locale: 'nl' | 'en';
  disabledAt: Date | null;
}

export async function readAccount(db: Executor, userId: string): Promise<AccountRecord | undefined> {
  const user = await db
    .selectFrom('auth.user as u')
    .leftJoin('user_profile as p', 'p.user_id', 'u.id')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.twoFactorEnabled',
      'p.agb_code',
      'p.specialism',
      'p.organisation_id',
      'p.locale',
      'p.disabled_at',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!user) return undefined;
  const [roles, departments] = await Promise.all([
    db.selectFrom('user_role').select('role').where('user_id', '=', userId).orderBy('role').execute(),
    db
      .selectFrom('user_department')
      .select('department_id')
      .where('user_id', '=', userId)
      .orderBy('department_id')
      .execute(),
  ]);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    twoFactorEnabled: user.twoFactorEnabled === true,
    roles: roles.map((r) => r.role),
    departmentIds: departments.map((d) => d.department_id),
    agbCode: user.agb_code ?? null,
    specialism: user.specialism ?? null,
    organisationId: user.organisation_id ?? null,
    locale: user.locale ?? 'nl',
    disabledAt: user.disabled_at ?? null,
  };
}

export async function listAccounts(db: Executor): Promise<AccountRecord[]> {
  const users = await db.selectFrom('auth.user').select('id').orderBy('name').execute();
  const out: AccountRecord[] = [];
  for (const u of users) {
    const a = await readAccount(db, u.id);
    if (a) out.push(a);
  }
  return out;
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
      specialism: profile.specialism,
      organisation_id: profile.organisationId,
      locale: profile.locale,
      disabled_at: null,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        agb_code: profile.agbCode,
        specialism: profile.specialism,
        organisation_id: profile.organisationId,
        locale: profile.locale,
      }),
    )
    .execute();
  await trx.deleteFrom('user_role').where('user_id', '=', userId).execute();
  if (profile.roles.length > 0)
    await trx
      .insertInto('user_role')
      .values(profile.roles.map((role) => ({ user_id: userId, role })))
      .execute();
  await trx.deleteFrom('user_department').where('user_id', '=', userId).execute();
  if (profile.departmentIds.length > 0)
    await trx
      .insertInto('user_department')
      .values(profile.departmentIds.map((department_id) => ({ user_id: userId, department_id })))
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
