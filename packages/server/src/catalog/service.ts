import type { Kysely, Transaction } from 'kysely';
import {
  catalogHistory,
  catalogStamp,
  deleteDepartment,
  insertDepartment,
  readDepartments,
  readHospital,
  recordCatalogChange,
  updateDepartment,
  upsertHospital,
  type Database,
} from '@loket/db';
import {
  catalogProblems,
  canonicalEqual,
  validateDepartment,
  validateHospital,
  type Catalog,
  type Department,
  type Hospital,
  type ValidationProblem,
} from '@loket/domain';
import type { AuditActor, AuditTrail } from '../audit/trail.ts';
import { HttpError } from '../http/errors.ts';
import { readCatalogDir } from './files.ts';

export interface VersionedDepartment {
  department: Department;
  version: number;
  updatedAt: Date;
}

export interface CatalogSnapshot {
  hospital: Hospital;
  hospitalVersion: number;
  departments: VersionedDepartment[];
  stamp: string;
}

export interface ImportSummary {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  hospitalChanged: boolean;
}

function invalid(problems: ValidationProblem[]): HttpError {
  return new HttpError(400, 'invalid-catalog', { problems });
}

/** Top-level fields that differ, for the change history. */
function changedFields(before: Record<string, unknown> | undefined, after: Record<string, unknown>): string[] {
  if (!before) return Object.keys(after);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !canonicalEqual(before[k], after[k])).sort();
}

/**
 * The referral guide as a hospital edits it (R-CAT-07): validated on every write, every change kept with who
 * and when, and an audit record in the same transaction.
 */
