import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

const AuditEventSchema = z.object({
  seq: z.number(),
  occurredAt: z.date(),
  eventType: z.string(),
  action: z.string(),
  outcome: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  userRole: z.string().nullable(),
  onBehalfOf: z.string().nullable(),
  patientId: z.string().nullable(),
  accessPoint: z.string().nullable(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

/** The privacy officer's view of the audit trail (R-SEC-01): filter, page, and verify the chain. */
export async function auditRoutes(app: FastifyInstance) {
  const { db, audit } = app.loket;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/audit/events',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit records, newest first, filtered; page with `before` (a seq number)',
        querystring: z.object({
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          userId: z.string().max(100).optional(),
          eventType: z.string().max(100).optional(),
          outcome: z.enum(['success', 'failure']).optional(),
          objectId: z.string().max(200).optional(),
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: z.object({ events: z.array(AuditEventSchema), next: z.number().nullable() }) },
      },
    },
    async (request) => {
      const q = request.query;
      let query = db
        .selectFrom('audit_event')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(q.limit + 1);
      if (q.from) query = query.where('occurred_at', '>=', new Date(q.from));
      if (q.to) query = query.where('occurred_at', '<', new Date(q.to));
      if (q.userId) query = query.where('user_id', '=', q.userId);
      if (q.eventType)
        query = query.where('event_type', 'like', `${q.eventType.replace(/[%_\\]/g, '\\$&')}%`);
      if (q.outcome === 'success') query = query.where('outcome', '=', 'success');
      if (q.outcome === 'failure') query = query.where('outcome', '!=', 'success');
      if (q.objectId) query = query.where('object_id', '=', q.objectId);
      if (q.before) query = query.where('seq', '<', q.before);
      const rows = await query.execute();
      const page = rows.slice(0, q.limit);
      await audit.record(db, request.actor, {
        eventType: 'audit.read',
        action: 'R',
        objectType: 'audit-log',
        details: { filters: { ...q, limit: undefined }, returned: page.length },
      });
      return {
        events: page.map((r) => ({
          seq: r.seq,
          occurredAt: r.occurred_at,
          eventType: r.event_type,
          action: r.action,
          outcome: r.outcome,
          userId: r.user_id,
          userName: r.user_name,
          userRole: r.user_role,
          onBehalfOf: r.on_behalf_of,
          patientId: r.patient_id,
          accessPoint: r.access_point,
          objectType: r.object_type,
          objectId: r.object_id,
          details: r.details as Record<string, unknown>,
        })),
        next: rows.length > q.limit ? page[page.length - 1]!.seq : null,
      };
    },
  );

  api.post(
    '/api/audit/verify',
    {
      config: { access: 'audit.verify' },
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain of the whole audit trail; names the first record that was altered',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number(),
            lastSeq: z.number(),
            firstBroken: z.object({ seq: z.number(), reason: z.string() }).optional(),
          }),
        },
      },
    },
    async (request) => {
      const result = await audit.verify();
      await audit.record(db, request.actor, {
        eventType: 'audit.verify',
        action: 'E',
        outcome: result.ok ? 'success' : 'failure:chain-broken',
        objectType: 'audit-log',
        details: { checked: result.checked, firstBroken: result.firstBroken },
      });
      return {
        ok: result.ok,
        checked: result.checked,
        lastSeq: result.lastSeq,
        ...(result.firstBroken ? { firstBroken: result.firstBroken } : {}),
      };
    },
  );
}
