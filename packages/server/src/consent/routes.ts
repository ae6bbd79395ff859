import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConsentRecordTable } from '@loket/db';
import {
  ConsentInputSchema,
  ConsentMethodSchema,
  ConsentWithdrawalSchema,
  isConsentDeclarationType,
} from '@loket/domain';
import { receiveUpload, sendDocument } from '../documents/index.ts';
import type { CapabilityOptions } from '../http/capability.ts';
import { HttpError, languageOf, localizedIssues, ProblemSchema } from '../http/errors.ts';
import { idempotencyOf, IdempotentReplay } from '../http/idempotency.ts';
import { referralActor, type ReferralActor } from '../referrals/actor.ts';
import { ConsentService, type ConsentOverview } from './service.ts';

/** A signed declaration is a scan or a photo: small, so a modest limit. */
const DECLARATION_MAX_BYTES = 20 * 1024 * 1024;

const Id = z.object({ id: z.uuid() });
const problems = {
  400: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .describe('Repeat a POST with the same key to get the first answer, never a second record'),
});

const RecordSchema = z.object({
  id: z.string(),
  scope: z.string(),
  method: z.string(),
  referralId: z.string().nullable().describe('null: given in general, for all the patient\u2019s referrals'),
  givenAt: z.date(),
  givenBy: z.object({ name: z.string(), role: z.string() }),
  note: z.string().nullable(),
  declaration: z.object({ filename: z.string(), size: z.number() }).nullable(),
  withdrawn: z.object({ at: z.date(), by: z.string().nullable(), reason: z.string().nullable() }).nullable(),
});
const OverviewSchema = z
  .object({
    records: z.array(RecordSchema),
    letters: z.array(
      z.object({
        letterId: z.string(),
        type: z.string(),
        recipientRole: z.string(),
        recipientName: z.string().nullable(),
        createdAt: z.date(),
        scope: z.string(),
        waitingSince: z.date(),
        releasedAt: z.date().nullable(),
        messageStatus: z.string().nullable(),
        sentAt: z.date().nullable(),
      }),
    ),
    you: z.object({
      as: z.enum(['patient', 'staff', 'referrer']),
      methods: z.array(ConsentMethodSchema),
      mayWithdraw: z.boolean(),
    }),
  })
  .describe(
    'The consent records that bear on the referral, and its letters that wait (or waited) for consent',
  );

const date = (d: Date | string) => (d instanceof Date ? d : new Date(d));

function recordView(r: ConsentRecordTable) {
  return {
    id: r.id,
    scope: r.scope,
    method: r.method,
    referralId: r.referral_id,
    givenAt: date(r.given_at),
    givenBy: { name: r.given_by_name, role: r.given_by_role },
    note: r.note,
    declaration: r.declaration_storage_key
      ? { filename: r.declaration_filename ?? 'declaration', size: Number(r.declaration_size ?? 0) }
      : null,
    withdrawn: r.withdrawn_at
      ? { at: date(r.withdrawn_at), by: r.withdrawn_by_name, reason: r.withdrawn_reason }
      : null,
  };
}

function overviewView(o: ConsentOverview) {
  return {
    records: o.records.map(recordView),
    letters: o.letters.map((l) => ({
      ...l,
      createdAt: date(l.createdAt),
      waitingSince: date(l.waitingSince),
      releasedAt: l.releasedAt ? date(l.releasedAt) : null,
      sentAt: l.sentAt ? date(l.sentAt) : null,
    })),
    you: { as: o.recorder, methods: [...o.methods], mayWithdraw: o.mayWithdraw },
  };
}

