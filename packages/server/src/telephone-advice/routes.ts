import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  isTelephoneAdviceConsentType,
  resolveText,
  TelephoneAdviceInputSchema,
  TelephoneAdvicePatientFileSchema,
  type Language,
} from '@loket/domain';
import type { CapabilityOptions } from '../http/capability.ts';
import { contentDisposition, receiveUpload, sendDocument } from '../documents/index.ts';
import { HttpError, languageOf, ProblemSchema } from '../http/errors.ts';
import { idempotencyOf, IdempotentReplay } from '../http/idempotency.ts';
import { referralActor } from '../referrals/actor.ts';
import { todayInAmsterdam } from '../settings/service.ts';
import { consentFormFilename, renderConsentForm } from './consent-form.ts';
import { TelephoneAdviceService, type VisibleAdvice } from './service.ts';
import {
  TelephoneAdviceListItemSchema,
  telephoneAdviceListItem,
  telephoneAdviceView,
  TelephoneAdviceViewSchema,
} from './views.ts';

/** A signed declaration is a scan or a photo: small, so a modest limit. */
const CONSENT_MAX_BYTES = 20 * 1024 * 1024;

const Id = z.object({ id: z.uuid() });
const Lang = z.object({ lang: z.enum(['nl', 'en']).optional() });
const problems = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

