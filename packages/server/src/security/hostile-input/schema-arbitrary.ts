import fc from 'fast-check';
import {
  anyJson,
  hostileString,
  oddNumbers,
  oddUnicode,
  prototypeKeys,
  withPrototypeKey,
} from './hostile-values.ts';

/**
 * fast-check arbitraries from the JSON Schemas the routes publish in /openapi.json (generated from the same zod
 * schemas the server validates with). `valid` stays inside the schema so requests reach the handlers; `hostile`
 * starts from a valid value and breaks one thing: a boundary, a type, a size, a key, an encoding.
 */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

/** Larger than any field limit and than the 2 MB body limit, made once. */
const OVERSIZED = 'A'.repeat(2 * 1024 * 1024 + 1);

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') ?? 'null';
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 60, min + 60);
  switch (schema.format) {
    case 'uuid':
      return fc.uuid({ version: 4 });
    case 'date':
      return isoDate.map((s) => s.slice(0, 10));
    case 'date-time':
      return isoDate;
    case 'email':
      return fc.constantFrom('a@example.nl', 'x.y+z@test.loket.nl', "o'brien@voorbeeld.nl");
  }
  if (schema.pattern) {
    try {
      const re = new RegExp(schema.pattern);
      return fc
        .stringMatching(re)
        .filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
    } catch {
      /* a pattern JavaScript cannot read: fall through to plain text */
    }
  }
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: max }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: max }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...oddUnicode)
        .filter((s) => s.length >= min && s.length <= (schema.maxLength ?? 1e9)),
    },
  );
}

function numberBounds(schema: JsonSchema, integer: boolean): { min: number; max: number } {
  const step = integer ? 1 : Number.EPSILON;
  const min =
    schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + step : (schema.minimum ?? -1_000_000);
  const max =
    schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - step : (schema.maximum ?? 1_000_000);
  return { min: Math.max(min, -Number.MAX_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) };
}

export function valid(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || Object.keys(schema).length === 0) return depth > 3 ? fc.string() : anyJson;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((c) => valid(c, depth)));
  if (schema.allOf?.length) return valid(schema.allOf[0], depth);
  switch (typeOf(schema)) {
    case 'string':
      return validString(schema);
    case 'integer': {
      const { min, max } = numberBounds(schema, true);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    case 'number': {
      const { min, max } = numberBounds(schema, false);
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valid(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, (schema.minItems ?? 0) + 3),
      });
    case 'object':
      return validObject(schema, depth);
    default:
      return anyJson;
  }
}

function validObject(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  if (Object.keys(props).length === 0 && schema.propertyNames?.enum) {
    // A record keyed by an enum (e.g. letter sections): some of the keys, each with a valid value.
    const valueSchema =
      typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    return fc.dictionary(
      fc.constantFrom(...(schema.propertyNames.enum as string[])),
      valid(valueSchema, depth + 1),
      {
        maxKeys: 4,
      },
    );
  }
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) model[k] = valid(v, depth + 1);
  return fc.record(model, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
}

/** Values at and just past each limit the schema states. */
export function boundary(schema: JsonSchema): fc.Arbitrary<unknown> {
  const out: unknown[] = [];
  const t = typeOf(schema);
  if (t === 'string' || schema.format) {
    if (schema.maxLength !== undefined)
      out.push('x'.repeat(schema.maxLength), 'x'.repeat(schema.maxLength + 1));
    if (schema.maxLength !== undefined) out.push('é'.repeat(schema.maxLength), '👩‍⚕️'.repeat(schema.maxLength));
    if (schema.minLength) out.push('x'.repeat(schema.minLength - 1));
    out.push('', ' '.repeat(100), '0', 'x'.repeat(10_000));
    if (schema.format === 'uuid')
      out.push('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-fffffffffff');
    if (schema.format === 'date') out.push('0000-00-00', '2026-02-29', '9999-12-31', '2026-13-01', '1-1-1');
  }
  if (t === 'integer' || t === 'number') {
    for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
      const b = schema[key];
      if (b !== undefined) out.push(b, b - 1, b + 1, b + 0.5);
    }
    out.push(...oddNumbers);
  }
  if (t === 'array') {
    const n = (schema.maxItems ?? 50) + 1;
    out.push(
      Array.from({ length: n }, () => 'x'),
      [],
      Array.from({ length: 10_000 }, () => 0),
    );
  }
  if (schema.enum) out.push(...schema.enum.map((e) => (typeof e === 'string' ? e.toUpperCase() + ' ' : e)));
  if (out.length === 0) out.push(null, '', 0);
  return fc.constantFrom(...out);
}