/** The API of consent on a referral (R-CON-01) and of the letters that wait for it (R-CON-03, R-COM-02). */
export async function consentRoutes(app: FastifyInstance, options: CapabilityOptions) {
  const { db, audit } = app.loket;
  const { store } = options;
  const service = new ConsentService({ db, audit });
  const api = app.withTypeProvider<ZodTypeProvider>();

  /** A replayed Idempotency-Key answers with the consent as it is now, under the first status. */
  async function write(actor: ReferralActor, referralId: string, work: () => Promise<ConsentOverview>) {
    try {
      return { replayed: false, body: overviewView(await work()) };
    } catch (e) {
      if (!(e instanceof IdempotentReplay)) throw e;
      return { replayed: true, body: overviewView(await service.read(actor, referralId)) };
    }
  }

  api.get(
    '/api/referrals/:id/consent',
    {
      config: { access: 'consent.read' },
      schema: {
        tags: ['consent'],
        summary:
          'The consent records of the referral\u2019s patient (who, when, scope, how, withdrawn) and the letters waiting for consent',
        params: Id,
        response: { 200: OverviewSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      return overviewView(await service.read(actor, request.params.id));
    },
  );

  api.post(
    '/api/referrals/:id/consent',
    {
      config: { access: 'consent.record' },
      schema: {
        tags: ['consent'],
        summary:
          'Record consent (R-CON-01): the patient in the portal ("portal"), staff ("signed-form", "verbal-to-staff" with a note), a referrer ("confirmed-by-referrer"); letters waiting for it are sent',
        params: Id,
        headers: IdempotencyHeader,
        body: ConsentInputSchema,
        response: { 201: OverviewSchema, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const out = await write(actor, request.params.id, () =>
        service.give(actor, request.params.id, request.body, idempotencyOf(request, 'consent.record')),
      );
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(out.body);
    },
  );

  api.post(
    '/api/referrals/:id/consent/signed-form',
    {
      config: { access: 'consent.record' },
      schema: {
        tags: ['consent'],
        summary:
          'Staff record consent from a signed form with the scanned declaration (multipart/form-data: fields "scope" and optional "note" first, then one "file": PDF, JPEG, PNG or TIFF, up to 20 MB)',
        consumes: ['multipart/form-data'],
        params: Id,
        response: { 201: OverviewSchema, ...problems, 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const lang = languageOf(request);
      // Check access before reading the body, so nobody streams a file into a referral they cannot see.
      await service.checkMayGive(actor, request.params.id, 'signed-form');
      const { file, fields } = await receiveUpload(request, store, { maxBytes: DECLARATION_MAX_BYTES });
      if (!isConsentDeclarationType(file.mediaType))
        throw new HttpError(415, 'upload-refused', {
          reason: 'type-not-allowed',
          detected: file.mediaType,
          message:
            lang === 'nl'
              ? 'Stuur de ondertekende verklaring als PDF of als foto (JPEG, PNG of TIFF).'
              : 'Send the signed declaration as a PDF or as a photo (JPEG, PNG or TIFF).',
        });
      const input = ConsentInputSchema.safeParse({
        scope: fields.scope,
        method: 'signed-form',
        note: fields.note,
      });
      if (!input.success)
        throw new HttpError(400, 'invalid-input', { problems: localizedIssues(input.error.issues, lang) });
      const out = await service.give(actor, request.params.id, input.data, null, file);
      return reply.status(201).send(overviewView(out));
    },
  );

  api.post(
    '/api/referrals/:id/consent/:consentId/withdraw',
    {
      config: { access: 'consent.record' },
      schema: {
        tags: ['consent'],
        summary:
          'Withdraw consent, with a reason (the patient or staff); the record stays, stamped. Letters still waiting keep waiting',
        params: z.object({ id: z.uuid(), consentId: z.uuid() }),
        headers: IdempotencyHeader,
        body: ConsentWithdrawalSchema,
        response: { 200: OverviewSchema, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const { id, consentId } = request.params;
      const out = await write(actor, id, () =>
        service.withdraw(actor, id, consentId, request.body, idempotencyOf(request, 'consent.withdraw')),
      );
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(200).send(out.body);
    },
  );

  api.get(
    '/api/referrals/:id/consent/:consentId/declaration',
    {
      config: { access: 'consent.read' },
      schema: {
        tags: ['consent'],
        summary: 'Download the signed consent declaration, always as an attachment',
        params: z.object({ id: z.uuid(), consentId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const doc = await service.declaration(actor, request.params.id, request.params.consentId);
      return sendDocument(reply, store, doc);
    },
  );
}
