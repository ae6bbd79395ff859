import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  GpConfirmInputSchema,
  GpRegistrationInputSchema,
  GpRejectInputSchema,
  gpRegistrationStatuses,
} from '@loket/domain';
import type { CapabilityOptions } from '../http/capability.ts';
import { ProblemSchema } from '../http/errors.ts';
import { idempotencyOf, IdempotentReplay } from '../http/idempotency.ts';
import { registrationView, GpRegistryService } from './service.ts';

const problems = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const Registration = z.record(z.string(), z.unknown()).describe('A registration and how it was decided');
const Id = z.object({ id: z.uuid() });

/** The API of gp-registry: family doctors register (gp-registry.self), staff check (gp-registry.manage). */
export async function gpRegistryRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void options;
  const { db, audit } = app.loket;
  const service = new GpRegistryService({ db, audit });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/gp-registry/me',
    {
      config: { access: 'gp-registry.self' },
      schema: {
        tags: ['gp-registry'],
        summary: "The family doctor's own entry in the registry and the registrations they sent (R-GP-01)",
        response: { 200: z.record(z.string(), z.unknown()), 403: ProblemSchema },
      },
    },
    async (request) => service.mine(request.account, request.actor),
  );

  api.post(
    '/api/gp-registry/registrations',
    {
      config: { access: 'gp-registry.self' },
      schema: {
        tags: ['gp-registry'],
        summary:
          'Register or change the secure-mail address, report a practice change, being new in the region, or stopping',
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        body: GpRegistrationInputSchema,
        response: { 201: Registration, ...problems, 422: ProblemSchema },
      },
    },
    async (request, reply: FastifyReply) => {
      try {
        const row = await service.submit(
          request.account,
          request.actor,
          request.body,
          idempotencyOf(request, 'gp-registry.register'),
        );
        return reply.status(201).send(registrationView(row));
      } catch (e) {
        if (e instanceof IdempotentReplay) {
          const id = (e.response as { id?: string } | null)?.id;
          if (!id) throw e;
          const row = await service.visible(request.account, false, id);
          return reply.status(e.status).header('idempotent-replayed', 'true').send(registrationView(row));
        }
        throw e;
      }
    },
  );

  api.get(
    '/api/gp-registry/registrations',
    {
      config: { access: 'gp-registry.manage' },
      schema: {
        tags: ['gp-registry'],
        summary: 'Registrations to check against Vektis, newest first',
        querystring: z.object({ status: z.enum(gpRegistrationStatuses).optional() }),
        response: { 200: z.object({ registrations: z.array(Registration) }), 403: ProblemSchema },
      },
    },
    async (request) => ({
      registrations: await service.registrations(request.actor, request.query.status),
    }),
  );

  api.get(
    '/api/gp-registry/doctors',
    {
      config: { access: 'gp-registry.manage' },
      schema: {
        tags: ['gp-registry'],
        summary: 'Family doctors in the registry, with their practices and confirmed secure-mail address',
        response: {
          200: z.object({ doctors: z.array(z.record(z.string(), z.unknown())) }),
          403: ProblemSchema,
        },
      },
    },
    async (request) => ({ doctors: await service.doctors(request.actor) }),
  );

  api.post(
    '/api/gp-registry/registrations/:id/confirm',
    {
      config: { access: 'gp-registry.manage' },
      schema: {
        tags: ['gp-registry'],
        summary:
          'Confirm after the Vektis check (who, when and what was checked are kept); a takeover moves the known patients',
        params: Id,
        body: GpConfirmInputSchema,
        response: { 200: Registration, ...problems },
      },
    },
    async (request) =>
      registrationView(await service.confirm(request.params.id, request.actor, request.body)),
  );

  api.post(
    '/api/gp-registry/registrations/:id/reject',
    {
      config: { access: 'gp-registry.manage' },
      schema: {
        tags: ['gp-registry'],
        summary: 'Reject a registration with the reason, so the doctor can correct it',
        params: Id,
        body: GpRejectInputSchema,
        response: { 200: Registration, ...problems },
      },
    },
    async (request) => registrationView(await service.reject(request.params.id, request.actor, request.body)),
  );
}
