import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { minimalPdf } from '../../documents/fixtures.ts';
import { createTestApp, PUBLIC_URL, testEngine, type TestApp } from '../../testing/harness.ts';
import { multipartBody, multipartContentType } from '../../testing/multipart.ts';
import { matrix, matrixDraft, type Answer, type MatrixRow } from './matrix.ts';
import { principals, setups, type Principal } from './principals.ts';
import { routeKey, type routeCollector } from './routes.ts';
import { sample } from './sample.ts';

// Every route the app registers passes an onRoute hook added as soon as `buildApp` makes its Fastify instance.
const collected = vi.hoisted(() => ({ collector: null as null | ReturnType<typeof routeCollector> }));
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const { routeCollector } = await import('./routes.ts');
  collected.collector = routeCollector();
  const make = ((options: never) => {
    const app = mod.default(options);
    collected.collector!.attach(app as never);
    return app;
  }) as unknown as typeof mod.default;
  return { ...mod, default: Object.assign(make, mod.default) };
});

let t: TestApp;
const cookies = new Map<Principal, string>();
const userIds = new Map<Principal, string>();
const ids: Record<string, string> = {};
let openapi: {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: never }> } }>>;
};
const started = Date.now();
let cells = 0;

// No medication list: the referral may be sent, but triage cannot start (see the actions row).
const draft = (bsn: string, familyName: string, agbCode: string) => ({
  ...matrixDraft,
  patient: { ...matrixDraft.patient, bsn, familyName },
  familyDoctor: { ...matrixDraft.familyDoctor, agbCode },
});

function inject(
  who: Principal,
  method: string,
  url: string,
  body?: MatrixRow['body'],
  schemaOf?: () => unknown,
) {
  const headers: Record<string, string> = { origin: PUBLIC_URL };
  const cookie = cookies.get(who);
  if (cookie) headers.cookie = cookie;
  let payload: string | Buffer | undefined;
  if (body?.kind === 'json') payload = JSON.stringify(fill(body.value));
  if (body?.kind === 'schema') payload = JSON.stringify(schemaOf?.() ?? {});
  if (body?.kind === 'yaml') payload = body.value;
  if (body?.kind === 'multipart-document')
    payload = multipartBody([
      { name: 'kind', value: 'other' },
      { name: 'scope', value: 'records-for-second-opinion' },
      { name: 'file', filename: 'matrix.pdf', type: 'application/pdf', data: minimalPdf() },
    ]);
  if (body?.kind === 'json' || body?.kind === 'schema') headers['content-type'] = 'application/json';
  if (body?.kind === 'yaml') headers['content-type'] = 'text/yaml';
  if (body?.kind === 'multipart-document') headers['content-type'] = multipartContentType;
  return t.app.inject({ method: method as 'GET', url: fill(url), headers, ...(payload ? { payload } : {}) });
}

/** Puts the fixture ids into a path or body. */
function fill<T>(value: T): T {
  const text = JSON.stringify(value).replace(
    /\{(referral|otherReferral|document|letter|unknown)\}/g,
    (_, k: string) => (k === 'unknown' ? randomUUID() : ids[k]!),
  );
  return JSON.parse(text) as T;
}

