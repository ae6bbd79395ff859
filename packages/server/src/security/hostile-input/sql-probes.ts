import fc from 'fast-check';
import { PUBLIC_URL } from '../../testing/harness.ts';
import { fhirSearchParameters, fhirTypes, tableFor, type Desk, type Operation } from './desk.ts';
import { encodeSegment, type HostileRequest } from './requests.ts';
import { valid, type JsonSchema } from './schema-arbitrary.ts';

/**
 * SQL injection probes on every parameter of every route: a path, query or header parameter, or a text field of
 * the body (to two levels deep), each replaced in an otherwise valid request. Each site also gets a harmless
 * value of the same shape; a probe may not return more rows than that value does.
 */
export interface ProbeSite {
  op: Operation;
  /** e.g. "path:id", "query:q", "body:patient.familyName" */
  site: string;
  /** The request with the parameter set to `value`. */
  build(value: string): HostileRequest;
}

function sample<T>(arb: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arb, { numRuns: 1, seed })[0]!;
}

function bodyLeaves(schema: JsonSchema | undefined, prefix: string[] = [], depth = 0): string[][] {
  if (!schema || depth > 2) return [];
  const out: string[][] = [];
  for (const [key, s] of Object.entries(schema.properties ?? {})) {
    const variants = [s, ...(s.anyOf ?? [])];
    if (variants.some((v) => v.type === 'string' && !v.enum && !v.format)) out.push([...prefix, key]);
    const nested = variants.find((v) => v.type === 'object' || v.properties);
    if (nested) out.push(...bodyLeaves(nested, [...prefix, key], depth + 1));
  }
  return out;
}

function setIn(target: unknown, path: string[], value: string): unknown {
  const root = (target && typeof target === 'object' ? structuredClone(target) : {}) as Record<
    string,
    unknown
  >;
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
  return root;
}

export function probeSites(desk: Desk, seed: number): ProbeSite[] {
  const sites: ProbeSite[] = [];
  for (const op of desk.operations) {
    const through = desk.allowed.get(`${op.method} ${op.path}`) ?? [];
    const cookie = desk.cookies.get(through[0] ?? '') ?? '';
    const pathValues: Record<string, string> = {};
    for (const p of op.parameters.filter((x) => x.in === 'path')) {
      const table = tableFor(op.path, p.name);
      const known = table ? desk.ids.get(table) : undefined;
      pathValues[p.name] =
        p.name === 'type' && op.path.startsWith('/fhir/')
          ? fhirTypes[6]!
          : p.schema.enum
            ? String(p.schema.enum[0])
            : (known?.[0] ?? String(sample(valid(p.schema), seed)));
    }
    const queryParams = [
      ...op.parameters.filter((p) => p.in === 'query'),
      ...(op.path === '/fhir/R4/{type}' && op.method === 'GET' ? fhirSearchParameters : []),
    ];
    const queryValues: Record<string, string> = {};
    for (const p of queryParams.filter((x) => x.required))
      queryValues[p.name] = String(sample(valid(p.schema), seed));
    const body = op.body && (op.bodyType ?? '').includes('json') ? sample(valid(op.body), seed) : undefined;

    const build = (over: {
      path?: [string, string];
      query?: [string, string];
      header?: [string, string];
      body?: unknown;
    }): HostileRequest => {
      const pv = { ...pathValues, ...(over.path ? { [over.path[0]]: over.path[1] } : {}) };
      const qv = { ...queryValues, ...(over.query ? { [over.query[0]]: over.query[1] } : {}) };
      const url = op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeSegment(pv[n] ?? 'x'));
      const qs = Object.entries(qv)
        .map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`)
        .join('&');
      const headers: Record<string, string> = { origin: PUBLIC_URL, 'accept-language': 'en' };
      if (cookie) headers.cookie = cookie;
      if (over.header) headers[over.header[0]] = over.header[1];
      const b = over.body ?? body;
      if (b !== undefined) headers['content-type'] = op.bodyType ?? 'application/json';
      const sent = [...Object.values(pv), ...Object.values(qv), ...(over.header ? [over.header[1]] : [])];
      return {
        method: op.method,
        url: qs ? `${url}?${qs}` : url,
        headers,
        ...(b !== undefined ? { payload: JSON.stringify(b) } : {}),
        sent,
      };
    };

    for (const p of op.parameters.filter((x) => x.in === 'path'))
      sites.push({ op, site: `path:${p.name}`, build: (v) => build({ path: [p.name, v] }) });
    for (const p of queryParams)
      sites.push({ op, site: `query:${p.name}`, build: (v) => build({ query: [p.name, v] }) });
    for (const p of op.parameters.filter((x) => x.in === 'header'))
      sites.push({ op, site: `header:${p.name}`, build: (v) => build({ header: [p.name, v] }) });
    for (const leaf of bodyLeaves(op.body)) {
      sites.push({
        op,
        site: `body:${leaf.join('.')}`,
        build: (v) => {
          const r = build({ body: setIn(body, leaf, v) });
          r.sent.push(v);
          return r;
        },
      });
    }
  }
  return sites;
}

/** Rows in an answer: the length of a list answer, or of every list in an object answer. */
export function rowsIn(json: unknown): number {
  if (Array.isArray(json)) return json.length;
  if (json && typeof json === 'object') {
    let n = 0;
    for (const v of Object.values(json)) if (Array.isArray(v)) n += v.length;
    const total = (json as { total?: unknown }).total;
    return typeof total === 'number' ? Math.max(n, total) : n;
  }
  return 0;
}
