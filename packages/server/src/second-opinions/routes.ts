import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ReviewOutcomeInputSchema } from '@loket/domain';
import type { CapabilityOptions } from '../http/capability.ts';
import { ProblemSchema } from '../http/errors.ts';
import { referralActor } from '../referrals/actor.ts';
import { SECOND_OPINION_POLICY_KEY, SecondOpinionPolicySchema, secondOpinionPolicy } from './request.ts';
import { SecondOpinionService } from './service.ts';

const problems = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

/**
 * The API of second-opinions. The request itself is a referral of kind "second-opinion" (POST /api/referrals with
 * `secondOpinion`); documents go through the referral's upload with a `language` field. Here: the dossier and
 * review view, the review outcome, and the review-clock setting.
 */
export async function secondOpinionsRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void options;
  const { db, audit, catalog, settings, config } = app.loket;
  const service = new SecondOpinionService({ db, audit, catalog, settings, publicUrl: config.publicUrl });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/second-opinions/:id',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['second opinions'],
        summary:
          'The second opinion of a referral: route, treating specialist, dossier checklist, documents with language and DICOM study, review clock and outcome',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.record(z.string(), z.unknown()), ...problems },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      return service.view(actor, request.params.id);
    },
  );

  api.post(
    '/api/second-opinions/:id/outcome',
    {
      config: { access: 'second-opinions.review' },
      schema: {
        tags: ['second opinions'],
        summary:
          'Record the outcome of the review (R-SO-06, R-SO-08): invite (in person / video), extra examinations, no consult with the reason, or a refusal with its weighty reason and reasoning',
        params: z.object({ id: z.uuid() }),
        body: ReviewOutcomeInputSchema,
        response: { 200: z.object({ id: z.string(), state: z.string() }), ...problems },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      const row = await service.recordOutcome(actor, request.params.id, request.body);
      return { id: row.id, state: row.state };
    },
  );

  api.get(
    '/api/admin/settings/second-opinion-policy',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['second opinions'],
        summary: 'Working days for the review of a complete dossier (R-SO-03; default 5)',
        response: { 200: SecondOpinionPolicySchema },
      },
    },
    async () => secondOpinionPolicy(db),
  );

  api.put(
    '/api/admin/settings/second-opinion-policy',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['second opinions'],
        summary: 'Set the working days for the review of a complete dossier (R-SO-03)',
        body: SecondOpinionPolicySchema,
        response: { 200: SecondOpinionPolicySchema, ...problems },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      const value = JSON.stringify(request.body);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('setting')
          .values({ key: SECOND_OPINION_POLICY_KEY, value, updated_by: actor.userId })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({ value, updated_by: actor.userId, updated_at: new Date() }),
          )
          .execute();
        await audit.record(trx, actor.audit, {
          eventType: 'settings.second-opinion-policy',
          action: 'U',
          objectType: 'setting',
          objectId: SECOND_OPINION_POLICY_KEY,
          details: request.body,
        });
      });
      return request.body;
    },
  );
}
