import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AccountUpdateSchema, NewAccountSchema, RoleSchema } from '@loket/domain';
import { HttpError, ProblemSchema } from '../http/errors.ts';

const AccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  departmentIds: z.array(z.string()),
  agbCode: z.string().nullable(),
  uziNumber: z.string().nullable(),
  specialism: z.string().nullable(),
  organisationId: z.string().nullable(),
  locale: z.enum(['nl', 'en']),
  twoFactorEnabled: z.boolean(),
  disabled: z.boolean(),
});

const UserId = z.object({ id: z.string().min(1).max(100) });

/** The administrator's user management: accounts, roles, departments, disabling. */
export async function userRoutes(app: FastifyInstance) {
  const { accounts } = app.loket;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const toView = (a: Awaited<ReturnType<typeof accounts.list>>[number]) => ({
    id: a.id,
    name: a.name,
    email: a.email,
    roles: a.roles,
    departmentIds: a.departmentIds,
    agbCode: a.agbCode,
    uziNumber: a.uziNumber,
    specialism: a.specialism,
    organisationId: a.organisationId,
    locale: a.locale,
    twoFactorEnabled: a.twoFactorEnabled,
    disabled: a.disabledAt !== null,
  });

  api.get(
    '/api/admin/users',
    {
      config: { access: 'users.read' },
      schema: {
        tags: ['users'],
        summary: 'All accounts with their roles',
        response: { 200: z.object({ users: z.array(AccountSchema) }) },
      },
    },
    async (request) => {
      const users = (await accounts.list()).map(toView);
      await app.loket.audit.record(app.loket.db, request.actor, {
        eventType: 'account.list',
        action: 'R',
        objectType: 'account',
        details: { returned: users.length },
      });
      return { users };
    },
  );

  api.post(
    '/api/admin/users',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Make an account (a referrer needs an AGB code)',
        body: NewAccountSchema,
        response: { 201: z.object({ id: z.string() }), 400: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const id = await accounts.create(request.actor, request.body);
      return reply.status(201).send({ id });
    },
  );

  api.put(
    '/api/admin/users/:id',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Change name, roles, departments and referrer details',
        params: UserId,
        body: AccountUpdateSchema,
        response: { 200: AccountSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      await accounts.update(request.actor, request.params.id, request.body);
      const a = await accounts.get(request.params.id);
      if (!a) throw new HttpError(404, 'not-found');
      return toView(a);
    },
  );

  api.post(
    '/api/admin/users/:id/disabled',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Disable (ends every session at once) or enable an account',
        params: UserId,
        body: z.object({ disabled: z.boolean() }),
        response: { 204: z.null(), 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      if (request.params.id === request.principal?.userId && request.body.disabled)
        throw new HttpError(400, 'invalid-input', {
          problems: [{ path: 'disabled', message: 'You cannot disable your own account' }],
        });
      await accounts.setDisabled(request.actor, request.params.id, request.body.disabled);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/api/admin/roles',
    {
      config: { access: 'users.read' },
      schema: {
        tags: ['users'],
        summary: 'The roles an account can have',
        response: { 200: z.object({ roles: z.array(RoleSchema) }) },
      },
    },
    async () => ({ roles: RoleSchema.options }),
  );
}
