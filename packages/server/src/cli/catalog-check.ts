import { resolve } from 'node:path';
import { CatalogFileError, readCatalogDir } from '../catalog/files.ts';

const dir = resolve(process.argv[2] ?? 'catalog');
try {
  const catalog = await readCatalogDir(dir);
  console.log(`catalog OK: ${catalog.departments.length} departments in ${dir}`);
} catch (e) {
  if (e instanceof CatalogFileError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
