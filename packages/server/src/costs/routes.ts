import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AbroadClearanceInputSchema,
  AdvancePaymentInputSchema,
  CostsPolicySchema,
  CoverageInputSchema,
  InsuranceInputSchema,
  SettlementInputSchema,
} from '@loket/domain';
import type { CapabilityOptions } from '../http/capability.ts';
import { ProblemSchema } from '../http/errors.ts';
import { referralActor } from '../referrals/actor.ts';
import { COSTS_POLICY_KEY, costsPolicy } from './facts.ts';
import { CostsService } from './service.ts';
import { CostsListItemSchema, CostsViewSchema } from './views.ts';

const Id = z.object({ id: z.uuid() });
const problems = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

/**
 * The API of costs and insurance of second opinions (R-COST-01 … 04). Reading and recording the insurance is
 * open to everyone with a part in the referral (checked per referral: 404 otherwise), and to care
 * administration; payments, the costs team's clearance and the settlement need costs.manage.
 */
export async function costsRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void options;
  const { db, audit, config } = app.loket;
  const service = new CostsService({ db, audit, publicUrl: config.publicUrl });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/costs',
    {
      config: { access: 'costs.manage' },
      schema: {
        tags: ['costs'],
        summary: 'Care administration: second opinions across departments with their open cost items',
        querystring: z.object({ open: z.enum(['true', 'false']).default('true') }),
        response: { 200: z.object({ items: z.array(CostsListItemSchema) }), 403: ProblemSchema },
      },
    },
    async (request) => ({
      items: await service.list(await referralActor(db, request), { open: request.query.open === 'true' }),
    }),
  );

  api.get(
    '/api/costs/referrals/:id',
    {
      // Patients, referrers, department staff and care administration: the relationship is checked per referral.
      config: { access: 'account.self' },
      schema: {
        tags: ['costs'],
        summary: 'The costs of a second opinion: insurance, coverage, 12-month flag, advance, settlement',
        params: Id,
        response: { 200: CostsViewSchema, 404: ProblemSchema },
      },
    },
    async (request) => service.read(await referralActor(db, request), request.params.id),
  );

  api.put(
    '/api/costs/referrals/:id/insurance',
    {
      config: { access: 'account.self' },
      schema: {
        tags: ['costs'],
        summary: 'Record the insurer, policy number and country of insurance (R-COST-01, R-COST-04)',
        params: Id,
        body: InsuranceInputSchema,
        response: { 200: CostsViewSchema, ...problems },
      },
    },
    async (request) =>
      service.recordInsurance(await referralActor(db, request), request.params.id, request.body),
  );

  api.put(
    '/api/costs/referrals/:id/coverage',
    {
      config: { access: 'account.self' },
      schema: {
        tags: ['costs'],
        summary:
          'The patient (or care administration) records what the insurer said; "not covered" asks the advance (R-COST-01, R-COST-03)',
        params: Id,
        body: CoverageInputSchema,
        response: { 200: CostsViewSchema, ...problems },
      },
    },
    async (request) =>
      service.recordCoverage(await referralActor(db, request), request.params.id, request.body),
  );

  api.post(
    '/api/costs/referrals/:id/advance-payment',
    {
      config: { access: 'costs.manage' },
      schema: {
        tags: ['costs'],
        summary:
          'Care administration records the advance payment; then the appointment may be made (R-COST-03)',
        params: Id,
        body: AdvancePaymentInputSchema,
        response: { 200: CostsViewSchema, ...problems },
      },
    },
    async (request) =>
      service.recordAdvancePayment(await referralActor(db, request), request.params.id, request.body),
  );

  api.post(
    '/api/costs/referrals/:id/abroad-clearance',
    {
      config: { access: 'costs.manage' },
      schema: {
        tags: ['costs'],
        summary:
          'Care administration records that the costs team cleared a patient insured abroad (R-COST-04)',
        params: Id,
        body: AbroadClearanceInputSchema,
        response: { 200: CostsViewSchema, ...problems },
      },
    },
    async (request) => service.clearAbroad(await referralActor(db, request), request.params.id, request.body),
  );

  api.post(
    '/api/costs/referrals/:id/settlement',
    {
      config: { access: 'costs.manage' },
      schema: {
        tags: ['costs'],
        summary: 'After the appointment: the real cost, the advance deducted, the balance (R-COST-03)',
        params: Id,
        body: SettlementInputSchema,
        response: { 200: CostsViewSchema, ...problems },
      },
    },
    async (request) => service.settle(await referralActor(db, request), request.params.id, request.body),
  );

  api.post(
    '/api/costs/referrals/:id/reminder',
    {
      config: { access: 'costs.manage' },
      schema: {
        tags: ['costs'],
        summary: 'Remind the patient again to check coverage with the insurer (R-COST-01)',
        params: Id,
        response: { 200: CostsViewSchema, ...problems },
      },
    },
    async (request) => service.remind(await referralActor(db, request), request.params.id),
  );

  api.get(
    '/api/admin/settings/costs-policy',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['catalog administration'],
        summary:
          'The amounts of second-opinion costs: the advance and the 12-month window (R-COST-02, R-COST-03)',
        response: { 200: CostsPolicySchema },
      },
    },
    async () => costsPolicy(db),
  );

  api.put(
    '/api/admin/settings/costs-policy',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['catalog administration'],
        summary: 'Change the advance or the window; an advance already asked keeps its amount',
        body: CostsPolicySchema,
        response: { 200: CostsPolicySchema, 400: ProblemSchema },
      },
    },
    async (request) => {
      const value = JSON.stringify(request.body);
      const by = request.actor.userId;
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('setting')
          .values({ key: COSTS_POLICY_KEY, value, updated_by: by })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_by: by, updated_at: new Date() }))
          .execute();
        await audit.record(trx, request.actor, {
          eventType: 'settings.costs-policy.update',
          action: 'U',
          objectType: 'setting',
          objectId: COSTS_POLICY_KEY,
          details: { policy: request.body },
        });
      });
      return costsPolicy(db);
    },
  );
}
