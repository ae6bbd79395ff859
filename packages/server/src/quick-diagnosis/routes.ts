import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findQuickDiagnosis, insertEvent, lockReferral, updateQuickDiagnosis } from '@loket/db';
import { appointmentDate, DayPlanInputSchema, examinationKinds } from '@loket/domain';
import type { CapabilityOptions } from '../http/capability.ts';
import { HttpError, ProblemSchema } from '../http/errors.ts';
import { referralActor } from '../referrals/actor.ts';
import { todayInAmsterdam } from '../settings/service.ts';
import { quickDiagnosisView } from './clock.ts';

const planners = ['back-office', 'triage-supervisor'] as const;

/**
 * The API of quick-diagnosis (R-QD-01). The route itself runs through the referral loop; here the back office plans
 * the examinations of the first visit on that one day, once the appointment is made.
 */
export async function quickDiagnosisRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void options;
  const { db, audit, catalog, settings } = app.loket;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.put(
    '/api/quick-diagnosis/referrals/:id/day-plan',
    {
      config: { access: 'worklist.read' },
      schema: {
        tags: ['referrals'],
        summary: `Plan the examinations of the first visit on the appointment's day (${examinationKinds.join(', ')})`,
        params: z.object({ id: z.uuid() }),
        body: DayPlanInputSchema,
        response: {
          200: z.record(z.string(), z.unknown()),
          400: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request) => {
      const actor = await referralActor(db, request);
      const plan = DayPlanInputSchema.parse(request.body);
      const [snapshot, policy] = await Promise.all([catalog.snapshot(), settings.referralPolicy()]);
      const holidays = await settings.holidays(new Date(), policy);
      const row = await db.transaction().execute(async (trx) => {
        const r = await lockReferral(trx, request.params.id);
        // Staff of another department, and referrers, do not learn that the referral exists.
        if (!r || !actor.departmentIds.includes(r.department_id)) throw new HttpError(404, 'not-found');
        if (!actor.roles.some((x) => (planners as readonly string[]).includes(x)))
          throw new HttpError(403, 'not-permitted');
        const start = (r.appointment as { start?: string } | null)?.start;
        if (r.kind !== 'quick-diagnosis' || r.state !== 'scheduled' || !start)
          throw new HttpError(409, 'action-not-allowed', { state: r.state });
        if (!(await findQuickDiagnosis(trx, r.id))) throw new HttpError(409, 'action-not-allowed');
        const date = appointmentDate(start);
        const now = new Date();
        await updateQuickDiagnosis(trx, r.id, {
          day_plan: JSON.stringify({
            date,
            examinations: plan.examinations,
            plannedBy: actor.name,
            plannedAt: now.toISOString(),
          }),
        });
        await insertEvent(trx, {
          referral_id: r.id,
          at: now,
          actor_user_id: actor.userId,
          actor_name: actor.name,
          actor_role: actor.roles.join(','),
          type: 'day-planned',
          from_state: null,
          to_state: null,
          note: null,
          visibility: 'everyone',
          data: { date, examinations: plan.examinations.map((e) => ({ time: e.time, kind: e.kind })) },
        });
        await audit.record(trx, actor.audit, {
          eventType: 'quick-diagnosis.plan-day',
          action: 'U',
          objectType: 'referral',
          objectId: r.id,
          patientId: r.patient_id,
          details: { reference: r.reference, date, examinations: plan.examinations.length },
        });
        return r;
      });
      const view = await quickDiagnosisView(db, row, {
        hospital: snapshot.hospital,
        policy,
        holidays,
        today: todayInAmsterdam(),
      });
      if (!view) throw new HttpError(404, 'not-found');
      return view;
    },
  );
}