async function auditCount(): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from audit_event`.execute(t.app.loket.db);
  return Number(r.rows[0]!.n);
}

function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v == null ? undefined : (v as Record<string, unknown>)[k]), value);
}

const isEmpty = (v: unknown) =>
  v == null ||
  (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v as object).length === 0);

function answerOf(status: number): Answer | number {
  if (status === 401 || status === 403 || status === 404) return status;
  if (status >= 500) return status;
  return 'allowed';
}

beforeAll(async () => {
  t = await createTestApp();
  for (const p of principals) {
    if (p === 'anonymous') continue;
    const s = setups[p];
    const user = await t.createUser(s.roles, {
      ...(s.agbCode ? { agbCode: s.agbCode } : {}),
      ...(s.departmentIds ? { departmentIds: s.departmentIds } : {}),
    });
    userIds.set(p, user.id);
    cookies.set(p, await t.signIn(user.email));
  }
  const make = async (who: Principal, bsn: string, name: string, agb: string) => {
    const created = await inject(who, 'POST', '/api/referrals', {
      kind: 'json',
      value: draft(bsn, name, agb),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const upload = await inject(who, 'POST', `/api/referrals/${id}/documents`, {
      kind: 'multipart-document',
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const sent = await inject(who, 'POST', `/api/referrals/${id}/submit`);
    expect(sent.statusCode, sent.body).toBe(200);
    return {
      id,
      document: upload.json().id as string,
      patientId: sent.json().patient?.id as string | undefined,
    };
  };
  const own = await make('referrer-own', '999990019', 'Jansen', '01999001');
  const other = await make('referrer-other', '999990044', 'Pietersen', '01999002');
  ids.referral = own.id;
  ids.otherReferral = other.id;
  ids.document = own.document;
  const rows = await t.app.loket.db
    .selectFrom('referral')
    .select(['id', 'patient_id'])
    .where('id', 'in', [own.id, other.id])
    .execute();
  const patientOf = (id: string) => rows.find((r) => r.id === id)!.patient_id!;
  const userOf = (p: Principal) => userIds.get(p)!;
  await t.app.loket.db
    .insertInto('patient_account')
    .values([
      { user_id: userOf('patient-self'), patient_id: patientOf(own.id) },
      { user_id: userOf('patient-other'), patient_id: patientOf(other.id) },
    ])
    .execute();
  const staffView = await inject('back-office', 'GET', `/api/referrals/${own.id}`);
  ids.letter = (staffView.json().letters[0]?.id as string | undefined) ?? randomUUID();
  openapi = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
}, 120_000);

afterAll(async () => {
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `access matrix on ${testEngine}: ${matrix.length} rows × ${principals.length} principals = ${cells} cells in ${seconds.toFixed(1)} s`,
  );
  await t?.close();
});

describe('access matrix (R-SEC-03)', () => {
  it('R-SEC-03: every route the app serves has a row, and every row a route', () => {
    const served = new Set(collected.collector!.routes.map(routeKey));
    const rows = new Set(matrix.map((r) => r.route));
    expect(
      [...served].filter((r) => !rows.has(r)),
      'routes without a matrix row',
    ).toEqual([]);
    expect(
      [...rows].filter((r) => !served.has(r)),
      'matrix rows without a route',
    ).toEqual([]);
    expect(rows.size, 'one row per route').toBe(matrix.length);
  });

  for (const row of matrix) {
    it(`R-SEC-03, R-SEC-01: ${row.route}`, async () => {
      const [method, url] = [row.route.slice(0, row.route.indexOf(' ')), row.path];
      const openapiPath = row.route.slice(row.route.indexOf(' ') + 1).replace(/:(\w+)/g, '{$1}');
      const schemaOf = () => {
        const op = openapi.paths[openapiPath]?.[method.toLowerCase()];
        return fill(sample(op?.requestBody?.content['application/json']?.schema));
      };
      const wrong: string[] = [];
      // Refusals first, so that allowed writes (which may change the fixture) come last.
      const order = [...principals].sort(
        (a, b) => Number(row.expect[a] === 'allowed') - Number(row.expect[b] === 'allowed'),
      );
      for (const who of order) {
        const expected = row.expect[who];
        const before = await auditCount();
        const res = await inject(who, method, url, row.body, schemaOf);
        cells++;
        const got = answerOf(res.statusCode);
        if (got !== expected && !row.alsoAllowed?.includes(res.statusCode)) {
          wrong.push(`${who}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
          continue;
        }
        const records = (await auditCount()) - before;
        // Public routes refuse nobody; a 404 there says only that a file does not exist.
        const publicRow = row.expect.anonymous === 'allowed' || row.route === 'GET /assets/*';
        const refused = !publicRow && (got === 401 || got === 403 || got === 404);
        if (refused && records < 1) wrong.push(`${who}: refused (${res.statusCode}) without an audit record`);
        if (expected === 'allowed' && row.patientData && res.statusCode < 300 && records < 1)
          wrong.push(`${who}: patient data answered (${res.statusCode}) without an audit record`);
        const rule = row.fields?.[who];
        if (rule && expected === 'allowed') {
          const body = res.json() as unknown;
          for (const [k, v] of Object.entries(rule.equals ?? {}))
            if (JSON.stringify(at(body, k)) !== JSON.stringify(v))
              wrong.push(`${who}: ${k} is ${JSON.stringify(at(body, k))}, not ${JSON.stringify(v)}`);
          for (const k of rule.empty ?? [])
            if (!isEmpty(at(body, k))) wrong.push(`${who}: ${k} must be empty`);
          for (const k of rule.present ?? [])
            if (at(body, k) === undefined) wrong.push(`${who}: ${k} is missing`);
        }
      }
      expect(wrong, `${row.route} (${row.path})`).toEqual([]);
    });
  }
});
