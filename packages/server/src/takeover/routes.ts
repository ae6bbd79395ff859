import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  TakeoverChoiceInputSchema,
  TakeoverConfirmInputSchema,
  TakeoverRequestInputSchema,
} from '@loket/domain';
import type { CapabilityOptions } from '../http/capability.ts';
import { ProblemSchema } from '../http/errors.ts';
import { referralActor } from '../referrals/actor.ts';
import { TakeoverService } from './service.ts';

const Id = z.object({ id: z.uuid() });
const problems = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const View = z
  .record(z.string(), z.unknown())
  .describe(
    'Main practitioner now and before, who is responsible for care, and the takeover linked to this referral',
  );

/** The API of takeover of treatment (R-TO-01 … 03). */
export async function takeoverRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void options;
  const { db, audit, catalog, settings } = app.loket;
  const takeover = new TakeoverService({ db, audit, catalog, settings });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/referrals/:id/takeover',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['takeover'],
        summary:
          'Who is main practitioner (hoofdbehandelaar) now and before, which hospital is responsible for care, and the linked takeover or second opinion (R-TO-02)',
        params: Id,
        response: { 200: View, 404: ProblemSchema },
      },
    },
    async (request) => takeover.view(await referralActor(db, request), request.params.id),
  );

  api.post(
    '/api/referrals/:id/takeover',
    {
      // Patient, requesting doctor or the department's specialist: the service checks the relationship.
      config: { access: 'referrals.use' },
      schema: {
        tags: ['takeover'],
        summary:
          'Request takeover of treatment from a second opinion: a separate takeover referral, linked both ways (R-TO-01)',
        params: Id,
        body: TakeoverRequestInputSchema,
        response: { 201: View, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const id = await takeover.request(actor, request.params.id, request.body);
      return reply.status(201).send(await takeover.view(actor, id));
    },
  );

  api.post(
    '/api/referrals/:id/takeover/choice',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['takeover'],
        summary: "Record the patient's choice where to be treated (R-TO-03)",
        params: Id,
        body: TakeoverChoiceInputSchema,
        response: { 200: View, ...problems },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      await takeover.recordChoice(actor, request.params.id, request.body);
      return takeover.view(actor, request.params.id);
    },
  );

  api.post(
    '/api/referrals/:id/takeover/confirm',
    {
      config: { access: 'takeover.confirm' },
      schema: {
        tags: ['takeover'],
        summary:
          "Confirm the takeover after the patient's choice: the hospital's specialist becomes main practitioner; the current specialist and the family doctor are informed (R-TO-02, R-TO-03)",
        params: Id,
        body: TakeoverConfirmInputSchema,
        response: { 200: View, ...problems },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      await takeover.confirm(actor, request.params.id, request.body);
      return takeover.view(actor, request.params.id);
    },
  );
}
