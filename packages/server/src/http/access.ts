import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { decide, permissions, RoleSchema, type Permission, type Principal, type Role } from '@loket/domain';
import type { AccountRecord } from '@loket/db';
import type { AuditActor } from '../audit/trail.ts';
import { CLIENT_IP_HEADER } from '../accounts/auth.ts';
import { sessionOfRequest } from '../accounts/session.ts';
import { sendProblem } from './errors.ts';

/**
 * Every route passes through here (R-SEC-03). A route declares what it needs in `config.access`:
 * a permission, 'public', or 'auth-library' for the authentication library's own endpoints, which do their
 * own checks. A route without a declaration cannot be registered.
 */
export type AccessRule = Permission | 'public' | 'auth-library';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The signed-in account as read for this request; later code reuses it instead of reading it again. */
    account: AccountRecord | null;
    /** The patient records the signed-in account is linked to, read with the session. */
    patientIds: string[] | null;
    actor: AuditActor;
    /** Set once this request's refusal is in the audit trail, so that it is recorded once. */
    accessDenialRecorded: boolean;
  }
}

const validRules = new Set<string>([...permissions, 'public', 'auth-library']);

export function toWebHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(request.headers)) {
    if (v === undefined || k === CLIENT_IP_HEADER) continue;
    headers.set(k, Array.isArray(v) ? v.join(', ') : String(v));
  }
  headers.set(CLIENT_IP_HEADER, request.ip);
  return headers;
}

const methodAction: Record<string, 'C' | 'R' | 'U' | 'D' | 'E'> = {
  GET: 'R',
  HEAD: 'R',
  POST: 'C',
  PUT: 'U',
  PATCH: 'U',
  DELETE: 'D',
};

async function accessPlugin(app: FastifyInstance) {
  const { db, audit, config } = app.loket;

  app.decorateRequest('principal', null);
  app.decorateRequest('account', null);
  app.decorateRequest('patientIds', null);
  app.decorateRequest('actor', null as unknown as AuditActor);
  app.decorateRequest('accessDenialRecorded', false);

  app.addHook('onRoute', (route) => {
    const rule = route.config?.access;
    if (rule === undefined || !validRules.has(rule)) {
      throw new Error(`Route ${String(route.method)} ${route.url} has no valid access rule (config.access)`);
    }
  });

  async function resolvePrincipal(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.actor = { userId: null, userName: null, role: null, accessPoint: request.ip };
    const found = await sessionOfRequest(db, config, request.headers.cookie);
    if (!found || found.account.disabledAt) return;
    if (found.refreshedCookie) reply.header('set-cookie', found.refreshedCookie);
    const { account } = found;
    const roles = account.roles.filter((r): r is Role => RoleSchema.safeParse(r).success);
    request.principal = {
      userId: account.id,
      roles,
      // better-auth only issues a session to a user with a second factor after that factor was checked.
      secondFactorVerified: account.twoFactorEnabled,
      secondFactorEnrolled: account.twoFactorEnabled,
      departmentIds: account.departmentIds,
      organisationId: account.organisationId,
    };
    request.account = account;
    request.patientIds = found.patientIds;
    request.actor = {
      userId: account.id,
      userName: account.name,
      role: roles.join(','),
      accessPoint: request.ip,
    };
  }

  app.addHook('onRequest', async (request, reply) => {
    const rule = request.routeOptions.config?.access;
    if (rule === 'auth-library') {
      request.actor = { userId: null, userName: null, role: null, accessPoint: request.ip };
      return;
    }
    await resolvePrincipal(request, reply);
    if (rule === undefined || rule === 'public') return;
    const decision = decide(request.principal, rule);
    if (decision.allowed) return;
    await audit.record(db, request.actor, {
      eventType: 'access.denied',
      action: methodAction[request.method] ?? 'E',
      outcome: `denied:${decision.reason}`,
      objectType: 'route',
      objectId: `${request.method} ${request.routeOptions.url ?? ''}`,
      details: { permission: rule },
    });
    request.accessDenialRecorded = true;
    return sendProblem(request, reply, decision.status, decision.reason);
  });

  // R-SEC-01: a refusal decided in a handler (403, or the 404 that hides another patient's or practice's data) is
  // recorded too, once per request, even where the handler itself writes nothing to the audit trail.
  app.addHook('onSend', async (request, reply, payload) => {
    const rule = request.routeOptions.config?.access;
    if (rule === undefined || rule === 'public' || rule === 'auth-library' || request.accessDenialRecorded)
      return payload;
    if (reply.statusCode !== 403 && reply.statusCode !== 404) return payload;
    request.accessDenialRecorded = true;
    await audit.record(db, request.actor, {
      eventType: 'access.denied',
      action: methodAction[request.method] ?? 'E',
      outcome: reply.statusCode === 404 ? 'denied:not-found' : 'denied:not-permitted',
      objectType: 'route',
      objectId: `${request.method} ${request.routeOptions.url ?? ''}`,
      details: { permission: rule, params: request.params ?? {} },
    });
    return payload;
  });
}

export default fp(accessPlugin, { name: 'access', dependencies: ['loket-context'] });
