import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listReferralWaits } from '@loket/db';
import {
  AccessTimeSchema,
  computeWaitingTimes,
  LocalizedTextSchema,
  MIN_REFERRALS_TO_PUBLISH,
  periodStart,
  ReferralKindSchema,
  ReferralStateSchema,
  UrgencySchema,
  WaitingTimesQuerySchema,
  type AccessTime,
  type ReferralWaitFact,
} from '@loket/domain';
import { ProblemSchema } from '../http/errors.ts';

const FiguresSchema = z.object({
  count: z.number(),
  averageDays: z.number().nullable(),
  medianDays: z.number().nullable(),
  suppressed: z.boolean(),
});

const WaitingTimesSchema = z.object({
  period: z.object({ from: z.date(), to: z.date(), months: z.number() }),
  minReferrals: z.number(),
  departments: z.array(
    z.object({
      id: z.string(),
      name: LocalizedTextSchema,
      accessTimes: z.array(AccessTimeSchema),
      groups: z.array(
        z.object({
          kind: ReferralKindSchema,
          scheduled: FiguresSchema,
          stillWaiting: z.object({ count: z.number(), longestDays: z.number().nullable() }),
          targets: z.array(
            z.object({
              accessTimeId: z.string(),
              type: z.enum(['target', 'typical']),
              urgency: z.enum(['non-urgent', 'urgent', 'any']),
              comparison: z.enum(['at-most', 'more-than']),
              days: z.number(),
              text: LocalizedTextSchema,
              measured: FiguresSchema,
              meets: z.boolean().nullable(),
            }),
          ),
          byCancerKind: z.array(
            z.object({ id: z.string(), name: LocalizedTextSchema, scheduled: FiguresSchema }),
          ),
        }),
      ),
    }),
  ),
});

const published = (d: { groups: { scheduled: { suppressed: boolean } }[] }) =>
  d.groups.some((g) => !g.scheduled.suppressed);

/** Published waiting times (R-CAT-06, R-SO-09): aggregates only, so public and not audited. */
export async function waitingTimesRoutes(app: FastifyInstance) {
  const { catalog, db } = app.loket;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/waiting-times',
    {
      config: { access: 'public' },
      schema: {
        tags: ['waiting-times'],
        summary:
          'Real waiting times to the first appointment per department and referral kind, against the published targets',
        querystring: WaitingTimesQuerySchema,
        response: { 200: WaitingTimesSchema, 400: ProblemSchema },
      },
    },
    async (request) => {
      const now = new Date();
      const from = periodStart(now, request.query.months);
      const snapshot = await catalog.snapshot();
      const facts = (await listReferralWaits(db, from)).flatMap((r): ReferralWaitFact[] => {
        const kind = ReferralKindSchema.safeParse(r.kind);
        const state = ReferralStateSchema.safeParse(r.state);
        const urgency = UrgencySchema.safeParse(r.urgency);
        if (!kind.success || !state.success || !urgency.success) return [];
        return [
          {
            departmentId: r.departmentId,
            kind: kind.data,
            state: state.data,
            urgency: urgency.data,
            receivedAt: r.receivedAt,
            appointmentAt: r.appointmentStart ? new Date(r.appointmentStart) : null,
            cancerKind: r.cancerKind,
          },
        ];
      });
      const accessTimes = new Map<string, AccessTime[]>(
        snapshot.departments.map(({ department }) => [department.id, department.accessTimes]),
      );
      const groups = computeWaitingTimes(facts, accessTimes, {
        now,
        from,
        timeZone: snapshot.hospital.timeZone,
      });
      // Only the hospital's own tumour types are published, by their names; anything else stays out.
      const tumourTypes = new Map(
        (snapshot.hospital.quickDiagnosis?.tumourTypes ?? []).map((tt) => [tt.id, tt.name]),
      );
      const departments = snapshot.departments
        .map(({ department: d }) => ({
          id: d.id,
          name: d.name,
          accessTimes: d.accessTimes,
          groups: groups
            .filter((g) => g.departmentId === d.id)
            .map(({ departmentId: _, byCancerKind, ...g }) => ({
              ...g,
              byCancerKind: byCancerKind.flatMap((c) => {
                const name = tumourTypes.get(c.cancerKind);
                return name ? [{ id: c.cancerKind, name, scheduled: c.scheduled }] : [];
              }),
            })),
        }))
        .filter((d) => d.groups.length > 0 || d.accessTimes.length > 0)
        // Departments with published figures first.
        .sort((a, b) => Number(published(b)) - Number(published(a)));
      return {
        period: { from, to: now, months: request.query.months },
        minReferrals: MIN_REFERRALS_TO_PUBLISH,
        departments,
      };
    },
  );
}
