import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findUserIdByEmail } from '@loket/db';
import { needsSecondFactor, referrerKindOf, RoleSchema } from '@loket/domain';
import { toWebHeaders } from '../http/access.ts';
import { sendProblem } from '../http/errors.ts';
import type { AuditEntry } from '../audit/trail.ts';

/** What the authentication library's endpoints mean for the audit trail (R-SEC-01: sign-ins, failures). */
function auditEventFor(
  path: string,
  status: number,
  body: unknown,
): Omit<AuditEntry, 'objectType' | 'objectId'> | null {
  const ok = status >= 200 && status < 300;
  const outcome = ok ? 'success' : status === 429 ? 'failure:rate-limited' : `failure:${status}`;
  const pending = ok && typeof body === 'object' && body !== null && 'twoFactorRedirect' in body;
  switch (path) {
    case '/sign-in/email':
      return {
        eventType: pending ? 'auth.sign-in.password' : 'auth.sign-in',
        action: 'E',
        outcome: pending ? 'second-factor-pending' : outcome,
      };
    case '/two-factor/verify-totp':
    case '/two-factor/verify-backup-code':
      return { eventType: 'auth.sign-in.second-factor', action: 'E', outcome };
    case '/two-factor/enable':
      return { eventType: 'auth.second-factor.enable', action: 'U', outcome };
    case '/two-factor/disable':
      return { eventType: 'auth.second-factor.disable', action: 'U', outcome };
    case '/sign-out':
      return { eventType: 'auth.sign-out', action: 'E', outcome };
    case '/change-password':
      return { eventType: 'auth.password-change', action: 'U', outcome };
    default:
      return null;
  }
}

const MeSchema = z.object({
  signedIn: z.boolean(),
  user: z
    .object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      roles: z.array(RoleSchema),
      departmentIds: z.array(z.string()),
      agbCode: z.string().nullable(),
      specialism: z.string().nullable(),
      /** For a referrer: family doctor, medical specialist or doctor abroad, from the AGB code. */
      referrerKind: z.string().nullable(),
      locale: z.enum(['nl', 'en']),
    })
    .optional(),
  secondFactor: z.object({ required: z.boolean(), enrolled: z.boolean() }).optional(),
  demo: z.boolean(),
});

export async function accountRoutes(app: FastifyInstance) {
  const { auth, db, audit, config } = app.loket;
  const api = app.withTypeProvider<ZodTypeProvider>();

  async function forward(request: FastifyRequest, reply: FastifyReply) {
    // The library keys its rate limiter by path in an indexed column: an absurdly long path is no endpoint of
    // ours and would fail that index with a server error (hostile-input finding).
    if (request.url.length > 1024) return sendProblem(request, reply, 404, 'not-found');
    const url = new URL(request.url, config.publicUrl);
    const path = url.pathname.replace(/^\/api\/auth/, '');
    const headers = toWebHeaders(request);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const response = await auth.handler(
      new Request(url, {
        method: request.method,
        headers,
        ...(hasBody ? { body: JSON.stringify(request.body ?? {}) } : {}),
      }),
    );
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }

    const event = auditEventFor(path, response.status, body);
    if (event) {
      let userId: string | null = request.actor.userId;
      if (!userId && typeof body === 'object' && body !== null && 'user' in body) {
        userId = (body as { user?: { id?: string } }).user?.id ?? null;
      }
      const email = (request.body as { email?: unknown } | undefined)?.email;
      if (!userId && typeof email === 'string') userId = (await findUserIdByEmail(db, email)) ?? null;
      await audit.record(
        db,
        { ...request.actor, userId },
        { ...event, objectType: 'account', objectId: userId },
      );
    }

    reply.status(response.status);
    response.headers.forEach((value, key) => {
      if (key !== 'set-cookie' && key !== 'content-length') reply.header(key, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) reply.header('set-cookie', cookies);
    return reply.send(text === '' ? undefined : text);
  }

  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    config: { access: 'auth-library' },
    schema: { hide: true },
    preHandler: async (request) => {
      // Sign-out needs to know who is leaving; the other endpoints identify the user themselves.
      if (request.url.startsWith('/api/auth/sign-out') && request.headers.cookie) {
        const s = await auth.api.getSession({ headers: toWebHeaders(request) });
        if (s) request.actor = { ...request.actor, userId: s.user.id, userName: s.user.name };
      }
    },
    handler: forward,
  });

  api.get(
    '/api/me',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Who is signed in, with roles and whether a second factor is still needed',
        response: { 200: MeSchema },
      },
    },
    async (request) => {
      const p = request.principal;
      if (!p || !request.account) return { signedIn: false, demo: config.mode === 'demo' };
      const account = request.account;
      return {
        signedIn: true,
        user: {
          id: p.userId,
          name: request.account.name,
          email: request.account.email,
          roles: [...p.roles],
          departmentIds: [...p.departmentIds],
          agbCode: account.agbCode,
          specialism: account.specialism,
          referrerKind: p.roles.includes('referrer') ? referrerKindOf(account.agbCode) : null,
          locale: account.locale,
        },
        secondFactor: { required: needsSecondFactor(p.roles), enrolled: p.secondFactorEnrolled },
        demo: config.mode === 'demo',
      };
    },
  );
}
