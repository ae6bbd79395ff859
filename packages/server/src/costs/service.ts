import type { Insertable, Kysely, Transaction } from 'kysely';
import {
  insertEvent,
  lockReferral,
  type CostCaseRow,
  type CostCaseTable,
  type Database,
  type ReferralRow,
} from '@loket/db';
import {
  AbroadClearanceInputSchema,
  AdvancePaymentInputSchema,
  advanceNeeded,
  appointmentHappened,
  CoverageInputSchema,
  InsuranceInputSchema,
  isInsuredAbroad,
  openCostItems,
  problemsOf,
  relationships,
  settlementBalance,
  settlementDue,
  SettlementInputSchema,
  type CostsPolicy,
} from '@loket/domain';
import type { z } from 'zod';
import type { AuditTrail } from '../audit/trail.ts';
import { HttpError } from '../http/errors.ts';
import type { ReferralActor } from '../referrals/actor.ts';
import { referralFacts } from '../referrals/service.ts';
import { costFacts, costsPolicy, earlierSecondOpinions, findCostCase, receivedOn } from './facts.ts';
import { mailPatient } from './mail.ts';
import { costsView, patientNameOf, type CostsAccess, type CostsView } from './views.ts';

/**
 * Costs and insurance of second opinions (R-COST-01 … 04). The patient, the referrer and the department record
 * the insurance; the patient (who checks with the insurer) or care administration records the outcome; care
 * administration records the advance, the costs team's clearance and the settlement. Every change is one
 * transaction with its timeline event, its audit record and the e-mail to the patient.
 */
function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw new HttpError(400, 'invalid-input', { problems: problemsOf(r.error) });
  return r.data;
}

/**
 * Who may do what. Care administration has no department: it sees the costs of every submitted second opinion,
 * and nothing else of the referral. The family doctor follows a referral but has no part in its costs.
 */
export function costsAccess(actor: ReferralActor, r: ReferralRow): CostsAccess | null {
  if (r.kind !== 'second-opinion') return null;
  const careAdmin = actor.roles.includes('care-administration') && r.state !== 'draft';
  const rels = relationships(actor, referralFacts(r)).filter((x) => x !== 'family-doctor');
  if (!careAdmin && rels.length === 0) return null;
  return {
    recordInsurance: careAdmin || rels.length > 0,
    recordCoverage: careAdmin || rels.includes('patient-self'),
    manage: careAdmin,
  };
}

type Change = Partial<Omit<Insertable<CostCaseTable>, 'referral_id' | 'created_at'>>;

const eventVisibility = {
  'costs-insurance-recorded': 'everyone',
  'costs-coverage-recorded': 'everyone',
  'costs-advance-requested': 'everyone',
  'costs-advance-paid': 'everyone',
  'costs-abroad-cleared': 'everyone',
  'costs-settled': 'everyone',
  'costs-reminder-sent': 'staff',
  'costs-second-within-year': 'everyone',
} as const;
export type CostsEventType = keyof typeof eventVisibility;

export async function costsEvent(
  trx: Transaction<Database>,
  r: ReferralRow,
  actor: ReferralActor | null,
  type: CostsEventType,
  data: Record<string, unknown> = {},
) {
  await insertEvent(trx, {
    referral_id: r.id,
    at: new Date(),
    actor_user_id: actor?.userId ?? null,
    actor_name: actor?.name ?? 'Loket',
    actor_role: actor ? actor.roles.join(',') : null,
    type,
    from_state: null,
    to_state: null,
    note: null,
    visibility: eventVisibility[type],
    data,
  });
}

