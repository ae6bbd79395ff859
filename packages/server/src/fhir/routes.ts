import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readAccount, type Database, type ReferralRow } from '@loket/db';
import { canView, isValidBsn, normalizeBsn, type ReferralState } from '@loket/domain';
import type { Kysely } from 'kysely';
import type { DocumentStore } from '../documents/index.ts';
import { contentDisposition, sendDocument } from '../documents/index.ts';
import { HttpError } from '../http/errors.ts';
import { IdempotentReplay } from '../http/idempotency.ts';
import type { Bundle } from '@medplum/fhirtypes';
import { referralActor, type ReferralActor } from '../referrals/actor.ts';
import { referralFacts } from '../referrals/service.ts';
import { viewerLevel } from '../referrals/views.ts';
import { readLetterPdf } from '../letters/letters.ts';
import { capabilityStatement, resourceTypes, searchable, type ResourceType } from './capability.ts';
import {
  BSN_SYSTEM,
  HOSPITAL_ID,
  hospitalOrganization,
  letterDocumentReference,
  type LetterSummary,
  toBinary,
  toDocumentReference,
  toHealthcareService,
  toOrganization,
  toPatient,
  toPractitioner,
  toServiceRequest,
  toTask,
} from './mappers.ts';
import { FHIR_JSON, FhirError, operationOutcome, outcomeForProblem, problemDetail } from './outcome.ts';
import { claimsFor, parseTransaction } from './transaction.ts';
import { incomingDocument, storeIncoming, type IncomingDocument } from './attachments.ts';
import { CareResources, isCareType } from './care-resources.ts';
import { parseSubscription, toSubscription } from './subscriptions.ts';
import { expectedVersion, taskChange } from './task-update.ts';
import { UploadRefused, type StoredFile } from '../documents/index.ts';
import { checkSecondOpinionUpload } from '../second-opinions/upload.ts';
import type { DocumentReference, Subscription, Task } from '@medplum/fhirtypes';
import {
  checkParams,
  filterExpression,
  parsePaging,
  parseReferralFilter,
  visibleTo,
  type Query,
} from './search.ts';

/**
 * The FHIR R4 interface, first slice: read and search on the referral loop. Every request passes the same access
 * check as the JSON API (permission `fhir.use`, then the referral relationships), every read and search is
 * audited with the patient it concerns, and every error is an OperationOutcome.
 */
const PREFIX = '/fhir/R4';
/** Documents travel base64 inside JSON; larger ones go through the web upload (multipart, streamed). */
export const FHIR_BODY_LIMIT = 50 * 1024 * 1024;
/** A Binary read answers with a Binary resource when the client asks for FHIR JSON, otherwise with the bytes. */
function wantsFhir(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '');
  return accept.includes('application/fhir+json') || accept.includes('application/json');
}

/** Subscriptions per account at most: each one is checked on every change of every referral. */
const MAX_SUBSCRIPTIONS = 20;

const isResourceType = (t: string): t is ResourceType => (resourceTypes as readonly string[]).includes(t);

type Resource = { resourceType: string; id?: string };

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/** Is there a referral the actor may see that matches? (For resources that only exist around referrals.) */
async function seesReferralWhere(
  db: Kysely<Database>,
  actor: ReferralActor,
  column: 'r.patient_id' | 'r.referrer_user_id' | 'r.organisation_id',
  value: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('referral as r')
    .select('r.id')
    .where(column, '=', value)
    .where((eb) => visibleTo(eb, actor))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

function queryOf(input: unknown): Query {
  const out: Query = {};
  if (!input || typeof input !== 'object') return out;
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map(String);
  }
  return out;
}

