import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  SuddenDeathRequestInputSchema,
  SuddenDeathStepInputSchemas,
  suddenDeathActions,
  type SuddenDeathAction,
} from '@loket/domain';
import { contentDisposition } from '../documents/index.ts';
import type { CapabilityOptions } from '../http/capability.ts';
import { HttpError, languageOf, ProblemSchema } from '../http/errors.ts';
import { idempotencyOf, IdempotentReplay } from '../http/idempotency.ts';
import { SuddenDeathService, suddenDeathActor } from './service.ts';

const Id = z.object({ id: z.uuid() });
const Obj = z.record(z.string(), z.unknown());
const problems = {
  400: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .describe('Repeat a POST with the same key to get the first answer, never a second request'),
});

function sendPdf(reply: FastifyReply, filename: string, pdf: Buffer) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', contentDisposition(filename))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(pdf);
}

/**
 * The API of sudden-death (R-SD-01): family doctors file and follow requests for autopsy or DNA storage under
 * /requests; the staff of clinical genetics and pathology work them under /cases.
 */
export async function suddenDeathRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void options;
  const { db, audit, catalog } = app.loket;
  const service = new SuddenDeathService({ db, audit, catalog });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/sudden-death/requests',
    {
      config: { access: 'sudden-death.request' },
      schema: {
        tags: ['sudden-death'],
        summary:
          'A family doctor requests an autopsy or storage of DNA from skin biopsies (at least 2, one per pot, labelled, at room temperature); the printable form is made at once',
        headers: IdempotencyHeader,
        body: SuddenDeathRequestInputSchema,
        response: { 201: Obj, ...problems },
      },
    },
    async (request, reply) => {
      const actor = suddenDeathActor(request);
      try {
        const id = await service.create(
          actor,
          request.body,
          languageOf(request),
          idempotencyOf(request, 'sudden-death.request'),
        );
        return reply.status(201).send(await service.view(actor, id, 'requester', 'change'));
      } catch (e) {
        const id = e instanceof IdempotentReplay ? (e.response as { id?: string } | null)?.id : undefined;
        if (!(e instanceof IdempotentReplay) || !id) throw e;
        return reply
          .status(e.status)
          .header('idempotent-replayed', 'true')
          .send(await service.view(actor, id, 'requester', 'change'));
      }
    },
  );

  api.get(
    '/api/sudden-death/requests',
    {
      config: { access: 'sudden-death.request' },
      schema: {
        tags: ['sudden-death'],
        summary: 'The signed-in family doctor’s requests with their status',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ requests: z.array(Obj) }) },
      },
    },
    async (request) => ({
      requests: await service.mine(suddenDeathActor(request), request.query.limit),
    }),
  );

  api.get(
    '/api/sudden-death/requests/:id',
    {
      config: { access: 'sudden-death.request' },
      schema: {
        tags: ['sudden-death'],
        summary: 'One of the family doctor’s own requests, with its status and timeline',
        params: Id,
        response: { 200: Obj, 404: ProblemSchema },
      },
    },
    async (request) => service.view(suddenDeathActor(request), request.params.id, 'requester', 'read'),
  );

  api.get(
    '/api/sudden-death/requests/:id/form',
    {
      config: { access: 'sudden-death.request' },
      schema: {
        tags: ['sudden-death'],
        summary: 'The printable form with labelling and shipping instructions, as PDF',
        params: Id,
      },
    },
    async (request, reply) => {
      const { filename, pdf } = await service.form(suddenDeathActor(request), request.params.id, 'requester');
      return sendPdf(reply, filename, pdf);
    },
  );

  api.get(
    '/api/sudden-death/cases',
    {
      config: { access: 'sudden-death.handle' },
      schema: {
        tags: ['sudden-death'],
        summary:
          'Staff of clinical genetics or pathology: open requests (oldest first), or the finished ones',
        querystring: z.object({
          status: z.enum(['open', 'closed']).default('open'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ cases: z.array(Obj) }), 403: ProblemSchema },
      },
    },
    async (request) => ({
      cases: await service.cases(
        suddenDeathActor(request),
        request.query.status === 'open',
        request.query.limit,
      ),
    }),
  );

  api.get(
    '/api/sudden-death/cases/:id',
    {
      config: { access: 'sudden-death.handle' },
      schema: {
        tags: ['sudden-death'],
        summary: 'A request with its timeline and the steps staff may take now',
        params: Id,
        response: { 200: Obj, 404: ProblemSchema },
      },
    },
    async (request) => service.view(suddenDeathActor(request), request.params.id, 'staff', 'read'),
  );

  api.get(
    '/api/sudden-death/cases/:id/form',
    {
      config: { access: 'sudden-death.handle' },
      schema: {
        tags: ['sudden-death'],
        summary: 'The form the family doctor printed, as PDF',
        params: Id,
      },
    },
    async (request, reply) => {
      const { filename, pdf } = await service.form(suddenDeathActor(request), request.params.id, 'staff');
      return sendPdf(reply, filename, pdf);
    },
  );

  api.post(
    '/api/sudden-death/cases/:id/steps/:action',
    {
      config: { access: 'sudden-death.handle' },
      schema: {
        tags: ['sudden-death'],
        summary:
          'Record a step: receive, store, register-family-member, examine (only after a family member registered for screening), complete (autopsy)',
        params: z.object({ id: z.uuid(), action: z.enum(suddenDeathActions) }),
        body: z.unknown().optional(),
        response: { 200: Obj, ...problems },
      },
    },
    async (request) => {
      const actor = suddenDeathActor(request);
      const action: SuddenDeathAction = request.params.action;
      const parsed = SuddenDeathStepInputSchemas[action].safeParse(request.body ?? {});
      if (!parsed.success)
        throw new HttpError(400, 'invalid-input', {
          problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      await service.step(actor, request.params.id, action, parsed.data as Record<string, unknown>);
      return service.view(actor, request.params.id, 'staff', 'change');
    },
  );
}