/** Writes the change to the referral's cost record, making the record on its first change. */
export async function saveCostCase(
  trx: Transaction<Database>,
  referralId: string,
  current: CostCaseRow | undefined,
  change: Change,
): Promise<CostCaseRow> {
  const now = new Date();
  if (!current)
    return trx
      .insertInto('cost_case')
      .values({ referral_id: referralId, created_at: now, updated_at: now, ...change })
      .returningAll()
      .executeTakeFirstOrThrow();
  return trx
    .updateTable('cost_case')
    .set({ ...change, updated_at: now, version: current.version + 1 })
    .where('referral_id', '=', referralId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

const roleOf = (actor: ReferralActor) =>
  actor.roles.includes('patient')
    ? 'patient'
    : actor.roles.includes('care-administration')
      ? 'care-administration'
      : actor.roles.includes('referrer')
        ? 'referrer'
        : (actor.roles[0] ?? null);

interface Step {
  trx: Transaction<Database>;
  r: ReferralRow;
  c: CostCaseRow | undefined;
  access: CostsAccess;
  policy: CostsPolicy;
}

export class CostsService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private readonly publicUrl: string;

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail; publicUrl: string }) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.publicUrl = deps.publicUrl;
  }

  private async viewOf(
    executor: Kysely<Database> | Transaction<Database>,
    r: ReferralRow,
    access: CostsAccess,
  ): Promise<CostsView> {
    const policy = await costsPolicy(executor);
    const [c, earlier] = await Promise.all([
      findCostCase(executor, r.id),
      earlierSecondOpinions(executor, r, policy.flagWindowMonths),
    ]);
    return costsView(r, c, access, policy, earlier);
  }

  /** The costs of a second opinion; anyone without a part in them gets a 404, so existence does not leak. */
  async read(actor: ReferralActor, referralId: string): Promise<CostsView> {
    const r = await this.db
      .selectFrom('referral')
      .selectAll()
      .where('id', '=', referralId)
      .executeTakeFirst();
    const access = r ? costsAccess(actor, r) : null;
    if (!r || !access) throw new HttpError(404, 'not-found');
    const view = await this.viewOf(this.db, r, access);
    await this.audit.record(this.db, actor.audit, {
      eventType: 'costs.read',
      action: 'R',
      objectType: 'referral',
      objectId: r.id,
      patientId: r.patient_id,
      details: { reference: r.reference },
    });
    return view;
  }

  /** One change: lock the referral, check the actor's part, write, and answer with the costs as they are now. */
  private async step(
    actor: ReferralActor,
    referralId: string,
    may: (a: CostsAccess) => boolean,
    work: (s: Step) => Promise<{ eventType: string; details: Record<string, unknown> }>,
    denied: 'not-permitted' | 'costs-coverage-not-permitted' = 'not-permitted',
  ): Promise<CostsView> {
    return this.db.transaction().execute(async (trx) => {
      const r = await lockReferral(trx, referralId);
      const access = r ? costsAccess(actor, r) : null;
      if (!r || !access) throw new HttpError(404, 'not-found');
      if (!may(access)) throw new HttpError(403, denied);
      const policy = await costsPolicy(trx);
      const c = await findCostCase(trx, r.id);
      const { eventType, details } = await work({ trx, r, c, access, policy });
      await this.audit.record(trx, actor.audit, {
        eventType,
        action: 'U',
        objectType: 'referral',
        objectId: r.id,
        patientId: r.patient_id,
        details: { reference: r.reference, ...details },
      });
      return this.viewOf(trx, r, access);
    });
  }

  /** R-COST-01, R-COST-04: the insurance; a patient insured abroad goes to the costs team first. */
  async recordInsurance(actor: ReferralActor, referralId: string, input: unknown): Promise<CostsView> {
    const ins = parse(InsuranceInputSchema, input);
    return this.step(
      actor,
      referralId,
      (a) => a.recordInsurance,
      async ({ trx, r, c }) => {
        const wasAbroad = isInsuredAbroad(c?.insurance_country);
        const abroad = isInsuredAbroad(ins.country);
        await saveCostCase(trx, r.id, c, {
          insurer: ins.insurer,
          policy_number: ins.policyNumber,
          insurance_country: ins.country,
          insurance_recorded_by: actor.name,
          insurance_recorded_role: roleOf(actor),
          insurance_recorded_at: new Date(),
        });
        await costsEvent(trx, r, actor, 'costs-insurance-recorded', {
          insurer: ins.insurer,
          country: ins.country,
        });
        if (abroad && !wasAbroad && r.state !== 'draft')
          await mailPatient(trx, r, 'insured-abroad', this.publicUrl);
        // The policy number stays out of the audit details: the record says what changed, not the card.
        return { eventType: 'costs.insurance', details: { insurer: ins.insurer, country: ins.country } };
      },
    );
  }

  /**
   * R-COST-01, R-COST-03: what the insurer said. "Not covered" asks the advance (a setting); a corrected outcome
   * withdraws an advance that was not paid yet. A paid advance stays: care administration settles it.
   */
  async recordCoverage(actor: ReferralActor, referralId: string, input: unknown): Promise<CostsView> {
    const cov = parse(CoverageInputSchema, input);
    return this.step(
      actor,
      referralId,
      (a) => a.recordCoverage,
      async ({ trx, r, c, policy }) => {
        if (!c?.insurance_recorded_at) throw new HttpError(409, 'costs-insurance-first');
        if (c.settled_at) throw new HttpError(409, 'costs-already-recorded');
        const change: Change = {
          coverage: cov.outcome,
          coverage_checked_on: cov.checkedOn,
          coverage_note: cov.note,
          coverage_recorded_by: actor.name,
          coverage_recorded_role: roleOf(actor),
          coverage_recorded_at: new Date(),
        };
        const askAdvance = advanceNeeded(cov.outcome) && c.advance_requested_cents === null;
        if (askAdvance) {
          change.advance_requested_cents = policy.advanceCents;
          change.advance_requested_at = new Date();
        } else if (!advanceNeeded(cov.outcome) && c.advance_paid_cents === null) {
          change.advance_requested_cents = null;
          change.advance_requested_at = null;
        }
        await saveCostCase(trx, r.id, c, change);
        await costsEvent(trx, r, actor, 'costs-coverage-recorded', {
          outcome: cov.outcome,
          checkedOn: cov.checkedOn,
        });
        if (askAdvance) {
          await costsEvent(trx, r, actor, 'costs-advance-requested', { amountCents: policy.advanceCents });
          await mailPatient(trx, r, 'advance-requested', this.publicUrl, policy.advanceCents);
        }
        return {
          eventType: 'costs.coverage',
          details: { outcome: cov.outcome, advanceRequestedCents: askAdvance ? policy.advanceCents : null },
        };
      },
      'costs-coverage-not-permitted',
    );
  }

  /** R-COST-03: care administration records the advance payment; then the appointment may be made. */
  async recordAdvancePayment(actor: ReferralActor, referralId: string, input: unknown): Promise<CostsView> {
    const pay = parse(AdvancePaymentInputSchema, input);
    return this.step(
      actor,
      referralId,
      (a) => a.manage,
      async ({ trx, r, c }) => {
        if (!c || c.advance_requested_cents === null) throw new HttpError(409, 'costs-no-advance');
        if (c.advance_paid_cents !== null) throw new HttpError(409, 'costs-advance-already-paid');
        if (pay.amountCents < c.advance_requested_cents)
          throw new HttpError(400, 'invalid-input', {
            problems: [
              {
                path: 'amountCents',
                message: `The advance is ${(c.advance_requested_cents / 100).toFixed(2)} euro; record the payment once it is paid in full`,
              },
            ],
          });
        await saveCostCase(trx, r.id, c, {
          advance_paid_cents: pay.amountCents,
          advance_paid_on: pay.paidOn,
          advance_reference: pay.reference,
          advance_recorded_by: actor.name,
          advance_recorded_at: new Date(),
        });
        await costsEvent(trx, r, actor, 'costs-advance-paid', {
          amountCents: pay.amountCents,
          paidOn: pay.paidOn,
        });
        return {
          eventType: 'costs.advance-paid',
          details: { amountCents: pay.amountCents, paidOn: pay.paidOn, paymentReference: pay.reference },
        };
      },
    );
  }

  /** R-COST-04: the costs team cleared a patient insured abroad, with the arrangement made. */
  async clearAbroad(actor: ReferralActor, referralId: string, input: unknown): Promise<CostsView> {
    const clear = parse(AbroadClearanceInputSchema, input);
    return this.step(
      actor,
      referralId,
      (a) => a.manage,
      async ({ trx, r, c }) => {
        if (!c || !isInsuredAbroad(c.insurance_country)) throw new HttpError(409, 'costs-not-abroad');
        if (c.abroad_cleared_at) throw new HttpError(409, 'costs-already-recorded');
        await saveCostCase(trx, r.id, c, {
          abroad_arrangement: clear.arrangement,
          abroad_note: clear.note,
          abroad_cleared_by: actor.name,
          abroad_cleared_at: new Date(),
        });
        await costsEvent(trx, r, actor, 'costs-abroad-cleared', { arrangement: clear.arrangement });
        return { eventType: 'costs.abroad-cleared', details: { arrangement: clear.arrangement } };
      },
    );
  }

  /** R-COST-03: after the appointment, the real cost with the advance deducted. */
  async settle(actor: ReferralActor, referralId: string, input: unknown): Promise<CostsView> {
    const s = parse(SettlementInputSchema, input);
    return this.step(
      actor,
      referralId,
      (a) => a.manage,
      async ({ trx, r, c }) => {
        if (c?.settled_at) throw new HttpError(409, 'costs-already-recorded');
        if (!appointmentHappened(r.state) || !settlementDue(costFacts(r, c)))
          throw new HttpError(409, 'costs-settle-too-early');
        const balanceCents = settlementBalance(s.actualCostCents, c?.advance_paid_cents ?? null);
        await saveCostCase(trx, r.id, c, {
          actual_cost_cents: s.actualCostCents,
          settled_on: s.settledOn,
          settlement_note: s.note,
          settled_by: actor.name,
          settled_at: new Date(),
        });
        await costsEvent(trx, r, actor, 'costs-settled', {
          actualCostCents: s.actualCostCents,
          balanceCents,
        });
        return {
          eventType: 'costs.settled',
          details: { actualCostCents: s.actualCostCents, balanceCents, settledOn: s.settledOn },
        };
      },
    );
  }

  /** R-COST-01: care administration sends the patient another reminder while the outcome is unknown. */
  async remind(actor: ReferralActor, referralId: string): Promise<CostsView> {
    return this.step(
      actor,
      referralId,
      (a) => a.manage,
      async ({ trx, r, c }) => {
        if (c?.coverage) throw new HttpError(409, 'costs-already-recorded');
        const sent = await mailPatient(trx, r, 'check-coverage', this.publicUrl);
        await saveCostCase(trx, r.id, c, { last_reminder_at: new Date() });
        await costsEvent(trx, r, actor, 'costs-reminder-sent', { emailed: sent });
        return { eventType: 'costs.reminder', details: { emailed: sent } };
      },
    );
  }

  /**
   * Care administration's list: submitted second opinions across departments with what is still open. It reads
   * only the reference, the patient's name, the department and the state; one audit record per look.
   */
  async list(actor: ReferralActor, filter: { open: boolean }) {
    if (!actor.roles.includes('care-administration')) throw new HttpError(403, 'not-permitted');
    const rows = await this.db
      .selectFrom('referral')
      .leftJoin('cost_case', 'cost_case.referral_id', 'referral.id')
      .select([
        'referral.id',
        'referral.reference',
        'referral.department_id',
        'referral.state',
        'referral.patient',
        'referral.patient_id',
        'referral.submitted_at',
        'referral.created_at',
      ])
      .select([
        'cost_case.insurance_country',
        'cost_case.coverage',
        'cost_case.advance_requested_cents',
        'cost_case.advance_paid_cents',
        'cost_case.abroad_cleared_at',
        'cost_case.settled_at',
      ])
      .where('referral.kind', '=', 'second-opinion')
      .where('referral.state', '!=', 'draft')
      .orderBy('referral.submitted_at', 'desc')
      .limit(1000)
      .execute();
    const items = rows
      .map((x) => ({
        referralId: x.id,
        reference: x.reference,
        patientName: patientNameOf(x as unknown as ReferralRow),
        departmentId: x.department_id,
        referralState: x.state,
        receivedOn: x.submitted_at ? receivedOn(x) : null,
        openItems: openCostItems({
          referralState: x.state,
          insuranceCountry: x.insurance_country,
          coverage: x.coverage,
          advanceRequestedCents: x.advance_requested_cents,
          advancePaid: x.advance_paid_cents != null,
          abroadCleared: x.abroad_cleared_at != null,
          settled: x.settled_at != null,
        }),
        patientId: x.patient_id,
      }))
      .filter((x) => !filter.open || x.openItems.length > 0);
    await this.audit.record(this.db, actor.audit, {
      eventType: 'costs.list',
      action: 'R',
      objectType: 'referral',
      objectId: null,
      details: {
        open: filter.open,
        count: items.length,
        references: items.slice(0, 200).map((i) => i.reference),
      },
    });
    return items.map(({ patientId: _, ...rest }) => rest);
  }
}

