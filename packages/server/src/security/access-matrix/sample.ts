/**
 * The smallest value a route's JSON schema accepts, so that a matrix request passes validation and reaches the
 * handler: a relationship refusal (404) is decided there, after the schema check (which would answer 400 first).
 * It covers the schema keywords the app's zod schemas produce; refinements that JSON schema cannot express
 * (the BSN 11-test, cross-field rules) are not met, which is fine: such routes create things and need no
 * relationship check.
 */
type Schema = Record<string, unknown>;

export function sample(schema: Schema | undefined): unknown {
  if (!schema || typeof schema !== 'object') return {};
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const k of ['anyOf', 'oneOf'] as const) {
    const options = schema[k] as Schema[] | undefined;
    // A nullable field: null is the smallest accepted value.
    if (options) return sample(options.find((o) => o.type === 'null') ?? options[0]);
  }
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...schema.allOf.map((s) => sample(s as Schema)));
  switch (schema.type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, unknown> = {};
      for (const key of (schema.required ?? []) as string[]) out[key] = sample(props[key]);
      return out;
    }
    case 'array':
      return Array.from({ length: Number(schema.minItems ?? 0) }, () => sample(schema.items as Schema));
    case 'integer':
    case 'number': {
      const min =
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Number(schema.exclusiveMinimum) + 1 : 1);
      return Number(min);
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return sampleString(schema);
    default:
      return {};
  }
}

function sampleString(schema: Schema): string {
  switch (schema.format) {
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    case 'date':
      return '2026-01-05';
    case 'date-time':
      return '2026-01-05T09:00:00.000Z';
    case 'email':
      return 'matrix@example.org';
    case 'time':
      return '09:00';
  }
  const min = Number(schema.minLength ?? 0);
  return 'x'.repeat(Math.max(min, 1));
}