export class CatalogService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private cache: CatalogSnapshot | undefined;

  constructor(db: Kysely<Database>, audit: AuditTrail) {
    this.db = db;
    this.audit = audit;
  }

  /** On first start the catalog comes from the shipped files; afterwards the database is the truth. */
  async seedFromFilesIfEmpty(dir: string, actor: AuditActor): Promise<boolean> {
    const existing = await readHospital(this.db);
    if (existing) return false;
    const catalog = await readCatalogDir(dir);
    // The audit trail says where the catalog came from without the server's directory layout (the privacy
    // officer reads it in the app).
    await this.importCatalog(actor, catalog, { dryRun: false, source: 'shipped-files' });
    return true;
  }

  async snapshot(): Promise<CatalogSnapshot> {
    const stamp = await catalogStamp(this.db);
    if (this.cache && this.cache.stamp === stamp) return this.cache;
    const [h, rows] = await Promise.all([readHospital(this.db), readDepartments(this.db)]);
    if (!h) throw new Error('The catalog is empty: it is loaded from the catalog folder at start');
    const hospital = validateHospital(h.doc);
    if (!hospital.ok) throw new Error(`Stored hospital document is not valid: ${JSON.stringify(hospital.problems)}`);
    const departments = rows.map((r) => {
      const d = validateDepartment(r.doc);
      if (!d.ok) throw new Error(`Stored department "${r.id}" is not valid: ${JSON.stringify(d.problems)}`);
      return { department: d.value, version: r.version, updatedAt: r.updated_at };
    });
    this.cache = { hospital: hospital.value, hospitalVersion: h.version, departments, stamp };
    return this.cache;
  }

  async department(id: string): Promise<VersionedDepartment> {
    const found = (await this.snapshot()).departments.find((d) => d.department.id === id);
    if (!found) throw new HttpError(404, 'not-found');
    return found;
  }

  async catalog(): Promise<Catalog> {
    const s = await this.snapshot();
    return { hospital: s.hospital, departments: s.departments.map((d) => d.department) };
  }

  async saveDepartment(actor: AuditActor, id: string, raw: unknown, expectedVersion: number): Promise<number> {
    const v = validateDepartment(raw);
    if (!v.ok) throw invalid(v.problems);
    if (v.value.id !== id) throw invalid([{ path: 'id', message: `the id cannot be changed (it is "${id}")` }]);
    const before = (await this.department(id)).department;
    return this.db.transaction().execute(async (trx) => {
      const version = await updateDepartment(trx, id, v.value, actor.userId, expectedVersion);
      if (version === null) throw new HttpError(409, 'version-conflict');
      const fields = changedFields(before as Record<string, unknown>, v.value as Record<string, unknown>);
      await this.logChange(trx, actor, 'department', id, version, 'update', v.value, fields);
      return version;
    });
  }

  async createDepartment(actor: AuditActor, raw: unknown): Promise<number> {
    const v = validateDepartment(raw);
    if (!v.ok) throw invalid(v.problems);
    return this.db.transaction().execute(async (trx) => {
      const version = await insertDepartment(trx, v.value.id, v.value, actor.userId);
      if (version === null) throw new HttpError(409, 'already-exists');
      await this.logChange(trx, actor, 'department', v.value.id, version, 'create', v.value, []);
      return version;
    });
  }

  async removeDepartment(actor: AuditActor, id: string, expectedVersion: number): Promise<void> {
    await this.department(id);
    await this.db.transaction().execute(async (trx) => {
      if (!(await deleteDepartment(trx, id, expectedVersion))) throw new HttpError(409, 'version-conflict');
      await this.logChange(trx, actor, 'department', id, expectedVersion + 1, 'delete', null, []);
    });
  }

  async saveHospital(actor: AuditActor, raw: unknown, expectedVersion: number): Promise<number> {
    const v = validateHospital(raw);
    if (!v.ok) throw invalid(v.problems);
    const before = (await this.snapshot()).hospital;
    return this.db.transaction().execute(async (trx) => {
      const version = await upsertHospital(trx, v.value, actor.userId, expectedVersion);
      if (version === null) throw new HttpError(409, 'version-conflict');
      const fields = changedFields(before as Record<string, unknown>, v.value as Record<string, unknown>);
      await this.logChange(trx, actor, 'hospital', 'hospital', version, 'update', v.value, fields);
      return version;
    });
  }

  history(entity: 'hospital' | 'department', id: string) {
    return catalogHistory(this.db, entity, id);
  }

  /**
   * Replaces the whole catalog with an imported one, atomically. Departments absent from the import are
   * removed; identical ones are left alone so their history stays clean.
   */
  async importCatalog(
    actor: AuditActor,
    catalog: Catalog,
    options: { dryRun: boolean; source: string },
  ): Promise<ImportSummary> {
    const problems = catalogProblems(catalog);
    if (problems.length > 0) throw invalid(problems);
    const [h, rows] = await Promise.all([readHospital(this.db), readDepartments(this.db)]);
    const current = new Map(rows.map((r) => [r.id, r]));
    const incoming = new Set(catalog.departments.map((d) => d.id));
    const summary: ImportSummary = {
      added: [],
      changed: [],
      removed: rows.filter((r) => !incoming.has(r.id)).map((r) => r.id),
      unchanged: [],
      hospitalChanged: !h || !canonicalEqual(h.doc, catalog.hospital),
    };
    for (const d of catalog.departments) {
      const existing = current.get(d.id);
      if (!existing) summary.added.push(d.id);
      else if (canonicalEqual(existing.doc, d)) summary.unchanged.push(d.id);
      else summary.changed.push(d.id);
    }
    if (options.dryRun) return summary;

    await this.db.transaction().execute(async (trx) => {
      if (summary.hospitalChanged) {
        const version = await upsertHospital(trx, catalog.hospital, actor.userId, null);
        await this.logChange(trx, actor, 'hospital', 'hospital', version!, 'import', catalog.hospital, []);
      }
      for (const id of summary.removed) {
        await trx.deleteFrom('catalog_department').where('id', '=', id).execute();
        await this.logChange(trx, actor, 'department', id, current.get(id)!.version + 1, 'delete', null, []);
      }
      for (const [position, d] of catalog.departments.entries()) {
        const existing = current.get(d.id);
        if (!existing) {
          await insertDepartment(trx, d.id, d, actor.userId, position + 1);
          await this.logChange(trx, actor, 'department', d.id, 1, 'import', d, []);
        } else if (summary.changed.includes(d.id)) {
          const version = await updateDepartment(trx, d.id, d, actor.userId, existing.version);
          await this.logChange(trx, actor, 'department', d.id, version!, 'import', d, []);
        }
        await trx.updateTable('catalog_department').set({ position: position + 1 }).where('id', '=', d.id).execute();
      }
      await this.audit.record(trx, actor, {
        eventType: 'catalog.import',
        action: 'U',
        objectType: 'catalog',
        objectId: 'catalog',
        details: { source: options.source, ...summary, unchanged: summary.unchanged.length },
      });
    });
    return summary;
  }

  private async logChange(
    trx: Transaction<Database>,
    actor: AuditActor,
    entity: 'hospital' | 'department',
    id: string,
    version: number,
    action: 'create' | 'update' | 'delete' | 'import',
    doc: unknown,
    fields: string[],
  ): Promise<void> {
    await recordCatalogChange(trx, {
      entity,
      entity_id: id,
      version,
      action,
      doc,
      changed_by: actor.userId,
      changed_by_name: actor.userName,
      summary: fields.length > 0 ? fields.join(', ') : null,
    });
    if (action === 'import') return; // one audit record covers the whole import
    await this.audit.record(trx, actor, {
      eventType: `catalog.${entity}.${action}`,
      action: action === 'create' ? 'C' : action === 'delete' ? 'D' : 'U',
      objectType: `catalog-${entity}`,
      objectId: id,
      details: { version, fields },
    });
  }
}
