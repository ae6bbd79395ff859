import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listIncidentEvents } from '@loket/db';
import {
  incidentActions,
  IncidentMessageInputSchema,
  IncidentReportInputSchema,
  incidentStates,
} from '@loket/domain';
import type { CapabilityOptions } from '../http/capability.ts';
import { ProblemSchema } from '../http/errors.ts';
import { idempotencyOf, IdempotentReplay } from '../http/idempotency.ts';
import { referralActor } from '../referrals/actor.ts';
import { IncidentService, type VisibleIncident } from './service.ts';
import { IncidentListItemSchema, incidentView, IncidentViewSchema } from './views.ts';

const Id = z.object({ id: z.uuid() });
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
    .describe('Repeat a POST with the same key to get the first answer, never a second change'),
});

/** The API of transmural incident reports (R-INC-01). */
export async function incidentsRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void options;
  const { db, audit, catalog, config } = app.loket;
  const service = new IncidentService({ db, audit, catalog, publicUrl: config.publicUrl });
  const api = app.withTypeProvider<ZodTypeProvider>();

  async function view({ row, access }: VisibleIncident) {
    const [events, referral] = await Promise.all([
      listIncidentEvents(db, row.id),
      row.referral_id
        ? db
            .selectFrom('referral')
            .select(['id', 'reference'])
            .where('id', '=', row.referral_id)
            .executeTakeFirst()
        : undefined,
    ]);
    return incidentView(row, access, events, referral ?? null);
  }

  /** Runs a write; a replayed Idempotency-Key answers with the report as it is now, under the first status. */
  async function write(
    reply: FastifyReply,
    actor: Awaited<ReturnType<typeof referralActor>>,
    status: number,
    work: () => Promise<VisibleIncident>,
  ) {
    try {
      return reply.status(status).send(await view(await work()));
    } catch (e) {
      const id = e instanceof IdempotentReplay ? (e.response as { id?: string } | null)?.id : undefined;
      if (!(e instanceof IdempotentReplay) || !id) throw e;
      return reply
        .status(e.status)
        .header('idempotent-replayed', 'true')
        .send(await view(await service.visible(actor, id)));
    }
  }

  api.get(
    '/api/incidents/reporter',
    {
      config: { access: 'incidents.report' },
      schema: {
        tags: ['incidents'],
        summary: 'The contact details to prefill a report with, from the signed-in account',
        response: {
          200: z.object({
            name: z.string(),
            organisation: z.string().nullable(),
            phone: z.string().nullable(),
            email: z.string(),
          }),
        },
      },
    },
    async (request) => service.reporterDefaults(await referralActor(db, request)),
  );

  api.post(
    '/api/incidents',
    {
      config: { access: 'incidents.report' },
      schema: {
        tags: ['incidents'],
        summary: 'Report a transmural incident (R-INC-01)',
        headers: IdempotencyHeader,
        body: IncidentReportInputSchema,
        response: { 201: IncidentViewSchema, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      return write(reply, actor, 201, async () => {
        const row = await service.report(actor, request.body, idempotencyOf(request, 'incident.create'));
        return { row, access: actor.roles.includes('transmural-team') ? 'team' : 'reporter' };
      });
    },
  );

  api.get(
    '/api/incidents',
    {
      config: { access: 'incidents.report' },
      schema: {
        tags: ['incidents'],
        summary: 'The transmural team: every report, open ones first. Anyone else: their own reports',
        querystring: z.object({
          state: z.union([z.enum(incidentStates), z.array(z.enum(incidentStates))]).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(200),
        }),
        response: {
          200: z.object({ access: z.enum(['team', 'reporter']), incidents: z.array(IncidentListItemSchema) }),
        },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      const q = request.query;
      const { rows, access } = await service.list(actor, {
        ...(q.state ? { states: Array.isArray(q.state) ? q.state : [q.state] } : {}),
        limit: q.limit,
      });
      return {
        access,
        incidents: rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          state: r.state,
          departmentId: r.department_id,
          careSetting: r.care_setting,
          occurredOn: r.occurred_on,
          occurredUntil: r.occurred_until,
          reporterName: r.reporter_name,
          reporterOrganisation: r.reporter_organisation,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
          closedAt: r.closed_at,
        })),
      };
    },
  );

  api.get(
    '/api/incidents/:id',
    {
      config: { access: 'incidents.report' },
      schema: {
        tags: ['incidents'],
        summary:
          'A report with its progress, messages and conclusion; to its reporter and the transmural team',
        params: Id,
        response: { 200: IncidentViewSchema, 404: ProblemSchema },
      },
    },
    async (request) => view(await service.read(await referralActor(db, request), request.params.id)),
  );

  api.post(
    '/api/incidents/:id/actions/:action',
    {
      config: { access: 'incidents.handle' },
      schema: {
        tags: ['incidents'],
        summary:
          'The transmural team takes a step: start-triage, investigate, or close (with the conclusion and measures)',
        headers: IdempotencyHeader,
        params: z.object({ id: z.uuid(), action: z.enum(incidentActions) }),
        body: z.unknown().optional(),
        response: { 200: IncidentViewSchema, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const { id, action } = request.params;
      return write(reply, actor, 200, () =>
        service.act(
          actor,
          id,
          action,
          request.body ?? {},
          idempotencyOf(request, `incident.${action}:${id}`),
        ),
      );
    },
  );

  api.post(
    '/api/incidents/:id/messages',
    {
      config: { access: 'incidents.report' },
      schema: {
        tags: ['incidents'],
        summary: 'A message between the transmural team and the reporter, while the report is open',
        headers: IdempotencyHeader,
        params: Id,
        body: IncidentMessageInputSchema,
        response: { 201: IncidentViewSchema, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const { id } = request.params;
      return write(reply, actor, 201, () =>
        service.message(actor, id, request.body, idempotencyOf(request, `incident.message:${id}`)),
      );
    },
  );
}
