import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Component } from './osv.ts';

/**
 * A CycloneDX software bill of materials of what runs in production (npm's own `npm sbom`, which works
 * offline from the lockfile and node_modules). Usage: `npm run sbom [-- <file>]`, default `.tmp/sbom/loket.cdx.json`.
 */

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');

export interface CycloneDx {
  bomFormat: string;
  specVersion: string;
  serialNumber?: string;
  metadata: { timestamp?: string; component?: { name: string; version?: string; type?: string } };
  components: (Component & { purl?: string; scope?: string; type?: string })[];
}

export async function makeSbom(root = repoRoot): Promise<CycloneDx> {
  const { stdout } = await promisify(execFile)(
    'npm',
    ['sbom', '--omit', 'dev', '--sbom-format', 'cyclonedx', '--sbom-type', 'application'],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  const bom = JSON.parse(stdout) as CycloneDx;
  if (bom.bomFormat !== 'CycloneDX' || !Array.isArray(bom.components))
    throw new Error('npm sbom did not produce a CycloneDX document');
  // npm names the root after the folder it was run in; the product is what package.json says.
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  bom.metadata.component = {
    ...bom.metadata.component,
    type: 'application',
    name: pkg.name,
    version: pkg.version,
  };
  return bom;
}

/** Installed npm packages in the SBOM (workspace packages of Loket itself are not third-party code). */
export function thirdPartyComponents(bom: CycloneDx): Component[] {
  return bom.components
    .filter((c) => c.purl?.startsWith('pkg:npm/') && !c.name.startsWith('@loket/'))
    .map((c) => ({ name: c.name, version: c.version }));
}

export async function writeSbom(file: string, root = repoRoot): Promise<CycloneDx> {
  const bom = await makeSbom(root);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(bom, null, 2)}\n`);
  return bom;
}

if (import.meta.main) {
  const file = resolve(process.argv[2] ?? join(repoRoot, '.tmp/sbom/loket.cdx.json'));
  writeSbom(file).then(
    (bom) => {
      console.log(
        `SBOM (CycloneDX ${bom.specVersion}) of ${bom.metadata.component?.name} ${bom.metadata.component?.version}: ` +
          `${bom.components.length} components, ${thirdPartyComponents(bom).length} third-party npm packages -> ${file}`,
      );
    },
    (e: unknown) => {
      console.error(`SBOM failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