/**
 * R-COST-01, R-COST-02: when a second opinion comes in, the patient is reminded to check with the insurer (on the
 * page and by e-mail), and a second request within the window is put on the timeline for patient and staff.
 * Runs in the transaction of the intake, from the referral notifier.
 */
export async function costsAtIntake(
  trx: Transaction<Database>,
  r: ReferralRow,
  publicUrl: string,
): Promise<void> {
  if (r.kind !== 'second-opinion') return;
  const policy = await costsPolicy(trx);
  const c = await findCostCase(trx, r.id);
  const earlier = await earlierSecondOpinions(trx, r, policy.flagWindowMonths);
  if (earlier.length)
    await costsEvent(trx, r, null, 'costs-second-within-year', {
      earlier: earlier.map((e) => ({ receivedOn: e.receivedOn, departmentId: e.departmentId })),
      windowMonths: policy.flagWindowMonths,
    });
  if (!c?.coverage) {
    const sent = await mailPatient(trx, r, 'check-coverage', publicUrl);
    await saveCostCase(trx, r.id, c, { last_reminder_at: new Date() });
    await costsEvent(trx, r, null, 'costs-reminder-sent', { emailed: sent });
  }
  if (isInsuredAbroad(c?.insurance_country)) await mailPatient(trx, r, 'insured-abroad', publicUrl);
}
