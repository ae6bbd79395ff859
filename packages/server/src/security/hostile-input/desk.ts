import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { decide, type Permission } from '@loket/domain';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { seedDemo } from '../../demo/seed.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoAccounts } from '../../demo/accounts.ts';
import {
  cookieHeader,
  createTestApp,
  keepLogOutOfScan,
  PUBLIC_URL,
  type TestApp,
} from '../../testing/harness.ts';
import type { JsonSchema } from './schema-arbitrary.ts';

/**
 * A full desk to attack: the real app on the test engine, filled with the demo data (referrals in every state,
 * second opinions, incidents, screenings, meetings...), every demo account signed in with its second factor,
 * and the ids that exist, so generated requests reach the handlers rather than stopping at 401 or 404.
 */

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** OpenAPI form, /api/referrals/{id} */
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
  bodyType?: string;
}

export interface Desk {
  t: TestApp;
  operations: Operation[];
  /** Signed-in cookie per demo account e-mail; '' is anonymous. */
  cookies: Map<string, string>;
  /** Per operation key ("GET /api/x"), the accounts the access check lets through. */
  allowed: Map<string, string[]>;
  /** Existing ids per table. */
  ids: Map<string, string[]>;
  close(): Promise<void>;
}

export const operationKey = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`;

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
};

export function operationsFrom(spec: OpenApi): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0];
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header')
          .map((p) => ({
            name: p.name,
            in: p.in as Parameter['in'],
            required: p.required ?? p.in === 'path',
            schema: p.schema ?? {},
          })),
        ...(bodyType ? { bodyType, body: content[bodyType]!.schema ?? {} } : {}),
      });
    }
  }
  return out;
}

const str = (maxLength = 200): JsonSchema => ({ type: 'string', maxLength });

/**
 * Routes the OpenAPI document hides: the authentication library's endpoints, operations endpoints and the
 * catch-alls. They take input from the internet too.
 */
export const hiddenOperations: Operation[] = [
  {
    method: 'POST',
    path: '/api/auth/sign-in/email',
    parameters: [],
    bodyType: 'application/json',
    body: {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        password: str(),
        rememberMe: { type: 'boolean' },
      },
      required: ['email', 'password'],
    },
  },
  {
    method: 'POST',
    path: '/api/auth/two-factor/verify-totp',
    parameters: [],
    bodyType: 'application/json',
    body: {
      type: 'object',
      properties: { code: { type: 'string', pattern: '^\\d{6}$' } },
      required: ['code'],
    },
  },
  {
    method: 'POST',
    path: '/api/auth/sign-up/email',
    parameters: [],
    bodyType: 'application/json',
    body: {
      type: 'object',
      properties: { email: { type: 'string', format: 'email' }, password: str(), name: str() },
      required: ['email', 'password', 'name'],
    },
  },
  {
    method: 'POST',
    path: '/api/auth/change-password',
    parameters: [],
    bodyType: 'application/json',
    body: {
      type: 'object',
      properties: { currentPassword: str(), newPassword: str(), revokeOtherSessions: { type: 'boolean' } },
      required: ['currentPassword', 'newPassword'],
    },
  },
  { method: 'GET', path: '/api/auth/get-session', parameters: [] },
  {
    method: 'GET',
    path: '/api/auth/{rest}',
    parameters: [{ name: 'rest', in: 'path', required: true, schema: str() }],
  },
  { method: 'GET', path: '/healthz', parameters: [] },
  { method: 'GET', path: '/readyz', parameters: [] },
  { method: 'GET', path: '/metrics', parameters: [] },
  { method: 'GET', path: '/openapi.json', parameters: [] },
  {
    method: 'GET',
    path: '/docs/{rest}',
    parameters: [{ name: 'rest', in: 'path', required: true, schema: str() }],
  },
  {
    method: 'GET',
    path: '/{rest}',
    parameters: [{ name: 'rest', in: 'path', required: true, schema: str() }],
  },
  {
    method: 'GET',
    path: '/api/{rest}',
    parameters: [{ name: 'rest', in: 'path', required: true, schema: str() }],
  },
  {
    method: 'PUT',
    path: '/fhir/R4/{type}/{id}',
    parameters: [
      { name: 'type', in: 'path', required: true, schema: str() },
      { name: 'id', in: 'path', required: true, schema: str() },
    ],
    bodyType: 'application/fhir+json',
    body: {},
  },
];

/** Query parameters the FHIR search takes without a published schema. */
export const fhirSearchParameters: Parameter[] = [
  '_id',
  'identifier',
  'patient',
  'subject',
  'status',
  'name',
  '_count',
  '_lastUpdated',
  'based-on',
  'authored',
  '_include',
  '_sort',
].map((name) => ({ name, in: 'query' as const, required: false, schema: str() }));

export const fhirTypes = [
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'HealthcareService',
  'ServiceRequest',
  'Task',
  'DocumentReference',
  'Binary',
  'Appointment',
  'Communication',
  'Consent',
  'QuestionnaireResponse',
  'Subscription',
];

/** Which table an id in a path most likely belongs to, by the words before it. */
export function tableFor(path: string, param: string): string | null {
  if (param === 'documentId') return 'referral_document';
  if (param === 'letterId') return 'letter';
  if (param === 'consentId') return 'consent_record';
  if (param === 'caseId') return 'mdo_case';
  if (param === 'departmentId') return 'catalog_department';
  const rules: [RegExp, string][] = [
    [/^\/api\/(?:admin\/)?catalog\//, 'catalog_department'],
    [/^\/api\/admin\/users\//, 'user'],
    [/^\/api\/telephone-advice\//, 'telephone_advice'],
    [/^\/api\/incidents\//, 'incident'],
    [/^\/api\/gp-registry\/registrations\//, 'gp_registration'],
    [/^\/api\/apop\/screenings\//, 'apop_screening'],
    [/^\/api\/apop\/follow-ups\//, 'apop_follow_up'],
    [/^\/api\/sudden-death\//, 'sudden_death_request'],
    [/^\/api\/mdo\/meetings\//, 'mdo_meeting'],
    [/^\/fhir\//, 'referral'],
    [/referrals\/|second-opinions\//, 'referral'],
  ];
  for (const [re, table] of rules) if (re.test(path)) return table;
  return null;
}

const idTables: Record<string, string> = {
  referral: 'select id::text as id from referral',
  referral_document: 'select id::text as id from referral_document',
  letter: 'select id::text as id from letter',
  consent_record: 'select id::text as id from consent_record',
  mdo_case: 'select id::text as id from mdo_case',
  mdo_meeting: 'select id::text as id from mdo_meeting',
  catalog_department: 'select id::text as id from catalog_department',
  telephone_advice: 'select id::text as id from telephone_advice',
  incident: 'select id::text as id from incident',
  gp_registration: 'select id::text as id from gp_registration',
  apop_screening: 'select id::text as id from apop_screening',
  apop_follow_up: 'select id::text as id from apop_follow_up',
  sudden_death_request: 'select id::text as id from sudden_death_request',
};

export async function signInDemo(t: TestApp, email: string): Promise<string> {
  const first = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    headers: { origin: PUBLIC_URL },
    payload: { email, password: DEMO_PASSWORD },
  });
  if (first.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${first.statusCode}`);
  let cookies = cookieHeader(first);
  if (first.json().twoFactorRedirect) {
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      headers: { origin: PUBLIC_URL, cookie: cookies },
      payload: { code: await createOTP(base32.decode(DEMO_TOTP_SECRET)).totp() },
    });
    if (second.statusCode !== 200) throw new Error(`second factor of ${email} failed: ${second.statusCode}`);
    cookies = cookieHeader(second, cookies);
  }
  return cookies;
}

