import type { Kysely } from 'kysely';
import { symmetricEncrypt } from 'better-auth/crypto';
import {
  findUserIdByEmail,
  listAccounts,
  readAccount,
  saveProfile,
  setDisabled,
  type AccountRecord,
  type Database,
} from '@loket/db';
import { NewAccountSchema, AccountUpdateSchema, type NewAccountInput } from '@loket/domain';
import type { Auth } from '../accounts/auth.ts';
import type { AuditActor, AuditTrail } from '../audit/trail.ts';
import { HttpError } from '../http/errors.ts';

/** Accounts as the administrator manages them: the person, roles, departments and referrer details. */
export class AccountService {
  private readonly db: Kysely<Database>;
  private readonly auth: Auth;
  private readonly audit: AuditTrail;

  constructor(db: Kysely<Database>, auth: Auth, audit: AuditTrail) {
    this.db = db;
    this.auth = auth;
    this.audit = audit;
  }

  /** An unknown organisation is the administrator's input error, found before anything is written. */
  private async requireOrganisation(organisationId: string | null): Promise<void> {
    if (organisationId === null) return;
    const found = await this.db
      .selectFrom('organisation')
      .select('id')
      .where('id', '=', organisationId)
      .executeTakeFirst();
    if (!found)
      throw new HttpError(400, 'invalid-input', {
        problems: [{ path: 'organisationId', message: 'Unknown organisation' }],
      });
  }

  async create(actor: AuditActor, input: NewAccountInput): Promise<string> {
    const parsed = NewAccountSchema.safeParse(input);
    if (!parsed.success) {
      throw new HttpError(400, 'invalid-input', {
        problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const a = parsed.data;
    if (await findUserIdByEmail(this.db, a.email)) throw new HttpError(409, 'already-exists');
    await this.requireOrganisation(a.organisationId);
    const ctx = await this.auth.$context;
    const user = await ctx.internalAdapter.createUser(
      { email: a.email, name: a.name, emailVerified: true },
      { method: 'admin' },
    );
    await ctx.internalAdapter.linkAccount({
      userId: user.id,
      providerId: 'credential',
      accountId: user.id,
      password: await ctx.password.hash(a.password),
    });
    await this.db.transaction().execute(async (trx) => {
      await saveProfile(trx, user.id, a);
      await this.audit.record(trx, actor, {
        eventType: 'account.create',
        action: 'C',
        objectType: 'account',
        objectId: user.id,
        details: { roles: a.roles, departmentIds: a.departmentIds },
      });
    });
    return user.id;
  }

  async update(actor: AuditActor, userId: string, input: unknown): Promise<void> {
    const parsed = AccountUpdateSchema.safeParse(input);
    if (!parsed.success) {
      throw new HttpError(400, 'invalid-input', {
        problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    if (!(await readAccount(this.db, userId))) throw new HttpError(404, 'not-found');
    await this.requireOrganisation(parsed.data.organisationId);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('auth.user')
        .set({ name: parsed.data.name, updatedAt: new Date() })
        .where('id', '=', userId)
        .execute();
      await saveProfile(trx, userId, parsed.data);
      await this.audit.record(trx, actor, {
        eventType: 'account.update',
        action: 'U',
        objectType: 'account',
        objectId: userId,
        details: { roles: parsed.data.roles, departmentIds: parsed.data.departmentIds },
      });
    });
  }

  async setDisabled(actor: AuditActor, userId: string, disabled: boolean): Promise<void> {
    if (!(await readAccount(this.db, userId))) throw new HttpError(404, 'not-found');
    await this.db.transaction().execute(async (trx) => {
      await setDisabled(trx, userId, disabled);
      await this.audit.record(trx, actor, {
        eventType: disabled ? 'account.disable' : 'account.enable',
        action: 'U',
        objectType: 'account',
        objectId: userId,
      });
    });
  }

  list(): Promise<AccountRecord[]> {
    return listAccounts(this.db);
  }

  get(userId: string): Promise<AccountRecord | undefined> {
    return readAccount(this.db, userId);
  }

  /**
   * Sets up a known TOTP secret (base32) for a user, as if they had enrolled. Only for demo accounts, whose
   * secret is published in the README so a newcomer can sign in as staff.
   */
  async enrollKnownTotp(userId: string, base32Secret: string): Promise<void> {
    const ctx = await this.auth.$context;
    const secret = await symmetricEncrypt({ key: ctx.secretConfig, data: `base32:${base32Secret}` });
    const codes = Array.from({ length: 10 }, () => crypto.randomUUID().slice(0, 11));
    const backupCodes = await symmetricEncrypt({ key: ctx.secretConfig, data: JSON.stringify(codes) });
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('auth.twoFactor').where('userId', '=', userId).execute();
      await trx
        .insertInto('auth.twoFactor')
        .values({ id: crypto.randomUUID(), secret, backupCodes, userId, verified: true })
        .execute();
      await trx.updateTable('auth.user').set({ twoFactorEnabled: true }).where('id', '=', userId).execute();
    });
  }
}