/** A value of another type than the schema wants. */
export function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const t = typeOf(schema);
  const others: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.constant([]),
    fc.constant({}),
    fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
    fc.constant({ $gt: '' }),
    fc.constant({ toString: 'x', valueOf: 1 }),
  ];
  if (t !== 'string') others.push(hostileString);
  return fc.oneof(...others);
}

/** Starts valid, then breaks one thing. */
export function hostile(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = schema ?? {};
  const variants: { weight: number; arbitrary: fc.Arbitrary<unknown> }[] = [
    { weight: 3, arbitrary: boundary(s) },
    { weight: 2, arbitrary: wrongType(s) },
    { weight: 3, arbitrary: hostileString },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.constant(OVERSIZED) },
  ];
  const t = typeOf(s);
  const props = s.properties ?? {};
  const keys = Object.keys(props);
  if (t === 'object' && depth < 4) {
    const base = valid(s, depth);
    if (keys.length > 0) {
      // One property replaced by a hostile value of its own kind.
      variants.push({
        weight: 8,
        arbitrary: fc
          .tuple(base, fc.constantFrom(...keys))
          .chain(([obj, key]) =>
            hostile(props[key], depth + 1).map((v) => ({ ...(obj as object), [key]: v })),
          ),
      });
      // A required key missing.
      if (s.required?.length)
        variants.push({
          weight: 1,
          arbitrary: fc.tuple(base, fc.constantFrom(...s.required)).map(([obj, key]) => {
            const copy = { ...(obj as Record<string, unknown>) };
            delete copy[key];
            return copy;
          }),
        });
    }
    // Prototype-poisoning keys, at the top and one level down.
    variants.push({
      weight: 3,
      arbitrary: fc
        .tuple(base, fc.constantFrom(...prototypeKeys), anyJson)
        .map(([obj, key, value]) => withPrototypeKey(obj, key, value)),
    });
    variants.push({
      weight: 1,
      arbitrary: fc
        .tuple(base, fc.constantFrom(...prototypeKeys))
        .map(([obj, key]) =>
          withPrototypeKey(obj, key, { polluted: true, isAdmin: true, roles: ['administrator'] }),
        ),
    });
    // Keys the schema does not know, including ones that look like fields a role may not set.
    variants.push({
      weight: 2,
      arbitrary: fc
        .tuple(
          base,
          fc.constantFrom('status', 'state', 'ownerId', 'organisationId', 'roles', 'id', 'createdAt', 'x'),
          anyJson,
        )
        .map(([obj, key, value]) => ({ ...(obj as object), [key]: value })),
    });
    // Deep nesting that recursive code chokes on.
    variants.push({
      weight: 1,
      arbitrary: fc.integer({ min: 50, max: 400 }).map((n) => {
        let v: unknown = 'x';
        for (let i = 0; i < n; i++) v = { a: v };
        return v;
      }),
    });
  }
  if (t === 'array' && depth < 4 && s.items) {
    variants.push({
      weight: 4,
      arbitrary: fc.array(hostile(s.items, depth + 1), { minLength: 1, maxLength: 3 }),
    });
  }
  if (t === 'string') {
    // A valid value with odd unicode around it.
    variants.push({
      weight: 3,
      arbitrary: fc
        .tuple(validString(s), fc.constantFrom(...oddUnicode))
        .map(([v, odd]) => `${odd}${v}${odd}`),
    });
  }
  return fc.oneof(...variants);
}
