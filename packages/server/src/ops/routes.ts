import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { sendProblem } from '../http/errors.ts';

/** Operations: liveness, readiness and Prometheus metrics. */
async function ops(app: FastifyInstance) {
  const { db, database } = app.loket;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'loket_' });
  const duration = new Histogram({
    name: 'loket_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({
    status: 'ok',
  }));

  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ready', database: database.engine };
    } catch {
      return reply.status(503).send({ status: 'not-ready', database: database.engine });
    }
  });

  const { metricsToken } = app.loket.config;
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    // Route names and request counts tell an outsider how the desk is used: 404, as for a path that does not exist.
    if (!mayReadMetrics(request, metricsToken)) return sendProblem(request, reply, 404, 'not-found');
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}

/**
 * With a token configured, /metrics needs `Authorization: Bearer <token>`. Without one it answers only a direct
 * request from this machine: a reverse proxy on the same host forwards outside requests from loopback too, so a
 * request with forwarding headers does not count as local.
 */
function mayReadMetrics(request: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const given = Buffer.from(request.headers.authorization?.replace(/^Bearer /i, '') ?? '');
    const wanted = Buffer.from(token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
  const forwarded =
    request.headers['x-forwarded-for'] ?? request.headers.forwarded ?? request.headers['x-real-ip'];
  const peer = request.socket.remoteAddress ?? '';
  return !forwarded && ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(peer);
}

/** Not encapsulated: the request-duration hook must see every route. */
export const opsRoutes = fp(ops, { name: 'ops' });
