import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database, DatabaseHandle } from '@loket/db';
import type { Auth } from './accounts/auth.ts';
import type { AuditTrail } from './audit/trail.ts';
import type { CatalogService } from './catalog/service.ts';
import type { AccountService } from './users/service.ts';
import type { ReferralService } from './referrals/service.ts';
import type { SettingsService } from './settings/service.ts';
import type { OutboxWorker } from './messages/worker.ts';
import type { Config } from './config.ts';

/** What every route and plugin reaches through `app.loket`. */
export interface LoketContext {
  config: Config;
  database: DatabaseHandle;
  db: Kysely<Database>;
  auth: Auth;
  audit: AuditTrail;
  catalog: CatalogService;
  accounts: AccountService;
  settings: SettingsService;
  referrals: ReferralService;
  /** Delivers queued e-mail; main.ts starts its polling loop, tests call runOnce. */
  outbox: OutboxWorker;
}

declare module 'fastify' {
  interface FastifyInstance {
    loket: LoketContext;
  }
}

export const contextPlugin = fp(
  async (app: FastifyInstance, ctx: LoketContext) => {
    app.decorate('loket', ctx);
  },
  { name: 'loket-context' },
);
