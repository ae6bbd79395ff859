import { mkdtemp, mkdir, readFile, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toE164 } from '@loket/domain';
import { CatalogFileError, readCatalogDir } from './files.ts';
import { repoRoot } from '../testing/harness.ts';

const catalogDir = join(repoRoot, 'catalog');

async function copyCatalog(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loket-catalog-'));
  await cp(catalogDir, dir, { recursive: true });
  return dir;
}

describe('catalog files', () => {
  it('R-CAT-07: the shipped catalog validates', async () => {
    const c = await readCatalogDir(catalogDir);
    expect(c.departments.length).toBe(32);
  });

  it('R-CAT-07: a bad file is reported with the file, the path inside it, and what is wrong', async () => {
    const dir = await copyCatalog();
    const file = join(dir, 'departments', 'hematology.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('phone: "+31715263568"', 'phone: "call us"'));
    await writeFile(join(dir, 'departments', 'broken.yaml'), 'id: broken\nname: [unclosed\n');
    const error = await readCatalogDir(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CatalogFileError);
    const problems = (error as CatalogFileError).problems;
    expect(problems).toContainEqual(
      expect.objectContaining({ file: expect.stringMatching(/hematology\.yaml$/), path: 'contacts[1].phone', message: expect.stringMatching(/E\.164/) }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/broken\.yaml$/), message: expect.stringMatching(/not valid YAML/) }));
    expect((error as Error).message).toMatch(/hematology\.yaml: contacts\[1\]\.phone:/);
  });

  it('R-CAT-07: a department file must be named after its id', async () => {
    const dir = await copyCatalog();
    await mkdir(join(dir, 'departments'), { recursive: true });
    await writeFile(join(dir, 'departments', 'other.yaml'), 'id: something-else\nname:\n  en: X\n');
    await expect(readCatalogDir(dir)).rejects.toThrow(/other\.yaml: id: must match the file name/);
  });

  it('R-CAT-04: every phone and fax number in the catalog is printed on the source page (none invented)', async () => {
    const page = await readFile(join(repoRoot, '../shared/seeds/000_c2ef52435ed4464a.txt'), 'utf8');
    const onPage = new Set<string>();
    for (const m of page.matchAll(/(\+31\s?\(0\)\s?|\(0\d{2}\)\s?|0)[\d\s-]{7,16}\d/g)) {
      const e164 = toE164(m[0].replace(/^\((0\d{2})\)/, '$1'));
      if (e164) onPage.add(e164);
    }
    const c = await readCatalogDir(catalogDir);
    const inCatalog = new Set<string>([c.hospital.mainPhone]);
    for (const d of c.departments) {
      for (const x of d.contacts) {
        if (x.phone) inCatalog.add(x.phone);
        if (x.fax) inCatalog.add(x.fax);
      }
      if (d.outOfHours) inCatalog.add(d.outOfHours.phone);
    }
    const invented = [...inCatalog].filter((n) => !onPage.has(n));
    expect(invented).toEqual([]);
    expect(inCatalog.size).toBeGreaterThan(40);
  });
});