/** Fills in path parameters for a probe that only asks the access check. */
export function probeUrl(op: Operation, ids: Map<string, string[]>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'type') return 'Task';
    if (name === 'rest') return 'x';
    const param = op.parameters.find((p) => p.name === name);
    if (param?.schema.enum) return String(param.schema.enum[0]);
    const table = tableFor(op.path, name);
    return (table && ids.get(table)?.[0]) ?? randomUUID();
  });
}

export async function openDesk(): Promise<Desk> {
  let mark = Date.now();
  const lap = (what: string) => {
    if (process.env.LOKET_HOSTILE_VERBOSE) console.log(`desk: ${what} ${Date.now() - mark} ms`);
    mark = Date.now();
  };
  keepLogOutOfScan();
  const t = await createTestApp();
  lap('app');
  await seedDemo(t.app.loket);
  lap('demo data');
  const spec = (await t.app.inject('/openapi.json')).json() as OpenApi;
  const operations = [...operationsFrom(spec), ...hiddenOperations];

  const ids = new Map<string, string[]>();
  for (const [table, query] of Object.entries(idTables)) {
    const rows = await sql.raw<{ id: string }>(`${query} order by 1 limit 40`).execute(t.app.loket.db);
    ids.set(
      table,
      rows.rows.map((r) => r.id),
    );
  }

  // Accounts the generated requests may edit or disable: never the signed-in demo accounts they run as.
  const spare: string[] = [];
  for (let i = 0; i < 3; i++) spare.push((await t.createUser(['referrer'], { enrollTotp: false })).id);
  ids.set('user', spare);

  const cookies = new Map<string, string>([['', '']]);
  for (const a of demoAccounts) cookies.set(a.email, await signInDemo(t, a.email));

  lap('sign-in');
  // Which accounts does the access check let through? One anonymous request per route: a guarded route refuses
  // it and audits the permission it wanted, and the domain's own `decide` says which accounts hold it.
  const allowed = new Map<string, string[]>();
  const everyone = demoAccounts.map((a) => a.email);
  for (const op of operations) {
    const r = await t.app.inject({
      method: op.method as 'GET',
      url: probeUrl(op, ids),
      headers: { origin: PUBLIC_URL },
    });
    if (r.statusCode !== 401) {
      allowed.set(operationKey(op), everyone);
      continue;
    }
    const denied = await t.app.loket.db
      .selectFrom('audit_event')
      .select(sql<string | null>`details->>'permission'`.as('permission'))
      .where('event_type', '=', 'access.denied')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const permission = denied?.permission as Permission | undefined;
    allowed.set(
      operationKey(op),
      permission
        ? demoAccounts
            .filter(
              (a) =>
                decide(
                  {
                    userId: a.email,
                    roles: a.roles,
                    secondFactorVerified: true,
                    secondFactorEnrolled: true,
                    departmentIds: a.departmentIds ?? [],
                    organisationId: a.organisationId ?? null,
                  },
                  permission,
                ).allowed,
            )
            .map((a) => a.email)
        : [],
    );
  }
  lap('access probes');
  return { t, operations, cookies, allowed, ids, close: () => t.close() };
}
