import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canonicalJson } from '@loket/db';
import { accessKinds, LocalizedTextSchema } from '@loket/domain';
import type { CapabilityOptions } from '../http/capability.ts';
import { HttpError, languageOf, ProblemSchema } from '../http/errors.ts';
import { IdempotentReplay, type IdempotencyClaim } from '../http/idempotency.ts';
import { referralActor } from '../referrals/actor.ts';
import { CHECK_EMAIL, patientName, PatientPortalService } from './service.ts';

const problems = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

const Received = z.object({
  id: z.string(),
  reference: z.string(),
  state: z.string(),
  newAccount: z.boolean().describe('always false: a signed-in patient asks with their own account'),
});

const CheckEmail = z
  .object({ status: z.literal(CHECK_EMAIL.status) })
  .describe(
    'Signed out, the one answer for every address: a new address gets its account, its request and a link to ' +
      'confirm the address; an address with an account gets nothing stored and an e-mail to its owner',
  );

const Request = z.object({
  id: z.string(),
  reference: z.string(),
  kind: z.string(),
  state: z.string(),
  departmentId: z.string(),
  submittedAt: z.date().nullable(),
  updatedAt: z.date(),
  question: z.string().nullable(),
  reviewDue: z.string().nullable(),
  consentGiven: z.boolean(),
  missing: z.array(z.object({ key: z.string(), text: LocalizedTextSchema })),
  missingRequested: z
    .object({ missing: z.array(z.string()).optional(), message: z.string().nullable().optional() })
    .loose()
    .nullable(),
  appointment: z
    .object({ start: z.string(), location: z.string().nullable(), videoLink: z.string().nullable() })
    .nullable(),
  timeline: z.array(
    z.object({ at: z.date(), type: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
  ),
  letters: z.array(z.object({ id: z.string(), type: z.string(), language: z.string(), createdAt: z.date() })),
});

const AccessLogEntry = z.object({
  seq: z.number(),
  at: z.date(),
  who: z.object({
    name: z.string(),
    roles: z.array(z.string()),
    self: z.boolean(),
    system: z.boolean(),
  }),
  kind: z.enum(accessKinds),
  eventType: z.string(),
  objectType: z.string().nullable(),
  reference: z.string().nullable(),
});

/** All anonymous requests share one key space; the keys are random per form, so they do not meet. */
const ANONYMOUS = 'anonymous:patient-portal';

/**
 * The Idempotency-Key of a public request. The password is left out of the stored body hash: a fast hash of it
 * would undo the slow one that protects it.
 */
function claimOf(request: FastifyRequest, userId: string): IdempotencyClaim | null {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) return null;
  if (!/^[\w.:-]{8,200}$/.test(key))
    throw new HttpError(400, 'invalid-input', {
      problems: [
        {
          path: 'Idempotency-Key',
          message: 'must be 8 to 200 letters, digits, dots, colons, dashes or underscores',
        },
      ],
    });
  const { password, ...rest } = (request.body ?? {}) as Record<string, unknown>;
  void password;
  const bodyHash = createHash('sha256')
    .update('patient-portal.request\n')
    .update(canonicalJson(rest))
    .digest('hex');
  return { userId, key, scope: 'patient-portal.request', bodyHash };
}

/** The API of patient-portal: the patient's own second-opinion request and their portal (R-SO-02, R-SEC-02). */
export async function patientPortalRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void options;
  const { db, audit, catalog, referrals, config } = app.loket;
  const service = new PatientPortalService({ db, audit, catalog, referrals, publicUrl: config.publicUrl });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/patient-portal/departments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['patient portal'],
        summary: 'The departments a patient can ask for a second opinion',
        response: {
          200: z.object({ departments: z.array(z.object({ id: z.string(), name: LocalizedTextSchema })) }),
        },
      },
    },
    async () => ({ departments: await service.departments() }),
  );

  api.post(
    '/api/patient-portal/requests',
    {
      config: { access: 'public' },
      schema: {
        tags: ['patient portal'],
        summary:
          'A patient asks for a second opinion themself (R-SO-02), with consent to obtain the records (R-CON-01). ' +
          'Signed out, it answers 202 "check your e-mail" whatever the address, so it never tells whether an ' +
          'address has an account: a new address gets the patient account and the request, and an e-mail with a ' +
          'link to confirm the address before the account signs in; an address with an account gets nothing ' +
          'stored and an e-mail to its owner. Signed in as a patient, it asks as that patient (201). Limited per ' +
          'client address per hour.',
        headers: z.object({
          'idempotency-key': z
            .string()
            .optional()
            .describe('Repeat the POST with the same key to get the first answer, never a second request'),
        }),
        body: z.unknown().describe('PatientSecondOpinionRequest; validated by the shared domain schema'),
        response: { 201: Received, 202: CheckEmail, ...problems, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal && !principal.roles.includes('patient')) throw new HttpError(403, 'not-permitted');
      const actor = principal ? await referralActor(db, request) : null;
      const claim = claimOf(request, actor?.userId ?? ANONYMOUS);
      try {
        const row = await service.request(
          request.body,
          actor
            ? { kind: 'signed-in', actor }
            : { kind: 'new', accessPoint: request.ip, locale: languageOf(request) },
          claim,
        );
        if (!actor || !row) return reply.status(202).send(CHECK_EMAIL);
        return reply
          .status(201)
          .send({ id: row.id, reference: row.reference, state: row.state, newAccount: false });
      } catch (e) {
        // Signed out, a retry is answered as the first time, for a new address and a known one alike.
        if (!actor && e instanceof IdempotentReplay)
          return reply.status(202).header('idempotent-replayed', 'true').send(CHECK_EMAIL);
        const id = e instanceof IdempotentReplay ? (e.response as { id?: string } | null)?.id : undefined;
        if (!id) throw e;
        const row = await service.referral(id);
        if (!row) throw e;
        return reply
          .status(201)
          .header('idempotent-replayed', 'true')
          .send({ id: row.id, reference: row.reference, state: row.state, newAccount: false });
      }
    },
  );

  api.post(
    '/api/patient-portal/confirm',
    {
      config: { access: 'public' },
      schema: {
        tags: ['patient portal'],
        summary:
          'The link in the e-mail to a new address (fragment of /second-opinion/confirm): confirms the address of the ' +
          'patient account that a signed-out request made, so that it can sign in. Answers the address and the ' +
          'reference of the newest request; a used or expired link answers 400 confirmation-link-invalid.',
        body: z.object({ token: z.string().max(200) }),
        response: {
          200: z.object({ email: z.string(), reference: z.string().nullable() }),
          400: ProblemSchema,
        },
      },
    },
    async (request) => service.confirm(request.body.token, request.ip),
  );

  api.get(
    '/api/patient-portal/overview',
    {
      config: { access: 'patient-portal.self' },
      schema: {
        tags: ['patient portal'],
        summary:
          'The signed-in patient\u2019s requests: status timeline, what is still missing, appointment, letters addressed to them',
        response: {
          200: z.object({ patientName: z.string().nullable(), requests: z.array(Request) }),
          ...problems,
        },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      const { requests } = await service.overview(actor);
      return { patientName: await patientName(db, actor.patientIds ?? []), requests };
    },
  );

  api.get(
    '/api/patient-portal/access-log',
    {
      config: { access: 'patient-portal.self' },
      schema: {
        tags: ['patient portal'],
        summary:
          'Who accessed the signed-in patient\u2019s data and when (R-SEC-02), newest first; reading it is recorded too',
        querystring: z.object({
          page: z.coerce.number().int().min(1).max(10_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(25),
        }),
        response: {
          200: z.object({
            entries: z.array(AccessLogEntry),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      return service.accessLog(actor, request.query.page, request.query.pageSize);
    },
  );
}