/** The API of telephone advice records (R-TEL-01) and their consent (R-CON-02). */
export async function telephoneAdviceRoutes(app: FastifyInstance, options: CapabilityOptions) {
  const { db, audit, catalog } = app.loket;
  const { store } = options;
  const service = new TelephoneAdviceService({ db, audit, catalog });
  const api = app.withTypeProvider<ZodTypeProvider>();

  const view = ({ row, access }: VisibleAdvice) => telephoneAdviceView(row, access);

  async function hospitalName(lang: Language) {
    return resolveText((await catalog.snapshot()).hospital.name, lang).text;
  }

  async function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string) {
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition(filename))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(pdf);
  }

  api.post(
    '/api/telephone-advice',
    {
      config: { access: 'telephone-advice.record' },
      schema: {
        tags: ['telephone advice'],
        summary:
          'Record the advice received in a telephone consultation (R-TEL-01); it waits for the patient\u2019s signed consent',
        headers: z.object({
          'idempotency-key': z
            .string()
            .optional()
            .describe('Repeat a POST with the same key to get the first answer, never a second record'),
        }),
        body: TelephoneAdviceInputSchema,
        response: { 201: TelephoneAdviceViewSchema, ...problems, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      try {
        const row = await service.record(
          actor,
          request.body,
          idempotencyOf(request, 'telephone-advice.create'),
        );
        return reply.status(201).send(telephoneAdviceView(row, 'recorder'));
      } catch (e) {
        const id = e instanceof IdempotentReplay ? (e.response as { id?: string } | null)?.id : undefined;
        if (!id) throw e;
        return reply
          .status(201)
          .header('idempotent-replayed', 'true')
          .send(view(await service.visible(actor, id)));
      }
    },
  );

  api.get(
    '/api/telephone-advice',
    {
      config: { access: 'telephone-advice.record' },
      schema: {
        tags: ['telephone advice'],
        summary:
          'The records the signed-in user made, and for department staff the records of their departments that are in the file',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ records: z.array(TelephoneAdviceListItemSchema) }) },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      const list = await service.list(actor, request.query.limit);
      return { records: list.map(({ row, access }) => telephoneAdviceListItem(row, access)) };
    },
  );

  api.get(
    '/api/telephone-advice/consent-form',
    {
      config: { access: 'telephone-advice.record' },
      schema: {
        tags: ['telephone advice'],
        summary:
          'The blank consent declaration to print ("Toestemmingsverklaring vastleggen telefonisch advies in dossier"), PDF',
        querystring: Lang,
      },
    },
    async (request, reply) => {
      const language = request.query.lang ?? languageOf(request);
      const pdf = await renderConsentForm({
        language,
        hospitalName: await hospitalName(language),
        printedOn: todayInAmsterdam(),
      });
      return sendPdf(reply, pdf, consentFormFilename(language));
    },
  );

  api.post(
    '/api/telephone-advice/patient-file',
    {
      config: { access: 'patients.search' },
      schema: {
        tags: ['telephone advice'],
        summary:
          'The filed telephone advice in a patient\u2019s file, for staff whose department has the patient; the BSN goes in the body, never in a URL',
        body: TelephoneAdvicePatientFileSchema,
        response: {
          200: z.object({
            patient: z
              .object({ name: z.string(), birthDate: z.string() })
              .nullable()
              .describe('null when there is no such patient, or none the user may see'),
            records: z.array(TelephoneAdviceViewSchema),
          }),
          400: ProblemSchema,
        },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      const file = await service.patientFile(actor, request.body.bsn);
      return {
        patient: file.patient
          ? {
              name: [file.patient.given_name, file.patient.family_name].filter(Boolean).join(' '),
              birthDate: file.patient.birth_date,
            }
          : null,
        records: file.records.map(({ row, access }) => telephoneAdviceView(row, access)),
      };
    },
  );

  api.get(
    '/api/telephone-advice/:id',
    {
      config: { access: 'telephone-advice.record' },
      schema: {
        tags: ['telephone advice'],
        summary: 'One record: to its recorder always, to staff of the department once it is in the file',
        params: Id,
        response: { 200: TelephoneAdviceViewSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      return view(await service.read(actor, request.params.id));
    },
  );

  api.post(
    '/api/telephone-advice/:id/consent',
    {
      config: { access: 'telephone-advice.record' },
      schema: {
        tags: ['telephone advice'],
        summary:
          'Upload the signed consent declaration (multipart/form-data, one "file": PDF, JPEG, PNG or TIFF, up to 20 MB); the record joins the patient\u2019s file (R-CON-02)',
        consumes: ['multipart/form-data'],
        params: Id,
        response: { 200: TelephoneAdviceViewSchema, ...problems, 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      // Check access before reading the body, so nobody streams a file into a record they cannot change.
      await service.checkConsentAllowed(actor, request.params.id);
      const { file } = await receiveUpload(request, store, { maxBytes: CONSENT_MAX_BYTES });
      if (!isTelephoneAdviceConsentType(file.mediaType)) {
        const lang = languageOf(request);
        throw new HttpError(415, 'upload-refused', {
          reason: 'type-not-allowed',
          detected: file.mediaType,
          message:
            lang === 'nl'
              ? 'Stuur de ondertekende verklaring als PDF of als foto (JPEG, PNG of TIFF).'
              : 'Send the signed declaration as a PDF or as a photo (JPEG, PNG or TIFF).',
        });
      }
      return view(await service.addConsent(actor, request.params.id, file));
    },
  );

  api.get(
    '/api/telephone-advice/:id/consent',
    {
      config: { access: 'telephone-advice.record' },
      schema: {
        tags: ['telephone advice'],
        summary: 'Download the signed consent declaration, always as an attachment',
        params: Id,
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const row = await service.consentDocument(actor, request.params.id);
      return sendDocument(reply, store, {
        storageKey: row.consent_storage_key!,
        filename: row.consent_filename ?? 'consent',
        mediaType: row.consent_media_type ?? 'application/octet-stream',
        size: row.consent_size ?? 0,
      });
    },
  );

  api.get(
    '/api/telephone-advice/:id/consent-form',
    {
      config: { access: 'telephone-advice.record' },
      schema: {
        tags: ['telephone advice'],
        summary:
          'The consent declaration to print, with the patient\u2019s name and date of birth filled in, PDF',
        params: Id,
        querystring: Lang,
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const { row } = await service.read(actor, request.params.id, 'telephone-advice.consent-form');
      const language = request.query.lang ?? languageOf(request);
      const department = (await catalog.snapshot()).departments.find(
        (d) => d.department.id === row.department_id,
      );
      const pdf = await renderConsentForm({
        language,
        hospitalName: await hospitalName(language),
        printedOn: todayInAmsterdam(),
        record: {
          reference: row.reference,
          patientName: [row.patient.givenName, row.patient.familyName].filter(Boolean).join(' '),
          birthDate: row.patient.birthDate,
          department: [
            department ? resolveText(department.department.name, language).text : row.department_id,
            row.consulted_specialist,
          ]
            .filter(Boolean)
            .join(' · '),
          consultedOn: row.consulted_on,
          recordedBy: row.recorded_by_name,
        },
      });
      return sendPdf(reply, pdf, consentFormFilename(language, row.reference));
    },
  );
}
