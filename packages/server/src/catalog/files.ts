import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse, stringify, YAMLParseError } from 'yaml';
import {
  catalogProblems,
  validateDepartment,
  validateHospital,
  type Catalog,
  type Department,
  type Hospital,
} from '@loket/domain';

/**
 * The catalog's file format: `hospital.yaml` and one YAML file per department under `departments/`.
 * A bad file is reported with the file, the path inside it, and what is wrong.
 */
export interface FileProblem {
  file: string;
  path: string;
  message: string;
}

export class CatalogFileError extends Error {
  readonly problems: FileProblem[];
  constructor(problems: FileProblem[]) {
    super(
      `The catalog has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.file}: ${p.path}: ${p.message}`).join('\n'),
    );
    this.name = 'CatalogFileError';
    this.problems = problems;
  }
}

export type ParsedDocument<T> = { ok: true; value: T } | { ok: false; problems: FileProblem[] };

export function parseYaml(text: string, file: string): ParsedDocument<unknown> {
  try {
    return { ok: true, value: parse(text, { prettyErrors: true }) };
  } catch (e) {
    // The parser reports very deep nesting with the engine's own stack message; say what it means instead.
    const message = (e instanceof YAMLParseError ? e.message.split('\n')[0]! : String(e)).replace(
      /(?:RangeError: )?Maximum call stack size exceeded/,
      'nested too deeply',
    );
    const line = e instanceof YAMLParseError && e.linePos ? `line ${e.linePos[0].line}` : '(file)';
    return { ok: false, problems: [{ file, path: line, message: `not valid YAML: ${message}` }] };
  }
}

export function parseDepartmentYaml(text: string, file: string): ParsedDocument<Department> {
  const raw = parseYaml(text, file);
  if (!raw.ok) return raw;
  const v = validateDepartment(raw.value);
  return v.ok ? v : { ok: false, problems: v.problems.map((p) => ({ file, ...p })) };
}

export function parseHospitalYaml(text: string, file: string): ParsedDocument<Hospital> {
  const raw = parseYaml(text, file);
  if (!raw.ok) return raw;
  const v = validateHospital(raw.value);
  return v.ok ? v : { ok: false, problems: v.problems.map((p) => ({ file, ...p })) };
}

export async function readCatalogDir(dir: string): Promise<Catalog> {
  const problems: FileProblem[] = [];
  const show = (f: string) => relative(process.cwd(), f) || f;
  const hospitalFile = join(dir, 'hospital.yaml');
  let hospital: Hospital | undefined;
  try {
    const h = parseHospitalYaml(await readFile(hospitalFile, 'utf8'), show(hospitalFile));
    if (h.ok) hospital = h.value;
    else problems.push(...h.problems);
  } catch (e) {
    problems.push({ file: show(hospitalFile), path: '(file)', message: `cannot be read: ${(e as Error).message}` });
  }
  const departmentsDir = join(dir, 'departments');
  const departments: Department[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(departmentsDir)).filter((n) => n.endsWith('.yaml')).sort();
  } catch (e) {
    problems.push({ file: show(departmentsDir), path: '(folder)', message: `cannot be read: ${(e as Error).message}` });
  }
  for (const name of names) {
    const file = join(departmentsDir, name);
    const d = parseDepartmentYaml(await readFile(file, 'utf8'), show(file));
    if (!d.ok) {
      problems.push(...d.problems);
      continue;
    }
    if (`${d.value.id}.yaml` !== name)
      problems.push({ file: show(file), path: 'id', message: `must match the file name ("${name.replace(/\.yaml$/, '')}")` });
    departments.push(d.value);
  }
  if (hospital) {
    for (const p of catalogProblems({ hospital, departments })) problems.push({ file: show(departmentsDir), ...p });
  }
  if (problems.length > 0 || !hospital) throw new CatalogFileError(problems);
  return { hospital, departments };
}

export function departmentToYaml(d: Department): string {
  return stringify(d, { lineWidth: 0 });
}

export function hospitalToYaml(h: Hospital): string {
  return stringify(h, { lineWidth: 0 });
}

export async function writeCatalogDir(dir: string, catalog: Catalog): Promise<void> {
  await mkdir(join(dir, 'departments'), { recursive: true });
  await writeFile(join(dir, 'hospital.yaml'), hospitalToYaml(catalog.hospital));
  for (const d of catalog.departments) await writeFile(join(dir, 'departments', `${d.id}.yaml`), departmentToYaml(d));
}
