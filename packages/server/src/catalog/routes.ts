import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  buildSearchIndex,
  callNow,
  DepartmentSchema,
  formatPath,
  HospitalSchema,
  LocalizedTextSchema,
  phoneDisplays,
  search,
  type Catalog,
} from '@loket/domain';
import { HttpError, ProblemSchema } from '../http/errors.ts';
import { parseYaml } from './files.ts';
import { stringify } from 'yaml';

/** The guide's phone numbers as shown, per catalog snapshot (a new snapshot object is made when the catalog changes). */
const phonesOf = new WeakMap<object, Record<string, string>>();

const DepartmentId = z.object({ id: z.string().min(1).max(100) });
/** Versions are PostgreSQL integers: a larger number is the client's error, not a database failure. */
const MAX_VERSION = 2_147_483_647;
const Versioned = z.object({ version: z.number().int().positive().max(MAX_VERSION) });
const problems = { 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

const CatalogBundleSchema = z.object({ hospital: z.unknown(), departments: z.array(z.unknown()) });


export async function catalogRoutes(app: FastifyInstance) {
  const { catalog, settings } = app.loket;
  const api = app.withTypeProvider<ZodTypeProvider>();

  // YAML uploads for the catalog import arrive as text.
  app.addContentTypeParser(['text/yaml', 'application/yaml', 'application/x-yaml'], { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  api.get(
    '/api/catalog',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'The whole referral guide: hospital, departments, and the public holidays that close clinics',
        response: {
          200: z.object({
            hospital: HospitalSchema,
            departments: z.array(DepartmentSchema),
            holidays: z.array(z.string()),
            /** Each phone number in the guide (E.164) as it is shown, so browsers need no phone library. */
            phones: z.record(z.string(), z.string()),
            stamp: z.string(),
          }),
        },
      },
    },
    async (_request, reply) => {
      const s = await catalog.snapshot();
      reply.header('cache-control', 'no-cache');
      const departments = s.departments.map((d) => d.department);
      // Formatted once per catalog version: the snapshot object stays the same until the catalog changes.
      let phones = phonesOf.get(s);
      if (!phones) phonesOf.set(s, (phones = phoneDisplays(departments, phoneDisplays(s.hospital))));
      return {
        hospital: s.hospital,
        departments,
        phones,
        // The hospital's holiday policy decides which days clinics are closed (R-CAT-04, R-WD-01).
        holidays: [...(await settings.holidays())].sort(),
        stamp: s.stamp,
      };
    },
  );

  api.get(
    '/api/catalog/departments/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'One department, with whom to call now (R-CAT-04)',
        params: DepartmentId,
        response: {
          200: z.object({
            department: DepartmentSchema,
            version: z.number(),
            updatedAt: z.date(),
            callNow: z.object({
              localTime: z.string(),
              localDate: z.string(),
              officeHours: z.boolean(),
              holiday: z.boolean(),
              advice: z.object({ kind: z.enum(['contact', 'out-of-hours']), contactId: z.string().optional(), phone: z.string(), text: LocalizedTextSchema.optional() }),
              openContactIds: z.array(z.string()),
            }),
          }),
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const s = await catalog.snapshot();
      const d = await catalog.department(request.params.id);
      const now = new Date();
      const c = callNow({ department: d.department, hospital: s.hospital, at: now, holidays: await settings.holidays(now) });
      return {
        department: d.department,
        version: d.version,
        updatedAt: d.updatedAt,
        callNow: {
          localTime: c.local.time,
          localDate: c.local.date,
          officeHours: c.officeHours,
          holiday: c.holiday,
          advice:
            c.advice.kind === 'contact'
              ? { kind: 'contact' as const, contactId: c.advice.contact.id, phone: c.advice.contact.phone!, text: c.advice.contact.label }
              : { kind: 'out-of-hours' as const, phone: c.advice.phone, text: c.advice.text },
          openContactIds: c.open.map((o) => o.contact.id),
        },
      };
    },
  );

  api.get(
    '/api/catalog/search',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Search departments, care paths, conditions and the words of the guide',
        querystring: z.object({ q: z.string().max(200), limit: z.coerce.number().int().min(1).max(50).default(20) }),
        response: {
          200: z.object({
            hits: z.array(
              z.object({
                id: z.string(),
                name: LocalizedTextSchema,
                score: z.number(),
                matches: z.array(
                  z.object({
                    field: z.string(),
                    label: LocalizedTextSchema.optional(),
                    within: LocalizedTextSchema.optional(),
                    excerpt: z.string().optional(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const s = await catalog.snapshot();
      const hits = search(buildSearchIndex(s.departments.map((d) => d.department)), request.query.q, request.query.limit);
      return { hits: hits.map((h) => ({ id: h.department.id, name: h.department.name, score: h.score, matches: h.matches })) };
    },
  );

  // Administration (R-CAT-07).

  api.get(
    '/api/admin/catalog/departments/:id',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['catalog administration'],
        summary: 'A department as stored, with its version for a later update',
        params: DepartmentId,
        response: { 200: z.object({ department: DepartmentSchema, version: z.number() }), 404: ProblemSchema },
      },
    },
    async (request) => {
      const d = await catalog.department(request.params.id);
      return { department: d.department, version: d.version };
    },
  );

  api.put(
    '/api/admin/catalog/departments/:id',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['catalog administration'],
        summary: 'Replace a department; refused when someone else saved a newer version in the meantime',
        params: DepartmentId,
        body: z.object({ department: z.unknown(), version: z.number().int().positive().max(MAX_VERSION) }),
        response: { 200: Versioned, ...problems },
      },
    },
    async (request) => ({
      version: await catalog.saveDepartment(request.actor, request.params.id, request.body.department, request.body.version),
    }),
  );

  api.post(
    '/api/admin/catalog/departments',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['catalog administration'],
        summary: 'Add a department',
        body: z.object({ department: z.unknown() }),
        response: { 201: Versioned, ...problems },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return { version: await catalog.createDepartment(request.actor, request.body.department) };
    },
  );

  api.delete(
    '/api/admin/catalog/departments/:id',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['catalog administration'],
        summary: 'Remove a department (its history is kept)',
        params: DepartmentId,
        querystring: z.object({ version: z.coerce.number().int().positive().max(MAX_VERSION) }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await catalog.removeDepartment(request.actor, request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/api/admin/catalog/hospital',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['catalog administration'],
        summary: 'Hospital-wide facts and settings of the guide, with version',
        response: { 200: z.object({ hospital: HospitalSchema, version: z.number() }) },
      },
    },
    async () => {
      const s = await catalog.snapshot();
      return { hospital: s.hospital, version: s.hospitalVersion };
    },
  );

  api.put(
    '/api/admin/catalog/hospital',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['catalog administration'],
        summary: 'Replace the hospital-wide facts and settings',
        body: z.object({ hospital: z.unknown(), version: z.number().int().positive().max(MAX_VERSION) }),
        response: { 200: Versioned, ...problems },
      },
    },
    async (request) => ({ version: await catalog.saveHospital(request.actor, request.body.hospital, request.body.version) }),
  );

  api.get(
    '/api/admin/catalog/history/:entity/:id',
    {
      config: { access: 'catalog.edit' },
      schema: {
        tags: ['catalog administration'],
        summary: 'Every change to a department or the hospital facts: who, when, what',
        params: z.object({ entity: z.enum(['hospital', 'department']), id: z.string().min(1).max(100) }),
        response: {
          200: z.object({
            changes: z.array(
              z.object({
                id: z.number(),
                version: z.number(),
                action: z.string(),
                changedBy: z.string().nullable(),
                changedByName: z.string().nullable(),
                changedAt: z.date(),
                summary: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const rows = await catalog.history(request.params.entity, request.params.id);
      return {
        changes: rows.map((r) => ({
          id: r.id,
          version: r.version,
          action: r.action,
          changedBy: r.changed_by,
          changedByName: r.changed_by_name,
          changedAt: r.changed_at,
          summary: r.summary,
        })),
      };
    },
  );

  api.get(
    '/api/admin/catalog/export',
    {
      config: { access: 'catalog.export' },
      schema: {
        tags: ['catalog administration'],
        summary: 'The whole catalog as one YAML file (hospital and departments), the format the import takes',
        produces: ['text/yaml'],
      },
    },
    async (request, reply) => {
      const c = await catalog.catalog();
      await app.loket.audit.record(app.loket.db, request.actor, {
        eventType: 'catalog.export',
        action: 'R',
        objectType: 'catalog',
        objectId: 'catalog',
        details: { departments: c.departments.length },
      });
      reply
        .header('content-type', 'text/yaml; charset=utf-8')
        .header('content-disposition', 'attachment; filename="catalog.yaml"');
      return stringify(c, { lineWidth: 0 });
    },
  );

  api.post(
    '/api/admin/catalog/import',
    {
      config: { access: 'catalog.import' },
      schema: {
        tags: ['catalog administration'],
        summary: 'Replace the catalog with an uploaded YAML file; with dryRun=true only report what would change',
        consumes: ['text/yaml'],
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
        body: z.string().min(1).max(10 * 1024 * 1024),
        response: {
          200: z.object({
            dryRun: z.boolean(),
            added: z.array(z.string()),
            changed: z.array(z.string()),
            removed: z.array(z.string()),
            unchanged: z.array(z.string()),
            hospitalChanged: z.boolean(),
          }),
          400: ProblemSchema,
        },
      },
    },
    async (request) => {
      const parsed = parseYaml(request.body, 'catalog.yaml');
      if (!parsed.ok) throw new HttpError(400, 'invalid-catalog', { problems: parsed.problems.map(({ path, message }) => ({ path, message })) });
      const bundle = CatalogBundleSchema.safeParse(parsed.value);
      if (!bundle.success)
        throw new HttpError(400, 'invalid-catalog', {
          problems: [{ path: '(top level)', message: 'must have "hospital" and a list of "departments"' }],
        });
      const hospital = HospitalSchema.safeParse(bundle.data.hospital);
      const departments = bundle.data.departments.map((d) => DepartmentSchema.safeParse(d));
      const found = [
        ...(hospital.success ? [] : hospital.error.issues.map((i) => ({ path: ['hospital', ...i.path], message: i.message }))),
        ...departments.flatMap((d, n) =>
          d.success ? [] : d.error.issues.map((i) => ({ path: ['departments', n, ...i.path], message: i.message })),
        ),
      ];
      if (found.length > 0 || !hospital.success) {
        throw new HttpError(400, 'invalid-catalog', { problems: found.map((p) => ({ path: formatPath(p.path), message: p.message })) });
      }
      const imported: Catalog = { hospital: hospital.data, departments: departments.map((d) => d.data!) };
      const dryRun = request.query.dryRun === 'true';
      const summary = await catalog.importCatalog(request.actor, imported, { dryRun, source: 'upload' });
      return { dryRun, ...summary };
    },
  );
}
