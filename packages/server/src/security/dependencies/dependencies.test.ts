import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditDependencies } from './audit-deps.ts';
import { parseNpmAudit } from './npm-audit.ts';
import { inSemverRange, matchAdvisories, type OsvAdvisory } from './osv.ts';
import { makeSbom, thirdPartyComponents, type CycloneDx } from './sbom.ts';

const advisory = (
  name: string,
  events: OsvAdvisory['affected'] extends (infer A)[] | undefined ? A : never,
): OsvAdvisory => ({
  id: `GHSA-test-${name}`,
  summary: 'test advisory',
  affected: [{ ...events, package: { ecosystem: 'npm', name } }],
});

describe('dependency audit', () => {
  let bom: CycloneDx;
  beforeAll(async () => {
    bom = await makeSbom();
  }, 60_000);

  it('OSV ranges: introduced/fixed/last_affected bound the affected versions', () => {
    const r = [{ introduced: '0' }, { fixed: '1.2.3' }];
    expect(inSemverRange('1.2.2', r)).toBe(true);
    expect(inSemverRange('1.2.3', r)).toBe(false);
    const two = [
      { introduced: '2.0.0' },
      { fixed: '2.1.0' },
      { introduced: '3.0.0' },
      { last_affected: '3.0.5' },
    ];
    expect(inSemverRange('1.9.9', two)).toBe(false);
    expect(inSemverRange('2.0.7', two)).toBe(true);
    expect(inSemverRange('2.1.0', two)).toBe(false);
    expect(inSemverRange('3.0.5', two)).toBe(true);
    expect(inSemverRange('3.0.6', two)).toBe(false);
  });

  it('OSV matching uses explicit versions, ignores withdrawn advisories and other ecosystems', () => {
    const comps = [
      { name: 'left-pad', version: '1.0.0' },
      { name: 'other', version: '9.9.9' },
    ];
    const listed = advisory('left-pad', { versions: ['1.0.0'] });
    const withdrawn = {
      ...advisory('other', { ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }),
      withdrawn: '2024-01-01',
    };
    const pypi: OsvAdvisory = {
      id: 'PYSEC-1',
      affected: [{ package: { ecosystem: 'PyPI', name: 'other' }, versions: ['9.9.9'] }],
    };
    const found = matchAdvisories(comps, [listed, withdrawn, pypi]);
    expect(found.map((f) => `${f.name}@${f.version} ${f.id}`)).toEqual(['left-pad@1.0.0 GHSA-test-left-pad']);
  });

  it('npm audit: a report is told apart from an unreachable endpoint by its JSON, not the exit code', () => {
    const report = parseNpmAudit(
      JSON.stringify({
        auditReportVersion: 2,
        vulnerabilities: {
          foo: { name: 'foo', severity: 'high', range: '<1.2.0', via: [{ url: 'https://x/GHSA-1' }] },
        },
        metadata: {
          vulnerabilities: { info: 0, low: 0, moderate: 0, high: 1, critical: 0, total: 1 },
          dependencies: { prod: 10 },
        },
      }),
    );
    expect(report.kind).toBe('report');
    if (report.kind === 'report')
      expect(report.vulnerable[0]).toMatchObject({ name: 'foo', severity: 'high' });
    const refused = parseNpmAudit(
      JSON.stringify({ message: '405 Method Not Allowed - POST …/advisories/bulk', statusCode: 405 }),
    );
    expect(refused).toEqual({
      kind: 'unreachable',
      reason: '405 Method Not Allowed - POST …/advisories/bulk',
    });
    expect(parseNpmAudit('npm ERR! network').kind).toBe('unreachable');
  });

  it('the SBOM is CycloneDX, names Loket and lists the production packages (not dev tools)', async () => {
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.metadata.component?.name).toBe('loket');
    const names = thirdPartyComponents(bom).map((c) => c.name);
    expect(names).toContain('fastify');
    expect(names).toContain('kysely');
    expect(names).not.toContain('vitest');
    expect(names).not.toContain('eslint');
  }, 30_000);

  it('offline fallback: an OSV export that names an installed version fails the audit; without one it says NOT CHECKED', async () => {
    const fastify = thirdPartyComponents(bom).find((c) => c.name === 'fastify')!;
    const dir = await mkdtemp(join(tmpdir(), 'loket-osv-'));
    try {
      await writeFile(
        join(dir, 'GHSA-test.json'),
        JSON.stringify({
          ...advisory('fastify', {
            ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '999.0.0' }] }],
          }),
          modified: '2026-01-01T00:00:00Z',
        }),
      );
      await writeFile(
        join(dir, 'GHSA-unrelated.json'),
        JSON.stringify(advisory('fastify', { versions: ['0.0.1'] })),
      );
      const unreachable = async () => ({ kind: 'unreachable' as const, reason: '405 Method Not Allowed' });
      const hit = await auditDependencies({ osvDir: dir, npmAudit: unreachable, sbom: bom });
      expect(hit.verdict.source).toBe('osv-dir');
      expect(hit.verdict.ok).toBe(false);
      expect(hit.verdict.findings).toEqual([
        `fastify@${fastify.version} GHSA-test-fastify [unknown] test advisory`,
      ]);
      expect(hit.npmAuditFailure).toBe('405 Method Not Allowed');

      const none = await auditDependencies({ npmAudit: unreachable });
      expect(none.verdict.source).toBe('none');
      expect(none.verdict.ok).toBeNull();
      expect(none.verdict.detail).toMatch(/^NOT CHECKED/);
      const written = JSON.parse(await readFile(none.sbomFile, 'utf8')) as { bomFormat: string };
      expect(written.bomFormat).toBe('CycloneDX');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
