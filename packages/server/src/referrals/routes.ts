import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { quickDiagnosesOf, referralsOfPatients, referralsOfReferrer, worklist } from '@loket/db';
import {
  deadlineStatus,
  DraftInputSchema,
  RegistrationInputSchema,
  isValidBsn,
  normalizeBsn,
  PatientSearchSchema,
  referralActions,
  ReferralKindSchema,
  ReferralStateSchema,
  UrgencySchema,
  type Hospital,
  type ReferralAction,
} from '@loket/domain';
import { HttpError, ProblemSchema } from '../http/errors.ts';
import { idempotencyOf, IdempotentReplay, type IdempotencyClaim } from '../http/idempotency.ts';
import { todayInAmsterdam } from '../settings/service.ts';
import { referralActor, type ReferralActor } from './actor.ts';
import type { ReferralRow } from '@loket/db';
import { referralView } from './views.ts';

const Id = z.object({ id: z.uuid() });
const problems = {
  400: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const View = z
  .record(z.string(), z.unknown())
  .describe('A referral as the viewer may see it, with timeline, documents, letters and messages');
const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .describe('Repeat a POST with the same key to get the first answer, never a second referral'),
});

export async function referralRoutes(app: FastifyInstance) {
  const { db, referrals, catalog, settings, audit } = app.loket;
  const api = app.withTypeProvider<ZodTypeProvider>();

  /** Quick-diagnosis referrals show their tumour type and tight clocks on the worklist (R-QD-01). */
  async function worklistQuickDiagnoses(ids: string[], hospital: Hospital, status: (due: string) => string) {
    const rows = await quickDiagnosesOf(db, ids);
    return new Map(
      rows.map((q) => [
        q.referral_id,
        {
          tumourType:
            hospital.quickDiagnosis?.tumourTypes.find((t) => t.id === q.tumour_type_id)?.name ?? null,
          firstVisitDue: q.first_visit_due,
          firstVisitStatus: q.first_visit_due && !q.first_visit_on ? status(q.first_visit_due) : null,
          diagnosisDue: q.diagnosis_due,
          diagnosisStatus: q.diagnosis_due ? status(q.diagnosis_due) : null,
          examinations: q.day_plan?.examinations.length ?? 0,
        },
      ]),
    );
  }

  async function view(actor: ReferralActor, r: ReferralRow, reason: 'read' | 'change' | 'created') {
    const [s, policy] = await Promise.all([catalog.snapshot(), settings.referralPolicy()]);
    const holidays = await settings.holidays(new Date(), policy);
    const department = s.departments.find((d) => d.department.id === r.department_id);
    if (!department) throw new HttpError(404, 'not-found');
    if (reason === 'read') {
      await audit.record(db, actor.audit, {
        eventType: 'referral.read',
        action: 'R',
        objectType: 'referral',
        objectId: r.id,
        patientId: r.patient_id,
      });
    }
    return referralView(db, referrals, actor, r, {
      department: department.department,
      hospital: s.hospital,
      policy,
      holidays,
      today: todayInAmsterdam(),
      fresh: reason === 'created',
    });
  }

  /** Runs a write; a replayed Idempotency-Key answers with the referral as it is now, under the first status. */
  async function write(
    reply: FastifyReply,
    actor: ReferralActor,
    status: number,
    work: () => Promise<ReferralRow>,
    reason: 'change' | 'created' = 'change',
  ) {
    try {
      const row = await work();
      return reply.status(status).send(await view(actor, row, reason));
    } catch (e) {
      if (e instanceof IdempotentReplay) {
        const id = (e.response as { id?: string } | null)?.id;
        if (!id) throw e;
        return reply
          .status(e.status)
          .header('idempotent-replayed', 'true')
          .send(await view(actor, await referrals.visible(actor, id), 'change'));
      }
      throw e;
    }
  }

  api.post(
    '/api/referrals',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['referrals'],
        summary: 'Start a referral (a draft) from the referral guide',
        headers: IdempotencyHeader,
        body: DraftInputSchema,
        response: { 201: View, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      return write(
        reply,
        actor,
        201,
        () => referrals.createDraft(actor, request.body, idempotencyOf(request, 'referral.create')),
        'created',
      );
    },
  );

  api.put(
    '/api/referrals/:id/draft',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['referrals'],
        summary: 'Save a draft; refused when it changed meanwhile (send the version you loaded)',
        params: Id,
        body: z.object({ draft: DraftInputSchema, version: z.number().int().positive() }),
        response: { 200: View, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      return write(reply, actor, 200, () =>
        referrals.updateDraft(actor, request.params.id, request.body.draft, request.body.version),
      );
    },
  );

  api.post(
    '/api/referrals/:id/submit',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['referrals'],
        summary: "Send a draft to the department; refused with the missing items or the department's stop",
        headers: IdempotencyHeader,
        params: Id,
        response: { 200: View, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      return write(reply, actor, 200, () =>
        referrals.submit(
          actor,
          request.params.id,
          idempotencyOf(request, `referral.submit:${request.params.id}`),
        ),
      );
    },
  );

  api.post(
    '/api/referrals/register',
    {
      config: { access: 'referrals.register' },
      schema: {
        tags: ['referrals'],
        summary: 'Back office: register a referral that came by post, fax, e-mail or phone (R-REF-02)',
        headers: IdempotencyHeader,
        body: RegistrationInputSchema,
        response: { 201: View, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      return write(reply, actor, 201, () =>
        referrals.register(actor, request.body, idempotencyOf(request, 'referral.register')),
      );
    },
  );

  api.post(
    '/api/referrals/:id/actions/:action',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['referrals'],
        summary:
          'Take a step: start-triage, request-information, supplement, accept, reject, forward, schedule, reschedule, no-show, record-consult, refer-to-mdo, complete, cancel, merge',
        headers: IdempotencyHeader,
        params: z.object({
          id: z.uuid(),
          action: z.enum(
            referralActions.filter((a) => a !== 'submit') as [ReferralAction, ...ReferralAction[]],
          ),
        }),
        body: z.unknown().optional(),
        response: { 200: View, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      const { id, action } = request.params;
      const idem: IdempotencyClaim | null = idempotencyOf(request, `referral.${action}:${id}`);
      return write(reply, actor, 200, () =>
        referrals.act(actor, id, action as Exclude<ReferralAction, 'submit'>, request.body ?? {}, idem),
      );
    },
  );

  api.post(
    '/api/referrals/:id/claim',
    {
      config: { access: 'worklist.read' },
      schema: {
        tags: ['referrals'],
        summary: 'Claim (or release) a referral on the worklist',
        params: Id,
        body: z.object({ claim: z.boolean() }),
        response: { 200: View, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await referralActor(db, request);
      return write(reply, actor, 200, () => referrals.claim(actor, request.params.id, request.body.claim));
    },
  );

  api.get(
    '/api/referrals/:id',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['referrals'],
        summary: 'A referral with its timeline (R-REF-08)',
        params: Id,
        response: { 200: View, 404: ProblemSchema },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      return view(actor, await referrals.visible(actor, request.params.id), 'read');
    },
  );

  api.get(
    '/api/referrals',
    {
      config: { access: 'referrals.use' },
      schema: {
        tags: ['referrals'],
        summary: 'The referrals the signed-in referrer or patient follows (staff use the worklist)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: {
          200: z.object({
            referrals: z.array(
              z.object({
                id: z.string(),
                reference: z.string(),
                kind: z.string(),
                state: z.string(),
                departmentId: z.string(),
                patientName: z.string().nullable(),
                updatedAt: z.date(),
                submittedAt: z.date().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      const rows = actor.roles.includes('referrer')
        ? await referralsOfReferrer(db, actor.userId, actor.organisationId, request.query.limit)
        : [];
      const own =
        (actor.patientIds ?? []).length > 0
          ? await referralsOfPatients(db, actor.patientIds ?? [], request.query.limit)
          : [];
      const list = [
        ...rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          kind: r.kind,
          state: r.state,
          departmentId: r.department_id,
          patientName: [r.patient_given_name, r.patient_family_name].filter(Boolean).join(' ') || null,
          updatedAt: r.updated_at,
          submittedAt: r.submitted_at,
        })),
        ...own.map((r) => ({
          id: r.id,
          reference: r.reference,
          kind: r.kind,
          state: r.state,
          departmentId: r.department_id,
          patientName: null,
          updatedAt: r.updated_at,
          submittedAt: r.submitted_at,
        })),
      ];
      await audit.record(db, actor.audit, {
        eventType: 'referral.list',
        action: 'R',
        objectType: 'referral',
        details: { returned: list.length },
      });
      return { referrals: list };
    },
  );

  api.get(
    '/api/worklist',
    {
      config: { access: 'worklist.read' },
      schema: {
        tags: ['referrals'],
        summary:
          'A department worklist ordered by due date and urgency, with deadlines at risk flagged (R-REF-04, R-WD-02)',
        querystring: z.object({
          departmentId: z.string().max(100).optional(),
          state: z.union([ReferralStateSchema, z.array(ReferralStateSchema)]).optional(),
          kind: ReferralKindSchema.optional(),
          carePathId: z.string().max(100).optional(),
          urgency: UrgencySchema.optional(),
          overdue: z.enum(['true', 'false']).optional(),
          mine: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.object({ items: z.array(z.record(z.string(), z.unknown())), today: z.string() }),
          403: ProblemSchema,
        },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      const q = request.query;
      if (q.departmentId && !actor.departmentIds.includes(q.departmentId))
        throw new HttpError(403, 'not-permitted');
      const [policy, snapshot] = await Promise.all([settings.referralPolicy(), catalog.snapshot()]);
      const holidays = await settings.holidays(new Date(), policy);
      const today = todayInAmsterdam();
      const rows = await worklist(db, {
        departmentIds: q.departmentId ? [q.departmentId] : actor.departmentIds,
        ...(q.state ? { states: Array.isArray(q.state) ? q.state : [q.state] } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.carePathId ? { carePathId: q.carePathId } : {}),
        ...(q.urgency ? { urgency: q.urgency } : {}),
        ...(q.overdue === 'true' ? { dueBefore: today } : {}),
        ...(q.mine === 'true' ? { claimedBy: actor.userId } : {}),
        limit: q.limit,
      });
      const quick = await worklistQuickDiagnoses(
        rows.filter((r) => r.kind === 'quick-diagnosis').map((r) => r.id),
        snapshot.hospital,
        (due) => deadlineStatus(due, today, policy, holidays),
      );
      const items = rows.map((r) => {
        const triageOpen = ['received', 'in-triage', 'awaiting-information'].includes(r.state);
        const due = triageOpen ? r.triage_due : r.seen_within;
        return {
          id: r.id,
          reference: r.reference,
          kind: r.kind,
          state: r.state,
          departmentId: r.department_id,
          carePathId: r.care_path_id,
          channel: r.channel,
          urgency: r.urgency ?? r.urgency_requested,
          due,
          dueRule: triageOpen ? 'triage' : 'seen-within',
          dueStatus: due ? deadlineStatus(due, today, policy, holidays) : null,
          submittedAt: r.submitted_at,
          claimedBy: r.claimed_by ? { id: r.claimed_by, name: r.claimed_by_name } : null,
          likelyDuplicate: r.duplicate_of !== null,
          referrerName: r.referrer_name,
          patient: {
            name: [r.patient_given_name, r.patient_family_name].filter(Boolean).join(' '),
            birthDate: r.patient_birth_date,
          },
          quickDiagnosis: quick.get(r.id) ?? null,
        };
      });
      await audit.record(db, actor.audit, {
        eventType: 'worklist.read',
        action: 'R',
        objectType: 'worklist',
        details: { departments: q.departmentId ?? actor.departmentIds, returned: items.length },
      });
      return { items, today };
    },
  );

  api.post(
    '/api/patients/search',
    {
      config: { access: 'patients.search' },
      schema: {
        tags: ['referrals'],
        summary:
          'Find referrals by reference or by patient (BSN, name, date of birth); the BSN goes in the body, never in a URL (R-ID-04)',
        body: PatientSearchSchema,
        response: {
          200: z.object({ results: z.array(z.record(z.string(), z.unknown())) }),
          400: ProblemSchema,
        },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      const s = request.body;
      if (s.bsn && !isValidBsn(s.bsn))
        throw new HttpError(400, 'invalid-input', {
          problems: [{ path: 'bsn', message: 'This BSN does not pass the 11-test (R-ID-01)' }],
        });
      if (actor.departmentIds.length === 0) return { results: [] };
      let q = db
        .selectFrom('referral as r')
        .leftJoin('patient as p', 'p.id', 'r.patient_id')
        .select([
          'r.id',
          'r.reference',
          'r.kind',
          'r.state',
          'r.department_id',
          'r.submitted_at',
          'p.id as patient_id',
          'p.given_name',
          'p.family_name',
          'p.birth_date',
        ])
        .where('r.department_id', 'in', actor.departmentIds)
        .where('r.state', '!=', 'draft');
      if (s.reference) q = q.where('r.reference', '=', s.reference.toUpperCase());
      if (s.bsn) q = q.where('p.bsn', '=', normalizeBsn(s.bsn));
      if (s.familyName)
        q = q.where((eb) =>
          eb(
            eb.fn('lower', ['p.family_name']),
            'like',
            `${s.familyName!.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`,
          ),
        );
      if (s.birthDate) q = q.where('p.birth_date', '=', s.birthDate);
      const rows = await q.orderBy('r.submitted_at', 'desc').limit(50).execute();
      await audit.record(db, actor.audit, {
        eventType: 'patient.search',
        action: 'R',
        objectType: 'patient',
        // The criteria are recorded without the BSN itself.
        details: {
          by: Object.entries(s)
            .filter(([, v]) => v)
            .map(([k]) => k),
          returned: rows.length,
        },
      });
      return {
        results: rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          kind: r.kind,
          state: r.state,
          departmentId: r.department_id,
          submittedAt: r.submitted_at,
          patient: {
            id: r.patient_id,
            name: [r.given_name, r.family_name].filter(Boolean).join(' '),
            birthDate: r.birth_date,
          },
        })),
      };
    },
  );

  api.get(
    '/api/departments/:departmentId/staff',
    {
      config: { access: 'worklist.read' },
      schema: {
        tags: ['referrals'],
        summary: 'Specialists, triage supervisors and back office of a department (for assigning)',
        params: z.object({ departmentId: z.string().max(100) }),
        response: {
          200: z.object({ staff: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })) }),
          403: ProblemSchema,
        },
      },
    },
    async (request) => {
      if (!request.principal?.departmentIds.includes(request.params.departmentId))
        throw new HttpError(403, 'not-permitted');
      return { staff: await referrals.staffOfDepartment(request.params.departmentId) };
    },
  );
}
