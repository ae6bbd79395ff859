import fc from 'fast-check';
import { PUBLIC_URL } from '../../testing/harness.ts';
import {
  fhirSearchParameters,
  fhirTypes,
  tableFor,
  type Desk,
  type Operation,
  type Parameter,
} from './desk.ts';
import { anyJson, hostileString, prototypeKeys, sqlProbes } from './hostile-values.ts';
import { hostile, valid, type JsonSchema } from './schema-arbitrary.ts';

/** One generated HTTP request, with every string it carries so echoes are not mistaken for leaks. */
export interface HostileRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  sent: string[];
}

/** Percent-encodes, also strings with lone surrogates (which encodeURIComponent refuses) as invalid UTF-8. */
export function encodeSegment(value: string): string {
  if (value.isWellFormed()) return encodeURIComponent(value);
  return Array.from(value, (ch) => {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff)
      return `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`;
    return encodeURIComponent(ch);
  }).join('');
}

/** Header values must be latin-1 without controls or the client library itself refuses them. */
function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 8_000);
}

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function stringsIn(v: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 20) return out;
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsIn(x, out, depth + 1);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      stringsIn(x, out, depth + 1);
    }
  else if (v !== undefined && v !== null) out.push(String(v));
  return out;
}

/**
 * No real request carries a URL longer than Node's 16 KiB header limit (it answers 431 before Loket sees it); only
 * the test's inject path could. A URL value is cut just past that, which reaches the same refusals as the 2 MB
 * oversized value bodies get, without spending the run encoding and parsing megabyte URLs.
 */
const MAX_URL_VALUE = 17 * 1024;
const urlSized = (v: string) => (v.length > MAX_URL_VALUE ? v.slice(0, MAX_URL_VALUE) : v);

function pathValue(op: Operation, p: Parameter, desk: Desk): fc.Arbitrary<string> {
  const known: string[] = [];
  const table = tableFor(op.path, p.name);
  if (table) known.push(...(desk.ids.get(table) ?? []));
  const choices: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [
    { weight: 3, arbitrary: valid(p.schema).map(asText).map(urlSized) },
    { weight: 3, arbitrary: hostile(p.schema).map(asText).map(urlSized) },
  ];
  if (p.name === 'type' && op.path.startsWith('/fhir/'))
    choices.push({ weight: 8, arbitrary: fc.constantFrom(...fhirTypes) });
  if (known.length) choices.push({ weight: 8, arbitrary: fc.constantFrom(...known) });
  return fc.oneof(...choices);
}

function queryValue(p: Parameter): fc.Arbitrary<string | string[] | undefined> {
  return fc.oneof(
    { weight: 3, arbitrary: valid(p.schema).map(asText).map(urlSized) },
    { weight: 3, arbitrary: hostile(p.schema).map(asText).map(urlSized) },
    { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }) },
    { weight: p.required ? 1 : 3, arbitrary: fc.constant(undefined) },
  );
}

const rawBodies = fc.constantFrom(
  '',
  '{',
  '{"a":',
  '[',
  'null',
  '"x"',
  '0',
  '[]',
  'true',
  '\u0000',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":1,"a":2}',
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  '\uFEFF{}',
  '{"x":"\\ud800"}',
  '{"x":1e999}',
);

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/fhir+json',
  'text/yaml',
  '*/*',
  'application/json, text/html',
);

interface Body {
  payload?: string;
  contentType?: string;
  sent: unknown;
}

