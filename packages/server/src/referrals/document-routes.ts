import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canonicalJson } from '@loket/db';
import { DocumentKindSchema } from '@loket/domain';
import { receiveUpload, sendDocument, type DocumentStore } from '../documents/index.ts';
import { HttpError, ProblemSchema } from '../http/errors.ts';
import { idempotencyOf, IdempotentReplay } from '../http/idempotency.ts';
import { readLetterPdf } from '../letters/letters.ts';
import { contentDisposition } from '../documents/index.ts';
import { checkSecondOpinionUpload, isPhotoFolder } from '../second-opinions/upload.ts';
import { referralActor } from './actor.ts';
import { viewerLevel } from './views.ts';

/** Documents on a referral: uploads streamed to storage with the type read from the content, downloads as attachments. */
export async function documentRoutes(app: FastifyInstance, options: { store: DocumentStore }) {
  const { db, referrals, settings } = app.loket;
  const { store } = options;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/referrals/:id/documents',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['referrals'],
        summary:
          'Upload one document (multipart/form-data: the field "kind" first, then "file"). PDF, JPEG, PNG, TIFF, DICOM or plain text, up to the configured size (default 100 MB)',
        consumes: ['multipart/form-data'],
        headers: z.object({
          'idempotency-key': z
            .string()
            .optional()
            .describe(
              'Repeat an upload with the same key and file to get the first answer, never a second document',
            ),
        }),
        params: z.object({ id: z.uuid() }),
        response: {
          201: z.object({
            id: z.string(),
            kind: z.string(),
            filename: z.string(),
            mediaType: z.string(),
            size: z.number(),
            sha256: z.string(),
          }),
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      // Check access before reading the body, so nobody streams 100 MB into a referral they cannot see.
      const referral = await referrals.visible(actor, request.params.id);
      // Checked before the body too: a malformed Idempotency-Key is refused without storing anything.
      const claim = idempotencyOf(request, `referral.document:${request.params.id}`);
      const policy = await settings.referralPolicy();
      const { file, fields } = await receiveUpload(request, store, {
        maxBytes: policy.maxUploadMegabytes * 1024 * 1024,
      }).catch((e: unknown) => {
        // A ZIP sent for a second opinion is a photo folder: say to send the scans as DICOM (R-SO-04).
        if (referral.kind === 'second-opinion' && isPhotoFolder(e))
          throw new HttpError(415, 'second-opinion-not-dicom', { detected: 'application/zip' });
        throw e;
      });
      const kind = DocumentKindSchema.safeParse(fields.kind ?? 'other');
      if (!kind.success)
        throw new HttpError(400, 'invalid-input', {
          problems: [{ path: 'kind', message: 'Choose the kind of document' }],
        });
      const origin = fields.origin === 'original' ? 'original' : 'upload';
      // A second opinion records each document's language and refuses images that are not DICOM (R-SO-04, R-SO-05).
      const extra =
        referral.kind === 'second-opinion'
          ? await checkSecondOpinionUpload(store, file, kind.data, fields)
          : undefined;
      // R-REF-10: a retried upload (the answer was lost) adds the document once. The key covers the file's hash
      // and the form fields, so the same key with another file is refused as a conflict.
      const idem = claim && {
        ...claim,
        bodyHash: createHash('sha256')
          .update(claim.bodyHash)
          .update(canonicalJson({ sha256: file.sha256, filename: file.filename, fields }))
          .digest('hex'),
      };
      const answer = (doc: {
        id: string;
        kind: string;
        filename: string;
        media_type: string;
        size: number;
        sha256: string;
      }) => ({
        id: doc.id,
        kind: doc.kind,
        filename: doc.filename,
        mediaType: doc.media_type,
        size: doc.size,
        sha256: doc.sha256,
      });
      try {
        const doc = await referrals.addDocument(
          actor,
          request.params.id,
          file,
          kind.data,
          origin,
          extra,
          idem,
          answer,
        );
        return reply.status(201).send(answer(doc));
      } catch (e) {
        if (!(e instanceof IdempotentReplay)) throw e;
        return reply
          .status(201)
          .header('idempotent-replayed', 'true')
          .send(e.response as ReturnType<typeof answer>);
      }
    },
  );

  api.get(
    '/api/referrals/:id/documents/:documentId',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['referrals'],
        summary: 'Download a document, always as an attachment',
        params: z.object({ id: z.uuid(), documentId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const doc = await referrals.documentFor(actor, request.params.id, request.params.documentId);
      return sendDocument(reply, store, {
        storageKey: doc.storage_key,
        filename: doc.filename,
        mediaType: doc.media_type,
        size: doc.size,
      });
    },
  );

  api.get(
    '/api/referrals/:id/letters/:letterId',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['referrals'],
        summary: 'A letter of the referral as PDF (R-COM-03); a patient reads the letters addressed to them',
        params: z.object({ id: z.uuid(), letterId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const r = await referrals.visible(actor, request.params.id);
      const letter = await readLetterPdf(db, request.params.letterId);
      if (!letter || letter.referralId !== r.id) throw new HttpError(404, 'not-found');
      // A patient who asked themself (patient-portal) is also the referrer of their request.
      const ownRequest = letter.recipientRole === 'referrer' && r.referrer_user_id === actor.userId;
      if (viewerLevel(actor, r) === 'patient' && letter.recipientRole !== 'patient' && !ownRequest)
        throw new HttpError(404, 'not-found');
      await app.loket.audit.record(db, actor.audit, {
        eventType: 'letter.download',
        action: 'R',
        objectType: 'letter',
        objectId: letter.id,
        patientId: r.patient_id,
        details: { referral: r.reference, type: letter.type },
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(letter.filename))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(letter.pdf);
    },
  );
}
