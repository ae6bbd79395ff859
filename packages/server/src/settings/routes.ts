import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ReferralPolicySchema } from '@loket/domain';
import { ProblemSchema } from '../http/errors.ts';

/** The hospital's referral policy (R-WD-01, R-WD-02): working-day rules, upload limit, duplicate window. */
export async function settingsRoutes(app: FastifyInstance) {
  const { settings, audit, db } = app.loket;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/admin/settings/referral-policy',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['catalog administration'],
        summary: 'The referral policy in force',
        response: { 200: ReferralPolicySchema },
      },
    },
    async () => settings.referralPolicy(),
  );

  api.put(
    '/api/admin/settings/referral-policy',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['catalog administration'],
        summary:
          'Change the referral policy; new deadlines use it, existing ones keep the policy that made them',
        body: ReferralPolicySchema,
        response: { 200: ReferralPolicySchema, 400: ProblemSchema },
      },
    },
    async (request) => {
      await db.transaction().execute(async (trx) => {
        await settings.saveReferralPolicy(request.body, request.actor.userId, trx);
        await audit.record(trx, request.actor, {
          eventType: 'settings.referral-policy.update',
          action: 'U',
          objectType: 'setting',
          objectId: 'referral-policy',
          details: { policy: request.body },
        });
      });
      return settings.referralPolicy();
    },
  );
}