function bodyArbitrary(op: Operation): fc.Arbitrary<Body> {
  const declared = op.bodyType ?? 'application/json';
  const json = (a: fc.Arbitrary<unknown>) =>
    a.map((v) => ({
      payload: v === undefined ? undefined : JSON.stringify(v),
      contentType: declared,
      sent: v,
    }));
  const choices: { weight: number; arbitrary: fc.Arbitrary<Body> }[] = [
    { weight: 1, arbitrary: rawBodies.map((raw) => ({ payload: raw, contentType: declared, sent: raw })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(rawBodies, contentTypes)
        .map(([raw, contentType]) => ({ payload: raw, contentType, sent: raw })),
    },
  ];
  if (op.body) {
    const schema: JsonSchema = declared.includes('json') ? op.body : { type: 'string', maxLength: 5_000 };
    choices.push(
      { weight: 4, arbitrary: json(valid(schema)) },
      { weight: 6, arbitrary: json(hostile(schema)) },
    );
  } else {
    choices.push(
      { weight: 2, arbitrary: fc.constant<Body>({ sent: undefined }) },
      { weight: 1, arbitrary: json(anyJson) },
    );
  }
  return fc.oneof(...choices);
}

/** Requests for one route: mostly as an account the access check lets through, so they reach the handler. */
export function requestsFor(op: Operation, desk: Desk): fc.Arbitrary<HostileRequest> {
  const through = desk.allowed.get(`${op.method} ${op.path}`) ?? [];
  const everyone = [...desk.cookies.keys()];
  const who = through.length
    ? fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...through) },
        { weight: 1, arbitrary: fc.constantFrom(...everyone) },
      )
    : fc.constantFrom(...everyone);

  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = [
    ...op.parameters.filter((p) => p.in === 'query'),
    ...(op.path.startsWith('/fhir/R4/{type}') && op.method === 'GET' ? fhirSearchParameters : []),
  ];
  const headerParams = op.parameters.filter((p) => p.in === 'header');

  const path = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathValue(op, p, desk)])));
  const query = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, queryValue(p)])));
  const extraQuery = fc.oneof(
    { weight: 4, arbitrary: fc.constant<[string, string][]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(...prototypeKeys, '__proto__[x]', 'constructor[prototype][x]', 'a[]'),
            hostileString,
          ),
          fc.oneof(hostileString, fc.constantFrom(...sqlProbes)),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    },
  );
  const headerValues = fc.record(
    Object.fromEntries(
      headerParams.map((p) => [
        p.name,
        fc.oneof(
          fc.uuid(),
          hostileString.map(headerSafe),
          fc.constant('k'.repeat(5_000)),
          fc.constant(undefined),
        ),
      ]),
    ),
  );
  const language = fc.constantFrom('nl', 'en', 'en-GB,en;q=0.9', '*', 'xx', "'; DROP TABLE x;--", '');

  return fc
    .record({
      who,
      path,
      query,
      extraQuery,
      headerValues,
      language,
      body:
        op.method === 'GET' || op.method === 'DELETE'
          ? fc.constant<Body>({ sent: undefined })
          : bodyArbitrary(op),
    })
    .map(({ who, path: pv, query: qv, extraQuery: xq, headerValues: hv, language: lang, body }) => {
      const sent: string[] = [];
      const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const v = String(pv[name] ?? '');
        sent.push(v);
        return encodeSegment(v);
      });
      const pairs: string[] = [];
      for (const [k, v] of Object.entries(qv)) {
        if (v === undefined) continue;
        for (const one of Array.isArray(v) ? v : [v]) {
          sent.push(one);
          pairs.push(`${encodeSegment(k)}=${encodeSegment(one)}`);
        }
      }
      for (const [k, v] of xq) {
        sent.push(k, v);
        pairs.push(`${encodeSegment(k)}=${encodeSegment(v)}`);
      }
      const headers: Record<string, string> = { origin: PUBLIC_URL };
      const cookie = desk.cookies.get(who) ?? '';
      if (cookie) headers.cookie = cookie;
      if (lang) headers['accept-language'] = lang;
      for (const [k, v] of Object.entries(hv)) {
        if (typeof v === 'string') {
          headers[k] = v;
          sent.push(v);
        }
      }
      if (body.contentType && body.payload !== undefined) headers['content-type'] = body.contentType;
      stringsIn(body.sent, sent);
      return {
        method: op.method,
        url: pairs.length ? `${url}?${pairs.join('&')}` : url,
        headers,
        ...(body.payload !== undefined ? { payload: body.payload } : {}),
        sent,
      };
    });
}

/** A short, safe description of a request for a failure message (no cookies; long strings cut). */
export function describeRequest(r: HostileRequest): string {
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}... (${s.length} chars)` : s);
  const { cookie: _cookie, ...headers } = r.headers;
  return `${r.method} ${cut(r.url)} headers=${cut(JSON.stringify(headers))} body=${cut(r.payload ?? '')}`;
}
