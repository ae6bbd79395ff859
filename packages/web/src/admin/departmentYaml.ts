import { parse, stringify } from 'yaml';
import type { Department } from '@loket/domain';

export function departmentToYaml(d: Department): string {
  return stringify(d, { lineWidth: 0 });
}

export type YamlResult = { ok: true; value: Department } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const optObject = (v: unknown) => v === undefined || isObject(v);
const optArray = (v: unknown) => v === undefined || Array.isArray(v);

/**
 * Where the YAML has a shape the structured form cannot show (a list where a text belongs…), so the form is not
 * opened on it. Wrong values in the right shape are fine: the check before saving names them.
 */
function formShapeProblem(d: Record<string, unknown>): string | null {
  for (const key of ['name', 'summary', 'triage', 'afterReferral', 'outOfHours'] as const)
    if (!optObject(d[key])) return `${key}: must be a mapping`;
  if (isObject(d.outOfHours) && !optObject(d.outOfHours.text)) return 'outOfHours.text: must be a mapping';
  for (const key of ['contacts', 'letter', 'documents'] as const) {
    const list = d[key];
    if (!optArray(list)) return `${key}: must be a list`;
    const items = (list as unknown[] | undefined) ?? [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!isObject(item)) return `${key}[${i}]: must be a mapping`;
      for (const text of ['label', 'text', 'phoneNote', 'note', 'delivery'])
        if (!optObject(item[text])) return `${key}[${i}].${text}: must be a mapping`;
      if (key === 'contacts') {
        if (!optArray(item.purposes)) return `${key}[${i}].purposes: must be a list`;
        const hours = item.hours;
        if (hours !== undefined && typeof hours !== 'string') {
          if (!Array.isArray(hours)) return `${key}[${i}].hours: must be a list or "office-hours" / "always"`;
          for (let j = 0; j < hours.length; j++) {
            const slot: unknown = hours[j];
            if (!isObject(slot) || !optArray(slot.days))
              return `${key}[${i}].hours[${j}]: must be a mapping with a list of days`;
          }
        }
      }
    }
  }
  return null;
}

/** Reads the YAML tab; `forForm` also refuses shapes the structured form cannot show. */
export function departmentFromYaml(text: string, forForm: boolean): YamlResult {
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  if (!isObject(value))
    return { ok: false, message: '(top level): must be a mapping with the department fields' };
  if (forForm) {
    const problem = formShapeProblem(value);
    if (problem) return { ok: false, message: problem };
  }
  const d = value as unknown as Department;
  return {
    ok: true,
    value: { ...d, contacts: d.contacts ?? [], letter: d.letter ?? [], documents: d.documents ?? [] },
  };
}
