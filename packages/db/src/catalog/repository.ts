import type { Kysely, Transaction } from 'kysely';
import type { CatalogChangeTable, Database } from '../schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface StoredDepartment {
  id: string;
  doc: unknown;
  version: number;
  position: number;
  updated_at: Date;
  updated_by: string | null;
}

export interface StoredHospital {
  doc: unknown;
  version: number;
  updated_at: Date;
  updated_by: string | null;
}

export async function readHospital(db: Executor): Promise<StoredHospital | undefined> {
  return db
    .selectFrom('catalog_hospital')
    .select(['doc', 'version', 'updated_at', 'updated_by'])
    .where('id', '=', 1)
    .executeTakeFirst();
}

export async function readDepartments(db: Executor): Promise<StoredDepartment[]> {
  return db.selectFrom('catalog_department').selectAll().orderBy('position').orderBy('id').execute();
}

export async function readDepartment(db: Executor, id: string): Promise<StoredDepartment | undefined> {
  return db.selectFrom('catalog_department').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A fingerprint that changes with every catalog write, for caches in any server process. */
export async function catalogStamp(db: Executor): Promise<string> {
  const r = await db
    .selectFrom('catalog_change')
    .select(({ fn }) => [fn.max('id').as('last'), fn.countAll().as('n')])
    .executeTakeFirst();
  return `${r?.last ?? 0}:${r?.n ?? 0}`;
}

export async function upsertHospital(
  trx: Transaction<Database>,
  doc: unknown,
  by: string | null,
  expectedVersion: number | null,
): Promise<number | null> {
  const now = new Date();
  const current = await trx.selectFrom('catalog_hospital').select('version').where('id', '=', 1).forUpdate().executeTakeFirst();
  if (expectedVersion !== null && current && current.version !== expectedVersion) return null;
  const version = (current?.version ?? 0) + 1;
  if (current) {
    await trx
      .updateTable('catalog_hospital')
      .set({ doc: JSON.stringify(doc), version, updated_at: now, updated_by: by })
      .where('id', '=', 1)
      .execute();
  } else {
    await trx
      .insertInto('catalog_hospital')
      .values({ id: 1, doc: JSON.stringify(doc), version, updated_at: now, updated_by: by })
      .execute();
  }
  return version;
}

export async function insertDepartment(
  trx: Transaction<Database>,
  id: string,
  doc: unknown,
  by: string | null,
  position?: number,
): Promise<number | null> {
  const exists = await trx.selectFrom('catalog_department').select('id').where('id', '=', id).executeTakeFirst();
  if (exists) return null;
  const last = await trx
    .selectFrom('catalog_department')
    .select(({ fn }) => fn.max('position').as('p'))
    .executeTakeFirst();
  await trx
    .insertInto('catalog_department')
    .values({
      id,
      doc: JSON.stringify(doc),
      version: 1,
      position: position ?? (last?.p ?? 0) + 1,
      updated_at: new Date(),
      updated_by: by,
    })
    .execute();
  return 1;
}

/** Optimistic concurrency: the update applies only to the version the editor started from. */
export async function updateDepartment(
  trx: Transaction<Database>,
  id: string,
  doc: unknown,
  by: string | null,
  expectedVersion: number,
): Promise<number | null> {
  const r = await trx
    .updateTable('catalog_department')
    .set({ doc: JSON.stringify(doc), version: expectedVersion + 1, updated_at: new Date(), updated_by: by })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? expectedVersion + 1 : null;
}

export async function deleteDepartment(trx: Transaction<Database>, id: string, expectedVersion: number): Promise<boolean> {
  const r = await trx
    .deleteFrom('catalog_department')
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function recordCatalogChange(
  trx: Transaction<Database>,
  change: Omit<CatalogChangeTable, 'id' | 'doc' | 'changed_at'> & { doc: unknown },
): Promise<void> {
  await trx
    .insertInto('catalog_change')
    .values({ ...change, doc: change.doc === null ? null : JSON.stringify(change.doc), changed_at: new Date() })
    .execute();
}

export async function catalogHistory(db: Executor, entity: 'hospital' | 'department', entityId: string) {
  return db
    .selectFrom('catalog_change')
    .select(['id', 'version', 'action', 'changed_by', 'changed_by_name', 'changed_at', 'summary', 'doc'])
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .orderBy('id', 'desc')
    .execute();
}