export async function fhirRoutes(app: FastifyInstance, options: { store: DocumentStore }) {
  const { db, referrals, catalog, audit, config, settings } = app.loket;
  const { store } = options;
  const care = new CareResources(db);
  // A deployment on plain http (development, tests) may have http rest-hook endpoints; on https only https.
  const allowHttpHooks = config.publicUrl.startsWith('http://');
  const base = `${config.publicUrl.replace(/\/$/, '')}${PREFIX}`;

  // A FHIR search may be POSTed as a form, which keeps parameters (a BSN) out of the URL.
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        const query: Query = {};
        for (const [k, v] of new URLSearchParams(body as string)) {
          const prev = query[k];
          query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
        }
        done(null, query);
      },
    );
  }

  if (!app.hasContentTypeParser('application/fhir+json')) {
    app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new FhirError(400, 'invalid', 'The body is not valid JSON.'), undefined);
      }
    });
  }

  app.setErrorHandler((error, request, reply) => {
    // A document refused by the store's checks (type, size, JavaScript in a PDF, virus scanner): its own words.
    if (error instanceof UploadRefused) {
      if (error.status >= 500)
        request.log.error({ err: error }, 'FHIR document refused: scanner unavailable');
      return reply
        .status(error.status)
        .header('content-type', FHIR_JSON)
        .send(operationOutcome(error.status >= 500 ? 'transient' : 'security', error.message));
    }
    if (error instanceof FhirError)
      return reply
        .status(error.status)
        .header('content-type', FHIR_JSON)
        .send(operationOutcome(error.issue, error.message));
    if (error instanceof HttpError)
      return reply
        .status(error.status)
        .header('content-type', FHIR_JSON)
        .send(outcomeForProblem(error.status, error.code, problemDetail(error.extra)));
    // PostgreSQL's data exceptions (class 22: a NUL in text...) are the client's input, as in app.ts.
    if (/^22[0-9A-Z]{3}$/.test(String((error as { code?: unknown }).code ?? ''))) {
      request.log.warn({ err: error }, 'FHIR input refused by the database');
      return reply
        .status(400)
        .header('content-type', FHIR_JSON)
        .send(operationOutcome('invalid', 'The request holds a value the database cannot store.'));
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 400 && status < 500)
      return reply
        .status(status)
        .header('content-type', FHIR_JSON)
        .send(operationOutcome('invalid', `The request is not valid: ${(error as Error).message}`));
    request.log.error({ err: error }, 'FHIR request failed');
    return reply.status(500).header('content-type', FHIR_JSON).send(outcomeForProblem(500, 'internal-error'));
  });

  // The shared access check answers with Loket's `{ code, message }`; a FHIR client gets it as an OperationOutcome.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('application/fhir+json') || typeof payload !== 'string') return payload;
    let code: string | undefined;
    try {
      code = (JSON.parse(payload) as { code?: string }).code;
    } catch {
      code = undefined;
    }
    reply.header('content-type', FHIR_JSON);
    return JSON.stringify(outcomeForProblem(reply.statusCode, code));
  });

  const fhir = (reply: FastifyReply, resource: unknown) =>
    reply.header('content-type', FHIR_JSON).send(resource);

  async function auditRead(actor: ReferralActor, type: string, id: string, patientId: string | null) {
    await audit.record(db, actor.audit, {
      eventType: 'fhir.read',
      action: 'R',
      objectType: type,
      objectId: id,
      patientId,
    });
  }

  async function departmentOf(id: string) {
    return (await catalog.snapshot()).departments.find((d) => d.department.id === id)?.department;
  }

  async function documentIdsOf(ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!ids.length) return out;
    const rows = await db
      .selectFrom('referral_document')
      .select(['id', 'referral_id'])
      .where('referral_id', 'in', ids)
      .orderBy('uploaded_at')
      .execute();
    for (const d of rows) out.set(d.referral_id, [...(out.get(d.referral_id) ?? []), d.id]);
    return out;
  }

  const letterColumns = [
    'id',
    'referral_id',
    'type',
    'language',
    'recipient_role',
    'recipient_name',
    'created_at',
  ] as const;

  /** Letters per referral, as the viewer may see them: a patient only the letters addressed to them. */
  async function lettersOf(actor: ReferralActor, rows: ReferralRow[]): Promise<Map<string, LetterSummary[]>> {
    const out = new Map<string, LetterSummary[]>();
    if (!rows.length) return out;
    const patientLevel = new Set(rows.filter((r) => viewerLevel(actor, r) === 'patient').map((r) => r.id));
    const letters = await db
      .selectFrom('letter')
      .select([...letterColumns])
      .where(
        'referral_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('created_at')
      .execute();
    for (const l of letters) {
      if (patientLevel.has(l.referral_id) && l.recipient_role !== 'patient') continue;
      out.set(l.referral_id, [...(out.get(l.referral_id) ?? []), l]);
    }
    return out;
  }

  /** A letter the actor may read, with its referral; otherwise a 404. */
  async function visibleLetter(actor: ReferralActor, id: string) {
    const letter = await db
      .selectFrom('letter')
      .select([...letterColumns])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!letter) return undefined;
    const r = await referrals.visible(actor, letter.referral_id);
    if (viewerLevel(actor, r) === 'patient' && letter.recipient_role !== 'patient')
      throw new HttpError(404, 'not-found');
    return { letter, r };
  }

  async function referralResource(
    actor: ReferralActor,
    type: 'ServiceRequest' | 'Task',
    r: ReferralRow,
    docs?: string[],
    letters?: Map<string, LetterSummary[]>,
  ) {
    const department = await departmentOf(r.department_id);
    if (type === 'Task')
      return toTask(r, department, (letters ?? (await lettersOf(actor, [r]))).get(r.id) ?? []);
    const level = viewerLevel(actor, r);
    // A patient sees neither the letter nor the documents of their referral, as in the rest of Loket.
    const documentIds = level === 'patient' ? [] : (docs ?? (await documentIdsOf([r.id])).get(r.id) ?? []);
    return toServiceRequest(r, { department, documentIds, showLetter: level !== 'patient' });
  }

  /** A document the actor may open (not a patient: documents are for professionals), with its referral. */
  async function visibleDocument(actor: ReferralActor, id: string) {
    const doc = await db.selectFrom('referral_document').selectAll().where('id', '=', id).executeTakeFirst();
    if (!doc) throw new HttpError(404, 'not-found');
    const r = await referrals.visible(actor, doc.referral_id);
    if (viewerLevel(actor, r) === 'patient') throw new HttpError(404, 'not-found');
    return { doc, r };
  }

  async function read(
    actor: ReferralActor,
    type: ResourceType,
    id: string,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    if (isCareType(type)) {
      const found = await care.read(actor, type, id);
      await auditRead(actor, type, id, found.patientId);
      return fhir(reply, found.resource);
    }
    switch (type) {
      case 'Subscription': {
        const row = await db
          .selectFrom('fhir_subscription')
          .selectAll()
          .where('id', '=', id)
          .where('user_id', '=', actor.userId)
          .executeTakeFirst();
        if (!row) throw new HttpError(404, 'not-found');
        return fhir(reply.header('etag', `W/"${row.version}"`), toSubscription(row));
      }
      case 'ServiceRequest':
      case 'Task': {
        const r = await referrals.visible(actor, id);
        await auditRead(actor, type, id, r.patient_id);
        // The version a later conditional update (If-Match) will be checked against.
        reply.header('etag', `W/"${r.version}"`).header('last-modified', r.updated_at.toUTCString());
        return fhir(reply, await referralResource(actor, type, r));
      }
      case 'Patient': {
        const visible =
          actor.patientIds?.includes(id) || (await seesReferralWhere(db, actor, 'r.patient_id', id));
        const p = visible
          ? await db.selectFrom('patient').selectAll().where('id', '=', id).executeTakeFirst()
          : undefined;
        if (!p) throw new HttpError(404, 'not-found');
        await auditRead(actor, type, id, p.id);
        return fhir(reply, toPatient(p));
      }
      case 'Practitioner': {
        const visible = id === actor.userId || (await seesReferralWhere(db, actor, 'r.referrer_user_id', id));
        const account = visible ? await readAccount(db, id) : undefined;
        if (!account) throw new HttpError(404, 'not-found');
        await auditRead(actor, type, id, null);
        return fhir(reply, toPractitioner(account));
      }
      case 'Organization': {
        if (id === HOSPITAL_ID) {
          await auditRead(actor, type, id, null);
          return fhir(reply, hospitalOrganization((await catalog.snapshot()).hospital, config.hospitalUra));
        }
        const visible =
          id === actor.organisationId || (await seesReferralWhere(db, actor, 'r.organisation_id', id));
        const o = visible
          ? await db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst()
          : undefined;
        if (!o) throw new HttpError(404, 'not-found');
        await auditRead(actor, type, id, null);
        return fhir(reply, toOrganization(o));
      }
      case 'HealthcareService': {
        const d = (await catalog.snapshot()).departments.find((x) => x.department.id === id);
        if (!d) throw new HttpError(404, 'not-found');
        return fhir(reply, toHealthcareService(d.department, d.version, d.updatedAt));
      }
      case 'DocumentReference': {
        const letter = await visibleLetter(actor, id);
        if (letter) {
          await auditRead(actor, type, id, letter.r.patient_id);
          return fhir(reply, letterDocumentReference(letter.letter, letter.r));
        }
        const { doc, r } = await visibleDocument(actor, id);
        await auditRead(actor, type, id, r.patient_id);
        return fhir(reply, toDocumentReference(doc, r));
      }
      case 'Binary': {
        const letter = await visibleLetter(actor, id);
        if (letter) {
          const pdf = await readLetterPdf(db, id);
          if (!pdf) throw new HttpError(404, 'not-found');
          // The same audit record as a letter download in the web app.
          await audit.record(db, actor.audit, {
            eventType: 'letter.download',
            action: 'R',
            objectType: 'letter',
            objectId: id,
            patientId: letter.r.patient_id,
            details: { referral: letter.r.reference, type: letter.letter.type },
          });
          if (wantsFhir(request)) return fhir(reply, toBinary(id, 'application/pdf', pdf.pdf));
          return reply
            .header('content-type', 'application/pdf')
            .header('content-disposition', contentDisposition(pdf.filename))
            .header('x-content-type-options', 'nosniff')
            .header('cache-control', 'private, no-store')
            .send(pdf.pdf);
        }
        const found = await db
          .selectFrom('referral_document')
          .select('referral_id')
          .where('id', '=', id)
          .executeTakeFirst();
        if (!found) throw new HttpError(404, 'not-found');
        // The same check and the same audit record ("document.download") as a download in the web app.
        const doc = await referrals.documentFor(actor, found.referral_id, id);
        if (wantsFhir(request)) {
          const bytes = await streamToBuffer(await store.openRead(doc.storage_key));
          return fhir(reply, toBinary(doc.id, doc.media_type, bytes));
        }
        return sendDocument(reply, store, {
          storageKey: doc.storage_key,
          filename: doc.filename,
          mediaType: doc.media_type,
          size: Number(doc.size),
        });
      }
    }
  }

  function bundle(
    type: string,
    resources: Resource[],
    query: Query,
    hasNext: boolean,
    offset: number,
    count: number,
    withLinks: boolean,
  ) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (k === '_offset' || k === '_count' || v === undefined) continue;
      for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    }
    params.set('_count', String(count));
    const link = (at: number) => {
      const p = new URLSearchParams(params);
      if (at > 0) p.set('_offset', String(at));
      return `${base}/${type}?${p.toString()}`;
    };
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      ...(withLinks
        ? {
            link: [
              { relation: 'self', url: link(offset) },
              ...(hasNext ? [{ relation: 'next', url: link(offset + count) }] : []),
              ...(offset > 0 ? [{ relation: 'previous', url: link(Math.max(0, offset - count)) }] : []),
            ],
          }
        : {}),
      entry: resources.map((resource) => ({
        fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
        resource,
        search: { mode: 'match' },
      })),
    };
  }

  async function auditSearch(
    actor: ReferralActor,
    type: string,
    patientIds: (string | null)[],
    params: string[],
  ) {
    const distinct = [...new Set(patientIds.filter((x): x is string => x !== null))];
    const entries = distinct.length ? distinct : [null];
    for (const patientId of entries)
      await audit.record(db, actor.audit, {
        eventType: 'fhir.search',
        action: 'R',
        objectType: type,
        patientId,
        details: { params, returned: patientIds.length },
      });
  }

  async function search(
    actor: ReferralActor,
    type: string,
    query: Query,
    reply: FastifyReply,
    posted: boolean,
  ) {
    if (!searchable.has(type)) {
      throw new FhirError(
        404,
        'not-supported',
        `Search on ${type} is not supported. Searchable types: ${[...searchable].join(', ')}.`,
      );
    }
    if (isCareType(type)) {
      const found = await care.search(actor, type, query);
      const { count, offset } = parsePaging(query);
      await auditSearch(actor, type, found.patientIds, Object.keys(query));
      return fhir(
        reply,
        bundle(type, found.resources as Resource[], query, found.hasNext, offset, count, true),
      );
    }
    if (type === 'Subscription') {
      checkParams('Subscription', query);
      const { count, offset } = parsePaging(query);
      const ids = [query._id ?? []].flat().flatMap((i) => i.split(','));
      const status = [query.status ?? []].flat().flatMap((i) => i.split(','));
      const rows = await db
        .selectFrom('fhir_subscription')
        .selectAll()
        .where('user_id', '=', actor.userId)
        .$if(ids.length > 0, (q) => q.where('id', 'in', ids))
        .$if(status.length > 0, (q) => q.where('status', 'in', status as never))
        .orderBy('created_at')
        .orderBy('id')
        .limit(count + 1)
        .offset(offset)
        .execute();
      const page = rows.slice(0, count).map(toSubscription);
      return fhir(reply, bundle(type, page as Resource[], query, rows.length > count, offset, count, true));
    }
    if (type === 'ServiceRequest' || type === 'Task') {
      const filter = parseReferralFilter(type, query);
      const { count, offset } = parsePaging(query);
      const rows = await db
        .selectFrom('referral as r')
        .selectAll('r')
        .where((eb) => eb.and([visibleTo(eb, actor), filterExpression(eb, filter)]))
        .orderBy('r.updated_at', 'desc')
        .orderBy('r.id')
        .limit(count + 1)
        .offset(offset)
        .execute();
      const page = rows.slice(0, count).filter((r) => canView(actor, referralFacts(r)));
      const docs =
        type === 'ServiceRequest' ? await documentIdsOf(page.map((r) => r.id)) : new Map<string, string[]>();
      const resources: Resource[] = [];
      const letters = type === 'Task' ? await lettersOf(actor, page) : undefined;
      for (const r of page)
        resources.push(await referralResource(actor, type, r, docs.get(r.id) ?? [], letters));
      await auditSearch(
        actor,
        type,
        page.map((r) => r.patient_id),
        Object.keys(query),
      );
      return fhir(reply, bundle(type, resources, query, rows.length > count, offset, count, true));
    }
    if (type === 'Patient') {
      checkParams('Patient', query);
      const identifiers = [query.identifier ?? []].flat();
      // R-ID-04: a BSN never travels in a URL, where proxies, logs and browser history would keep it.
      if (identifiers.length && !posted)
        throw new FhirError(
          400,
          'security',
          'Searching Patient by identifier in a GET URL is refused because the BSN must never appear in a URL. POST the same parameters as application/x-www-form-urlencoded to /fhir/R4/Patient/_search.',
        );
      const bsns = identifiers
        .flatMap((i) => i.split(','))
        .map((raw) => {
          const bar = raw.indexOf('|');
          const system = bar >= 0 ? raw.slice(0, bar) : BSN_SYSTEM;
          const value = normalizeBsn(bar >= 0 ? raw.slice(bar + 1) : raw) ?? '';
          if (system !== BSN_SYSTEM)
            throw new FhirError(400, 'not-supported', `Patient identifier system must be ${BSN_SYSTEM}.`);
          if (!isValidBsn(value))
            throw new FhirError(
              400,
              'invalid',
              'The identifier is not a valid BSN (it fails the 11-test). Check the number.',
            );
          return value;
        });
      const ids = [query._id ?? []].flat().flatMap((i) => i.split(','));
      const { count, offset } = parsePaging(query);
      const own = [...(actor.patientIds ?? [])];
      const rows = await db
        .selectFrom('patient as p')
        .selectAll('p')
        .where((eb) =>
          eb.or([
            ...(own.length ? [eb('p.id', 'in', own)] : []),
            eb.exists(
              eb
                .selectFrom('referral as r')
                .select('r.id')
                .whereRef('r.patient_id', '=', 'p.id')
                .where((inner) => visibleTo(inner, actor)),
            ),
          ]),
        )
        .$if(bsns.length > 0, (q) => q.where('p.bsn', 'in', bsns))
        .$if(ids.length > 0, (q) => q.where('p.id', 'in', ids))
        .orderBy('p.family_name')
        .orderBy('p.id')
        .limit(count + 1)
        .offset(offset)
        .execute();
      const page = rows.slice(0, count);
      // The audit keeps which parameters were used, never the BSN itself.
      await auditSearch(
        actor,
        type,
        page.map((p) => p.id),
        Object.keys(query),
      );
      return fhir(
        reply,
        bundle(type, page.map(toPatient), query, rows.length > count, offset, count, bsns.length === 0),
      );
    }
    // HealthcareService: the catalog, which is public.
    checkParams('HealthcareService', query);
    const ids = [query._id ?? []].flat().flatMap((i) => i.split(','));
    const departments = (await catalog.snapshot()).departments.filter(
      (d) => !ids.length || ids.includes(d.department.id),
    );
    return fhir(
      reply,
      bundle(
        type,
        departments.map((d) => toHealthcareService(d.department, d.version, d.updatedAt)),
        query,
        false,
        0,
        Math.max(departments.length, 1),
        false,
      ),
    );
  }

  const docs = { tags: ['fhir'] };

  app.get(
    `${PREFIX}/metadata`,
    {
      config: { access: 'public' },
      schema: { ...docs, summary: 'The FHIR CapabilityStatement: what this interface supports' },
    },
    async (_request, reply) => fhir(reply, capabilityStatement(base, new Date().toISOString())),
  );

  app.get<{ Params: { type: string; id: string } }>(
    `${PREFIX}/:type/:id`,
    { config: { access: 'fhir.use' }, schema: { ...docs, summary: 'FHIR read' } },
    async (request, reply) => {
      const { type, id } = request.params;
      if (!isResourceType(type)) throw unknownType(type);
      const actor = await referralActor(db, request);
      return read(actor, type, id, request, reply);
    },
  );

  app.get<{ Params: { type: string } }>(
    `${PREFIX}/:type`,
    { config: { access: 'fhir.use' }, schema: { ...docs, summary: 'FHIR search (GET)' } },
    async (request, reply) => {
      const { type } = request.params;
      if (!isResourceType(type)) throw unknownType(type);
      const actor = await referralActor(db, request);
      return search(actor, type, queryOf(request.query), reply, false);
    },
  );

  app.post<{ Params: { type: string } }>(
    `${PREFIX}/:type/_search`,
    {
      config: { access: 'fhir.use' },
      schema: { ...docs, summary: 'FHIR search (POST, form-encoded; the way to search Patient by BSN)' },
    },
    async (request, reply) => {
      const { type } = request.params;
      if (!isResourceType(type)) throw unknownType(type);
      const contentType = String(request.headers['content-type'] ?? '');
      if (!contentType.startsWith('application/x-www-form-urlencoded'))
        throw new FhirError(
          415,
          'not-supported',
          'POST _search takes application/x-www-form-urlencoded parameters.',
        );
      const actor = await referralActor(db, request);
      // Parameters in the URL and the body together, as the FHIR search spec allows; the BSN check looks at the URL.
      const urlQuery = queryOf(request.query);
      if (urlQuery.identifier !== undefined)
        throw new FhirError(
          400,
          'security',
          'Put identifier in the form body, never in the URL: the BSN must not appear in a URL.',
        );
      return search(actor, type, { ...urlQuery, ...queryOf(request.body) }, reply, true);
    },
  );

  app.post(
    PREFIX,
    {
      config: { access: 'fhir.use' },
      bodyLimit: FHIR_BODY_LIMIT,
      schema: {
        ...docs,
        summary:
          'FHIR transaction: a referrer posts ServiceRequest + Patient (+ Practitioner); the referral is made and sent, and the answer holds its Task. A retried post with the same ServiceRequest.identifier makes no second referral',
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      if (!actor.roles.includes('referrer'))
        throw new FhirError(403, 'forbidden', 'Only referrers post referrals through the FHIR interface.');
      const parsed = parseTransaction((request.body ?? {}) as Bundle);
      if (parsed.practitionerAgb && actor.agbCode && parsed.practitionerAgb !== actor.agbCode)
        throw new FhirError(
          422,
          'business-rule',
          "The Practitioner's AGB code is not that of the signed-in referrer; Loket records a referral under the account that posts it.",
        );
      const claims = claimsFor(actor.userId, parsed);
      // The documents are stored (and so checked) before anything is made: a refused file makes no referral.
      const maxBytes = (await settings.referralPolicy()).maxUploadMegabytes * 1024 * 1024;
      const files = [];
      for (const d of parsed.documents) files.push({ doc: d, file: await storeIncoming(store, d, maxBytes) });
      let id: string;
      let created = true;
      try {
        id = (await referrals.createDraft(actor, parsed.draft, claims.create, 'api')).id;
      } catch (e) {
        if (!(e instanceof IdempotentReplay)) throw e;
        id = (e.response as { id: string }).id;
        created = false;
      }
      // A retry after a crash between steps attaches what is not there yet; a sent referral keeps what it had.
      const documentIds = await attachDocuments(actor, id, files);
      let row: ReferralRow;
      try {
        row = await referrals.submit(actor, id, claims.submit);
      } catch (e) {
        if (!(e instanceof IdempotentReplay)) throw e;
        row = await referrals.visible(actor, id);
      }
      const status = created ? '201 Created' : '200 OK';
      const byBinary = new Map(
        parsed.documents.map((d, i) => [d.binaryUrl, documentIds[i]] as const).filter(([u]) => u),
      );
      let nthDocument = 0;
      const locations: Record<string, string> = {
        ServiceRequest: `ServiceRequest/${row.id}/_history/${row.version}`,
        Patient: row.patient_id ? `Patient/${row.patient_id}` : '',
        Practitioner: `Practitioner/${actor.userId}`,
      };
      const sr = await referralResource(actor, 'ServiceRequest', row);
      const task = await referralResource(actor, 'Task', row);
      return fhir(reply, {
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: [
          ...parsed.entries.map((e) => {
            const documentId =
              e.resourceType === 'DocumentReference'
                ? documentIds[nthDocument++]
                : e.resourceType === 'Binary'
                  ? byBinary.get(e.fullUrl)
                  : undefined;
            const location = documentId ? `${e.resourceType}/${documentId}` : locations[e.resourceType];
            return {
              ...(e.resourceType === 'ServiceRequest'
                ? { fullUrl: `${base}/ServiceRequest/${row.id}`, resource: sr }
                : {}),
              response: {
                status: e.resourceType === 'Practitioner' ? '200 OK' : status,
                ...(location ? { location } : {}),
              },
            };
          }),
          // The referring system follows the referral through its Task.
          {
            fullUrl: `${base}/Task/${row.id}`,
            resource: task,
            response: {
              status,
              location: `Task/${row.id}/_history/${row.version}`,
              etag: `W/"${row.version}"`,
            },
          },
        ],
      });
    },
  );

  app.put<{ Params: { id: string } }>(
    `${PREFIX}/Task/:id`,
    {
      config: { access: 'fhir.use' },
      schema: {
        ...docs,
        summary:
          'FHIR update of a Task by the referring system, with If-Match: cancel (status "cancelled") or answer a request for more information (status "received" with Task.input); 412 when the Task changed meanwhile',
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const { id } = request.params;
      const r = await referrals.visible(actor, id);
      const task = (request.body ?? {}) as Task;
      const ifMatch = request.headers['if-match'];
      const expected = expectedVersion(Array.isArray(ifMatch) ? ifMatch[0] : ifMatch, task);
      const conflict = (now: number) =>
        new FhirError(
          412,
          'conflict',
          `The Task changed meanwhile: it is at version ${now}, your change was made on version ${expected}. Read the Task again and decide anew.`,
        );
      if (expected !== r.version) throw conflict(r.version);
      const change = taskChange(task, id, r.state as ReferralState);
      // The same step as the button in the web app, through the same state machine; the version is checked again
      // under the row lock, so a change that slipped in between is refused too.
      const row = await referrals.act(actor, id, change.action, change.input, null, {
        within: async (_trx, after) => {
          if (after.version !== expected + 1) throw conflict(after.version - 1);
        },
      });
      await audit.record(db, actor.audit, {
        eventType: 'fhir.update',
        action: 'U',
        objectType: 'Task',
        objectId: id,
        patientId: row.patient_id,
        details: { step: change.action },
      });
      reply.header('etag', `W/"${row.version}"`).header('last-modified', row.updated_at.toUTCString());
      return fhir(reply, await referralResource(actor, 'Task', row));
    },
  );

  app.post(
    `${PREFIX}/DocumentReference`,
    {
      config: { access: 'fhir.use' },
      bodyLimit: FHIR_BODY_LIMIT,
      schema: {
        ...docs,
        summary:
          'FHIR create of a DocumentReference with its bytes inline (content.attachment.data) for a referral (context.related ServiceRequest/<id>): while drafting or answering a request for more information; the same checks as an upload',
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const d = (request.body ?? {}) as DocumentReference;
      const related = (d.context?.related ?? [])
        .map((x) => x.reference ?? '')
        .find((x) => x.startsWith('ServiceRequest/'));
      if (!related)
        throw new FhirError(
          400,
          'required',
          'DocumentReference.context.related must name the referral: ServiceRequest/<id>.',
        );
      const referralId = related.slice('ServiceRequest/'.length);
      await referrals.visible(actor, referralId);
      const incoming = incomingDocument(d);
      const maxBytes = (await settings.referralPolicy()).maxUploadMegabytes * 1024 * 1024;
      const file = await storeIncoming(store, incoming, maxBytes);
      const [documentId] = await attachDocuments(actor, referralId, [{ doc: incoming, file }], true);
      const doc = await db
        .selectFrom('referral_document')
        .selectAll()
        .where('id', '=', documentId!)
        .executeTakeFirstOrThrow();
      const r = await referrals.visible(actor, referralId);
      return fhir(
        reply.status(201).header('location', `${base}/DocumentReference/${doc.id}`),
        toDocumentReference(doc, r),
      );
    },
  );

  app.post(
    `${PREFIX}/Subscription`,
    {
      config: { access: 'fhir.use' },
      schema: {
        ...docs,
        summary:
          'FHIR create of a Subscription (rest-hook, criteria a Task search): you are told when a referral you may see changes',
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const row = parseSubscription((request.body ?? {}) as Subscription, actor.userId, {
        allowHttp: allowHttpHooks,
      });
      const active = await db
        .selectFrom('fhir_subscription')
        .select(({ fn }) => fn.countAll().as('n'))
        .where('user_id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      if (Number(active.n) >= MAX_SUBSCRIPTIONS)
        throw new FhirError(
          422,
          'too-costly',
          `You have ${MAX_SUBSCRIPTIONS} subscriptions already; delete one you no longer need first.`,
        );
      await db
        .insertInto('fhir_subscription')
        .values({ ...row, headers: JSON.stringify(row.headers) })
        .execute();
      await audit.record(db, actor.audit, {
        eventType: 'fhir.subscription.create',
        action: 'C',
        objectType: 'Subscription',
        objectId: row.id,
        details: { criteria: row.criteria, endpoint: new URL(row.endpoint).origin },
      });
      return fhir(
        reply
          .status(201)
          .header('location', `${base}/Subscription/${row.id}/_history/1`)
          .header('etag', 'W/"1"'),
        toSubscription(row),
      );
    },
  );

  app.delete<{ Params: { id: string } }>(
    `${PREFIX}/Subscription/:id`,
    { config: { access: 'fhir.use' }, schema: { ...docs, summary: 'FHIR delete of your Subscription' } },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const gone = await db
        .deleteFrom('fhir_subscription')
        .where('id', '=', request.params.id)
        .where('user_id', '=', actor.userId)
        .returning('id')
        .executeTakeFirst();
      if (!gone) throw new HttpError(404, 'not-found');
      await audit.record(db, actor.audit, {
        eventType: 'fhir.subscription.delete',
        action: 'D',
        objectType: 'Subscription',
        objectId: gone.id,
      });
      return fhir(reply, operationOutcome('informational', 'Subscription deleted.', 'information'));
    },
  );

  /**
   * Attaches stored files to a referral through the ReferralService (its rules on who may add documents when),
   * skipping a file the referral already has; returns the document id of each file, in order. Without
   * `always`, a referral that was already sent is left as it is (a retried transaction).
   */
  async function attachDocuments(
    actor: ReferralActor,
    referralId: string,
    files: { doc: IncomingDocument; file: StoredFile }[],
    always = false,
  ): Promise<string[]> {
    if (!files.length) return [];
    const r = await referrals.visible(actor, referralId);
    const existing = await db
      .selectFrom('referral_document')
      .select(['id', 'kind', 'sha256'])
      .where('referral_id', '=', referralId)
      .execute();
    const have = new Map(existing.map((d) => [`${d.kind}|${d.sha256}`, d.id]));
    const ids: string[] = [];
    for (const { doc, file } of files) {
      const key = `${doc.kind}|${file.sha256}`;
      let id = always ? undefined : have.get(key);
      if (!id && !always && r.state !== 'draft') {
        ids.push('');
        continue;
      }
      if (!id) {
        const extra =
          r.kind === 'second-opinion' ? await checkSecondOpinionUpload(store, file, doc.kind, {}) : undefined;
        id = (await referrals.addDocument(actor, referralId, file, doc.kind, 'upload', extra)).id;
        have.set(key, id);
      }
      ids.push(id);
    }
    return ids;
  }

  app.all(`${PREFIX}/*`, { config: { access: 'fhir.use' }, schema: { hide: true } }, async () => {
    throw new FhirError(
      404,
      'not-supported',
      `Not supported by this FHIR interface. See ${base}/metadata for what is.`,
    );
  });
}

function unknownType(type: string) {
  return new FhirError(
    404,
    'not-supported',
    `Resource type "${type}" is not served here. Supported: ${resourceTypes.join(', ')}.`,
  );
}
