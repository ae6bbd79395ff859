import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MdoCaseInputSchema, MdoConclusionInputSchema, MdoMeetingInputSchema } from '@loket/domain';
import type { CapabilityOptions } from '../http/capability.ts';
import { ProblemSchema } from '../http/errors.ts';
import { referralActor } from '../referrals/actor.ts';
import { MdoService } from './service.ts';

const Id = z.object({ id: z.uuid() });
const CaseId = z.object({ id: z.uuid(), caseId: z.uuid() });
const problems = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const Meeting = z
  .record(z.string(), z.unknown())
  .describe('A meeting with its agenda, the conclusions and the delivery of each report');

/** The API of the multidisciplinary meeting (R-SO-07, R-COM-01). */
export async function mdoRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void options;
  const { db, audit, catalog, referrals } = app.loket;
  const mdo = new MdoService({ db, audit, catalog, referrals });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/mdo/meetings',
    {
      config: { access: 'mdo.manage' },
      schema: {
        tags: ['mdo'],
        summary: "Meetings of the user's departments, from a week ago on",
        response: {
          200: z.object({ meetings: z.array(z.record(z.string(), z.unknown())) }),
          403: ProblemSchema,
        },
      },
    },
    async (request) => ({ meetings: await mdo.meetings(await referralActor(db, request)) }),
  );

  api.post(
    '/api/mdo/meetings',
    {
      config: { access: 'mdo.manage' },
      schema: {
        tags: ['mdo'],
        summary: 'Schedule a meeting of one of your departments (R-SO-07)',
        body: MdoMeetingInputSchema,
        response: { 201: Meeting, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const id = await mdo.schedule(actor, request.body);
      return reply.status(201).send(await mdo.meeting(actor, id));
    },
  );

  api.get(
    '/api/mdo/meetings/:id',
    {
      config: { access: 'mdo.manage' },
      schema: {
        tags: ['mdo'],
        summary: 'A meeting: agenda, conclusions, reports, and the cases that could still go on it',
        params: Id,
        response: { 200: Meeting, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => mdo.meeting(await referralActor(db, request), request.params.id),
  );

  api.post(
    '/api/mdo/meetings/:id/cases',
    {
      config: { access: 'mdo.manage' },
      schema: {
        tags: ['mdo'],
        summary: 'Put a case (a referral the specialist has seen) on the agenda (R-SO-07)',
        params: Id,
        body: MdoCaseInputSchema,
        response: { 201: Meeting, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      await mdo.addCase(actor, request.params.id, request.body);
      return reply.status(201).send(await mdo.meeting(actor, request.params.id));
    },
  );

  api.post(
    '/api/mdo/meetings/:id/cases/:caseId/conclusion',
    {
      config: { access: 'mdo.manage' },
      schema: {
        tags: ['mdo'],
        summary:
          'Record the conclusion (diagnosis, treatment advice): completes the referral and sends the report to the family doctor at once, a copy to the referring specialist (R-SO-07, R-COM-01)',
        params: CaseId,
        body: MdoConclusionInputSchema,
        response: { 200: Meeting, ...problems },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      await mdo.conclude(actor, request.params.id, request.params.caseId, request.body);
      return mdo.meeting(actor, request.params.id);
    },
  );
}
