import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';

/**
 * Matching installed npm packages against advisories in the OSV format (https://ossf.github.io/osv-schema/),
 * the format of the GitHub Advisory Database export and of osv.dev's `npm/all.zip`. This is the fallback when
 * the registry's audit endpoint cannot be reached: an operator unpacks a recent export into a folder and
 * points LOKET_OSV_DIR at it.
 */

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvAdvisory {
  id: string;
  aliases?: string[];
  summary?: string;
  modified?: string;
  withdrawn?: string;
  database_specific?: { severity?: string };
  affected?: {
    package?: { ecosystem?: string; name?: string };
    ranges?: { type: string; events: OsvEvent[] }[];
    versions?: string[];
  }[];
}

export interface Component {
  name: string;
  version: string;
}

export interface Finding {
  name: string;
  version: string;
  id: string;
  aliases: string[];
  severity: string;
  summary: string;
}

/**
 * Whether a version falls inside one SEMVER range. OSV events are walked in version order: `introduced`
 * opens the range, `fixed` and `limit` close it before that version, `last_affected` closes it after it.
 */
export function inSemverRange(version: string, events: OsvEvent[]): boolean {
  const v = semver.parse(version);
  if (!v) return false;
  const at = (e: OsvEvent): string => e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '0';
  // Where the version stands against an event's version; everything is at or after "0".
  const cmp = (a: string) => (a === '0' ? 1 : semver.compare(v, a));
  const sorted = [...events]
    .filter((e) => at(e) === '0' || semver.valid(at(e)))
    .sort((a, b) => {
      const x = at(a);
      const y = at(b);
      if (x === y) return 0;
      if (x === '0') return -1;
      if (y === '0') return 1;
      return semver.compare(x, y);
    });
  let affected = false;
  for (const e of sorted) {
    if (e.introduced !== undefined && cmp(e.introduced) >= 0) affected = true;
    else if (e.fixed !== undefined && cmp(e.fixed) >= 0) affected = false;
    else if (e.limit !== undefined && cmp(e.limit) >= 0) affected = false;
    else if (e.last_affected !== undefined && cmp(e.last_affected) > 0) affected = false;
  }
  return affected;
}

/** Every advisory that affects a component; withdrawn advisories and other ecosystems are ignored. */
export function matchAdvisories(components: Component[], advisories: OsvAdvisory[]): Finding[] {
  const byName = new Map<string, OsvAdvisory[]>();
  for (const a of advisories) {
    if (a.withdrawn) continue;
    for (const aff of a.affected ?? []) {
      if (aff.package?.ecosystem !== 'npm' || !aff.package.name) continue;
      const list = byName.get(aff.package.name) ?? [];
      if (!list.includes(a)) list.push(a);
      byName.set(aff.package.name, list);
    }
  }
  const findings: Finding[] = [];
  for (const c of components) {
    for (const a of byName.get(c.name) ?? []) {
      const hit = (a.affected ?? []).some(
        (aff) =>
          aff.package?.ecosystem === 'npm' &&
          aff.package.name === c.name &&
          ((aff.versions ?? []).includes(c.version) ||
            (aff.ranges ?? []).some((r) => r.type === 'SEMVER' && inSemverRange(c.version, r.events))),
      );
      if (hit)
        findings.push({
          name: c.name,
          version: c.version,
          id: a.id,
          aliases: a.aliases ?? [],
          severity: a.database_specific?.severity?.toLowerCase() ?? 'unknown',
          summary: a.summary ?? '',
        });
    }
  }
  return findings;
}

/** Reads every `*.json` OSV record under a folder (recursively), as unpacked from an export. */
export async function loadOsvDir(dir: string): Promise<{ advisories: OsvAdvisory[]; newest: string | null }> {
  const advisories: OsvAdvisory[] = [];
  let newest: string | null = null;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith('.json')) continue;
    const parsed = JSON.parse(await readFile(join(e.parentPath, e.name), 'utf8')) as
      OsvAdvisory | OsvAdvisory[];
    for (const a of Array.isArray(parsed) ? parsed : [parsed]) {
      if (typeof a?.id !== 'string') continue;
      advisories.push(a);
      if (a.modified && (!newest || a.modified > newest)) newest = a.modified;
    }
  }
  return { advisories, newest };
}
