import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApopCallOutcomeInputSchema,
  ApopDispositionInputSchema,
  ApopModelInputSchema,
  ApopPatientLookupSchema,
  ApopScreeningInputSchema,
} from '@loket/domain';
import { contentDisposition } from '../documents/index.ts';
import type { CapabilityOptions } from '../http/capability.ts';
import { ProblemSchema } from '../http/errors.ts';
import { idempotencyOf, IdempotentReplay } from '../http/idempotency.ts';
import { staffActor, type StaffActor } from './actor.ts';
import { ApopService } from './service.ts';

const Id = z.object({ id: z.uuid() });
const problems = {
  400: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const Obj = z.record(z.string(), z.unknown());
const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .describe('Repeat a POST with the same key to get the first answer, never a second record'),
});

/** The API of apop: screening at ER triage, the follow-up call list, and the hospital's model (R-APOP-01 … 04). */
export async function apopRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void options;
  const { db, audit, catalog } = app.loket;
  const apop = new ApopService({ db, audit, catalog });
  const api = app.withTypeProvider<ZodTypeProvider>();

  /** A replayed Idempotency-Key answers with the screening as it is now. */
  async function write(reply: FastifyReply, actor: StaffActor, status: number, work: () => Promise<string>) {
    try {
      const id = await work();
      return reply.status(status).send(await apop.screening(actor, id, 'change'));
    } catch (e) {
      if (!(e instanceof IdempotentReplay)) throw e;
      const id = (e.response as { id?: string } | null)?.id;
      if (!id) throw e;
      return reply
        .status(e.status)
        .header('idempotent-replayed', 'true')
        .send(await apop.screening(actor, id, 'change'));
    }
  }

  api.get(
    '/api/apop/status',
    {
      config: { access: 'apop.screen' },
      schema: {
        tags: ['apop'],
        summary: 'Whether the functional domain is configured, and with which model (R-APOP-03)',
        response: { 200: z.object({ model: Obj.nullable() }) },
      },
    },
    async () => ({ model: await apop.currentModel() }),
  );

  api.post(
    '/api/apop/patients/lookup',
    {
      config: { access: 'apop.screen' },
      schema: {
        tags: ['apop'],
        summary:
          'Find a patient by BSN to prefill the screening (age, and sex from an earlier screening); the BSN goes in the body, never in a URL',
        body: ApopPatientLookupSchema,
        response: { 200: Obj, ...problems },
      },
    },
    async (request) => apop.lookup(staffActor(request), request.body.bsn),
  );

  api.post(
    '/api/apop/screenings',
    {
      config: { access: 'apop.screen' },
      schema: {
        tags: ['apop'],
        summary:
          'Screen a patient aged 70 or over at triage (R-APOP-01); the result follows from the cognitive and functional domains (R-APOP-02 … 04)',
        headers: IdempotencyHeader,
        body: ApopScreeningInputSchema,
        response: { 201: Obj, ...problems },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      return write(reply, actor, 201, () =>
        apop.screen(actor, request.body, idempotencyOf(request, 'apop.screen')),
      );
    },
  );

  api.get(
    '/api/apop/screenings',
    {
      config: { access: 'apop.screen' },
      schema: {
        tags: ['apop'],
        summary: 'The latest screenings of the ER',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ screenings: z.array(Obj) }), 403: ProblemSchema },
      },
    },
    async (request) => ({ screenings: await apop.recent(staffActor(request), request.query.limit) }),
  );

  api.get(
    '/api/apop/screenings/:id',
    {
      config: { access: 'apop.screen' },
      schema: {
        tags: ['apop'],
        summary: 'A screening with its result, disposition, follow-up call and discharge letter',
        params: Id,
        response: { 200: Obj, 404: ProblemSchema },
      },
    },
    async (request) => apop.screening(staffActor(request), request.params.id, 'read'),
  );

  api.post(
    '/api/apop/screenings/:id/disposition',
    {
      config: { access: 'apop.screen' },
      schema: {
        tags: ['apop'],
        summary:
          'Admitted or sent home; a high-risk patient sent home gets a follow-up call due 24 hours after discharge, and the result goes into the discharge letter (R-APOP-04)',
        headers: IdempotencyHeader,
        params: Id,
        body: ApopDispositionInputSchema,
        response: { 200: Obj, ...problems },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const { id } = request.params;
      return write(reply, actor, 200, async () => {
        await apop.recordDisposition(
          actor,
          id,
          request.body,
          idempotencyOf(request, `apop.disposition:${id}`),
        );
        return id;
      });
    },
  );

  api.get(
    '/api/apop/screenings/:id/letter',
    {
      config: { access: 'apop.screen' },
      schema: {
        tags: ['apop'],
        summary: 'The discharge-letter section with the screening result, as PDF',
        params: Id,
      },
    },
    async (request, reply) => {
      const { filename, pdf } = await apop.letter(staffActor(request), request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(filename))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  api.get(
    '/api/apop/follow-ups',
    {
      config: { access: 'apop.screen' },
      schema: {
        tags: ['apop'],
        summary:
          'Follow-up calls: open ones by deadline with the overdue marked, or the closed ones (R-APOP-04)',
        querystring: z.object({
          status: z.enum(['open', 'closed']).default('open'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.object({ items: z.array(Obj), now: z.date() }),
          403: ProblemSchema,
        },
      },
    },
    async (request) => ({
      items: await apop.followUps(staffActor(request), request.query.status === 'open', request.query.limit),
      now: new Date(),
    }),
  );

  api.post(
    '/api/apop/follow-ups/:id/close',
    {
      config: { access: 'apop.screen' },
      schema: {
        tags: ['apop'],
        summary: 'Record the outcome of the follow-up call and close it',
        params: Id,
        body: ApopCallOutcomeInputSchema,
        response: { 200: Obj, ...problems },
      },
    },
    async (request) => apop.closeFollowUp(staffActor(request), request.params.id, request.body),
  );

  api.get(
    '/api/apop/model',
    {
      config: { access: 'apop.configure' },
      schema: {
        tags: ['apop'],
        summary: "The hospital's APOP model in force and its earlier versions (R-APOP-03)",
        response: { 200: z.object({ current: Obj.nullable(), history: z.array(Obj) }) },
      },
    },
    async () => {
      const history = await apop.modelHistory();
      return { current: history[0] ?? null, history };
    },
  );

  api.put(
    '/api/apop/model',
    {
      config: { access: 'apop.configure' },
      schema: {
        tags: ['apop'],
        summary:
          "Enter the hospital's validated coefficients, with who validated them and their source; each save is a new version",
        body: ApopModelInputSchema,
        response: { 200: Obj, 400: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => apop.saveModel(staffActor(request), request.body),
  );
}
