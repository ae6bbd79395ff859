import type { z } from 'zod';
import { DepartmentSchema, HospitalSchema, type Catalog, type Department, type Hospital } from './schema.ts';

export interface ValidationProblem {
  /** Where inside the document, as `contacts[2].phone`. */
  path: string;
  message: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

export function problemsOf(error: z.ZodError): ValidationProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: ValidationProblem[] };

export function validateDepartment(raw: unknown): Validated<Department> {
  const result = DepartmentSchema.safeParse(raw);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: problemsOf(result.error) };
}

export function validateHospital(raw: unknown): Validated<Hospital> {
  const result = HospitalSchema.safeParse(raw);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: problemsOf(result.error) };
}

/** Checks that hold across departments: ids are unique. */
export function catalogProblems(catalog: Catalog): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const seen = new Set<string>();
  catalog.departments.forEach((d, i) => {
    if (seen.has(d.id)) problems.push({ path: `departments[${i}].id`, message: `duplicate department id "${d.id}"` });
    seen.add(d.id);
  });
  return problems;
}

/** Deep equality of JSON-like values, ignoring object key order (a database may reorder keys). */
export function canonicalEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => canonicalEqual(x, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => canonicalEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
