import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runNpmAudit, type NpmAuditResult } from './npm-audit.ts';
import { loadOsvDir, matchAdvisories, type Finding } from './osv.ts';
import { repoRoot, thirdPartyComponents, writeSbom, type CycloneDx } from './sbom.ts';

/**
 * Known vulnerabilities in production dependencies. Sources, in order:
 *  1. `npm audit --omit=dev` (the registry's audit endpoint, backed by the GitHub Advisory Database);
 *  2. when that cannot be reached: an OSV export unpacked into LOKET_OSV_DIR (GitHub Advisory Database or
 *     osv.dev `npm/all.zip`), matched against the CycloneDX SBOM;
 *  3. when neither is available: the run says plainly that NOTHING was checked. It exits 0 then (so an
 *     offline CI still runs), or 2 with `--strict`.
 * Any known vulnerability exits 1. The source used is always printed and written to .tmp/security/audit-deps.json.
 *
 * Usage: npm run audit:deps [-- --strict]
 */

export type Verdict =
  | { source: 'npm-audit'; ok: boolean; detail: string; findings: string[] }
  | { source: 'osv-dir'; ok: boolean; detail: string; findings: string[] }
  | { source: 'none'; ok: null; detail: string; findings: string[] };

export function fromNpmAudit(r: Extract<NpmAuditResult, { kind: 'report' }>): Verdict {
  const c = r.counts;
  return {
    source: 'npm-audit',
    ok: c.total === 0,
    detail:
      `npm audit (registry audit endpoint, GitHub Advisory Database): ${r.dependencies} production dependencies, ` +
      `${c.total} vulnerable (critical ${c.critical}, high ${c.high}, moderate ${c.moderate}, low ${c.low}, info ${c.info})`,
    findings: r.vulnerable.map((v) => `${v.name} ${v.range} [${v.severity}] ${v.via.join(', ')}`),
  };
}

export function fromOsv(
  dir: string,
  advisories: number,
  newest: string | null,
  checked: number,
  f: Finding[],
): Verdict {
  return {
    source: 'osv-dir',
    ok: f.length === 0,
    detail:
      `OSV export in ${dir} (${advisories} advisories, newest modified ${newest ?? 'unknown'}): ` +
      `${checked} production packages checked, ${f.length} known vulnerabilities`,
    findings: f.map(
      (x) =>
        `${x.name}@${x.version} ${x.id}${x.aliases.length ? ` (${x.aliases.join(', ')})` : ''} [${x.severity}] ${x.summary}`,
    ),
  };
}

export async function auditDependencies(
  options: {
    root?: string;
    osvDir?: string | undefined;
    npmAudit?: () => Promise<NpmAuditResult>;
    /** An SBOM made already (tests); otherwise one is made and written. */
    sbom?: CycloneDx;
  } = {},
): Promise<{ verdict: Verdict; components: number; npmAuditFailure: string | null; sbomFile: string }> {
  const root = options.root ?? repoRoot;
  const sbomFile = join(root, '.tmp/sbom/loket.cdx.json');
  const bom = options.sbom ?? (await writeSbom(sbomFile, root));
  const components = thirdPartyComponents(bom);

  const npm = await (options.npmAudit ?? (() => runNpmAudit(root)))();
  if (npm.kind === 'report')
    return { verdict: fromNpmAudit(npm), components: components.length, npmAuditFailure: null, sbomFile };

  if (options.osvDir) {
    const dir = resolve(options.osvDir);
    const { advisories, newest } = await loadOsvDir(dir);
    const findings = matchAdvisories(components, advisories);
    return {
      verdict: fromOsv(dir, advisories.length, newest, components.length, findings),
      components: components.length,
      npmAuditFailure: npm.reason,
      sbomFile,
    };
  }
  return {
    verdict: {
      source: 'none',
      ok: null,
      detail:
        `NOT CHECKED: no advisory source was reachable. npm audit failed (${npm.reason}) and LOKET_OSV_DIR is not set. ` +
        `${components.length} production packages are listed in the SBOM but were NOT compared with any advisory database.`,
      findings: [],
    },
    components: components.length,
    npmAuditFailure: npm.reason,
    sbomFile,
  };
}

if (import.meta.main) {
  const strict = process.argv.includes('--strict');
  const started = Date.now();
  auditDependencies({ osvDir: process.env.LOKET_OSV_DIR }).then(
    async (r) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (r.npmAuditFailure) console.log(`npm audit could not be used: ${r.npmAuditFailure}`);
      console.log(`Source: ${r.verdict.source}`);
      console.log(r.verdict.detail);
      for (const f of r.verdict.findings) console.log(`  - ${f}`);
      console.log(`SBOM: ${r.sbomFile} (${r.components} third-party npm packages); ${seconds} s`);
      const reportDir = join(repoRoot, '.tmp/security');
      await mkdir(reportDir, { recursive: true });
      await writeFile(
        join(reportDir, 'audit-deps.json'),
        `${JSON.stringify({ at: new Date().toISOString(), ...r }, null, 2)}\n`,
      );
      if (r.verdict.ok === false) process.exit(1);
      if (r.verdict.ok === null) process.exit(strict ? 2 : 0);
    },
    (e: unknown) => {
      console.error(`Dependency audit failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
