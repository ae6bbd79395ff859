import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  findReferral,
  insertEvent,
  lockReferral,
  nextReferralReference,
  type Database,
  type ReferralRow,
} from '@loket/db';
import {
  canView,
  computeDeadline,
  decideChoice,
  decideConfirm,
  decideRequest,
  mainPractitionerAt,
  relationships,
  resolveText,
  responsibleHospital,
  TakeoverChoiceInputSchema,
  TakeoverConfirmInputSchema,
  TakeoverRequestInputSchema,
  type Language,
  type PractitionerPeriod,
  type ReferralState,
  type TakeoverRefusal,
  type Urgency,
} from '@loket/domain';
import type { z } from 'zod';
import type { AuditTrail } from '../audit/trail.ts';
import type { CatalogService } from '../catalog/service.ts';
import { registeredSecureMail } from '../gp-registry/secure-mail.ts';
import { HttpError } from '../http/errors.ts';
import { storeLetter, type LetterChannel, type LetterRecipientRole } from '../letters/letters.ts';
import { enqueueMessage } from '../messages/outbox.ts';
import type { ReferralActor } from '../referrals/actor.ts';
import { referralFacts } from '../referrals/service.ts';
import { todayInAmsterdam, type SettingsService } from '../settings/service.ts';

/**
 * Takeover of treatment (R-TO-01 … 03). Each change is one transaction: the takeover row, the main-practitioner
 * history, timeline events on the referrals involved, the audit record, and the letters with their e-mail.
 */
type Executor = Kysely<Database> | Transaction<Database>;

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input ?? {});
  if (!r.success)
    throw new HttpError(400, 'invalid-input', {
      problems: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  return r.data;
}

function refuse(reason: TakeoverRefusal, state: string): never {
  switch (reason) {
    case 'not-permitted':
      throw new HttpError(403, 'not-permitted');
    case 'choice-missing':
      throw new HttpError(409, 'takeover-choice-missing');
    case 'patient-stays':
      throw new HttpError(409, 'takeover-patient-stays');
    case 'already-confirmed':
      throw new HttpError(409, 'takeover-already-confirmed');
    case 'no-second-opinion':
    case 'already-requested':
      throw new HttpError(409, 'takeover-not-allowed', { reason });
    case 'closed':
      throw new HttpError(409, 'action-not-allowed', { reason, state });
  }
}

export class TakeoverService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private readonly catalog: CatalogService;
  private readonly settings: SettingsService;

  constructor(deps: {
    db: Kysely<Database>;
    audit: AuditTrail;
    catalog: CatalogService;
    settings: SettingsService;
  }) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.catalog = deps.catalog;
    this.settings = deps.settings;
  }

  private async visible(actor: ReferralActor, id: string, trx?: Transaction<Database>): Promise<ReferralRow> {
    const r = trx ? await lockReferral(trx, id) : await findReferral(this.db, id);
    if (!r || !canView(actor, referralFacts(r))) throw new HttpError(404, 'not-found');
    return r;
  }

  /** The takeover row for a takeover referral, or the one raised from a second opinion. */
  private async takeoverOf(ex: Executor, r: ReferralRow) {
    if (r.kind === 'takeover')
      return ex.selectFrom('takeover').selectAll().where('referral_id', '=', r.id).executeTakeFirst();
    if (r.kind === 'second-opinion')
      return ex
        .selectFrom('takeover')
        .selectAll()
        .where('second_opinion_referral_id', '=', r.id)
        .executeTakeFirst();
    return undefined;
  }

  /**
   * The external treating specialist: as the second-opinion request named them, otherwise the doctor who sent the
   * request (a specialist asking for a takeover of their own patient).
   */
  private async externalPractitioner(ex: Executor, r: ReferralRow, secondOpinionId: string | null) {
    for (const id of [secondOpinionId, r.id]) {
      if (!id) continue;
      const so = await ex
        .selectFrom('second_opinion')
        .select('treating_specialist')
        .where('referral_id', '=', id)
        .executeTakeFirst();
      if (so?.treating_specialist?.name)
        return {
          name: so.treating_specialist.name,
          organisation: so.treating_specialist.organisation,
          email: so.treating_specialist.email ?? null,
        };
    }
    const org = r.organisation_id
      ? await ex
          .selectFrom('organisation')
          .select('name')
          .where('id', '=', r.organisation_id)
          .executeTakeFirst()
      : undefined;
    return {
      name: r.referrer_name ?? '',
      organisation: org?.name ?? r.referrer_specialism ?? '',
      email: r.referrer_email,
    };
  }

  /** Main-practitioner history of a referral and the referral linked to it (R-TO-02). */
  private async history(ex: Executor, r: ReferralRow, linked: string | null): Promise<PractitionerPeriod[]> {
    const rows = await ex
      .selectFrom('main_practitioner')
      .selectAll()
      .where('referral_id', 'in', linked ? [r.id, linked] : [r.id])
      .orderBy('since')
      .execute();
    if (rows.length > 0)
      return rows.map((p) => ({
        name: p.name,
        organisation: p.organisation,
        kind: p.kind,
        since: new Date(p.since),
        until: p.until ? new Date(p.until) : null,
      }));
    // Nothing recorded yet: the requesting treating specialist is main practitioner from the request on.
    const ext = await this.externalPractitioner(ex, r, r.kind === 'second-opinion' ? r.id : linked);
    return [{ ...ext, kind: 'external', since: new Date(r.submitted_at ?? r.created_at), until: null }];
  }

  /** What the referral page shows: the main practitioner now and before, who is responsible, the takeover link. */
  async view(actor: ReferralActor, id: string) {
    const r = await this.visible(actor, id);
    if (r.kind !== 'second-opinion' && r.kind !== 'takeover') return { applicable: false as const };
    const t = await this.takeoverOf(this.db, r);
    const linkedId =
      r.kind === 'takeover' ? (t?.second_opinion_referral_id ?? null) : (t?.referral_id ?? null);
    const linked = linkedId ? await findReferral(this.db, linkedId) : undefined;
    const takeoverRow = r.kind === 'takeover' ? r : linked;
    const history = await this.history(this.db, r, linkedId);
    const now = new Date();
    const rel = relationships(actor, referralFacts(r));
    const takeoverRel = takeoverRow ? relationships(actor, referralFacts(takeoverRow)) : [];
    const facts = {
      choice: t?.patient_choice ?? null,
      confirmed: Boolean(t?.confirmed_at),
    };
    const can = {
      request:
        r.kind === 'second-opinion' &&
        decideRequest({
          kind: r.kind,
          state: r.state as ReferralState,
          relationships: rel,
          openTakeover: !!t,
        }).allowed,
      choose:
        !!takeoverRow &&
        decideChoice({ state: takeoverRow.state as ReferralState, relationships: takeoverRel, ...facts })
          .allowed,
      confirm:
        !!takeoverRow &&
        decideConfirm({ state: takeoverRow.state as ReferralState, relationships: takeoverRel, ...facts })
          .allowed,
    };
    const specialists =
      takeoverRow && takeoverRel.some((x) => x === 'triage-supervisor' || x === 'specialist')
        ? await this.specialists(this.db, takeoverRow.department_id)
        : [];
    await this.audit.record(this.db, actor.audit, {
      eventType: 'takeover.read',
      action: 'R',
      objectType: 'referral',
      objectId: r.id,
      patientId: r.patient_id,
    });
    return {
      applicable: true as const,
      kind: r.kind,
      mainPractitioner: mainPractitionerAt(history, now),
      history,
      responsible:
        r.kind === 'takeover' || t ? responsibleHospital(t?.confirmed_at ?? null) : 'current-hospital',
      takeover: takeoverRow
        ? {
            referralId: takeoverRow.id,
            reference: takeoverRow.reference,
            state: takeoverRow.state,
            requestedByName: t?.requested_by_name ?? takeoverRow.referrer_name,
            requestedAs: t?.requested_as ?? 'referrer',
            requestedAt: t?.requested_at ?? takeoverRow.submitted_at,
            choice: t?.patient_choice ?? null,
            choiceRecordedByName: t?.choice_recorded_by_name ?? null,
            choiceRecordedAt: t?.choice_recorded_at ?? null,
            confirmedAt: t?.confirmed_at ?? null,
            confirmedByName: t?.confirmed_by_name ?? null,
          }
        : null,
      secondOpinion:
        r.kind === 'takeover' && linked ? { referralId: linked.id, reference: linked.reference } : null,
      can,
      specialists,
    };
  }

  private async specialists(ex: Executor, departmentId: string) {
    return ex
      .selectFrom('user_role as r')
      .innerJoin('user_department as d', 'd.user_id', 'r.user_id')
      .innerJoin('auth.user as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.name'])
      .where('r.role', '=', 'specialist')
      .where('d.department_id', '=', departmentId)
      .orderBy('u.name')
      .execute();
  }

  private async event(
    trx: Transaction<Database>,
    referralId: string,
    actor: ReferralActor,
    type: string,
    note: string | null,
    data: Record<string, unknown>,
  ) {
    await insertEvent(trx, {
      referral_id: referralId,
      at: new Date(),
      actor_user_id: actor.userId,
      actor_name: actor.name,
      actor_role: actor.roles.join(','),
      type,
      from_state: null,
      to_state: null,
      note,
      visibility: 'everyone',
      data,
    });
  }

  /**
   * A takeover raised from a second opinion (R-TO-01): a separate referral of kind `takeover` for the same patient
   * and department, received at once and linked both ways. The treating specialist stays main practitioner.
   */
  async request(actor: ReferralActor, secondOpinionId: string, input: unknown): Promise<string> {
    const parsed = parse(TakeoverRequestInputSchema, input);
    const policy = await this.settings.referralPolicy();
    const holidays = await this.settings.holidays(new Date(), policy);
    return this.db.transaction().execute(async (trx) => {
      const so = await this.visible(actor, secondOpinionId, trx);
      const rel = relationships(actor, referralFacts(so));
      const existing = await this.takeoverOf(trx, so);
      const d = decideRequest({
        kind: so.kind,
        state: so.state as ReferralState,
        relationships: rel,
        openTakeover: !!existing,
      });
      if (!d.allowed) refuse(d.reason, so.state);
      const requestedAs = rel.includes('patient-self')
        ? 'patient'
        : rel.includes('referrer-owner')
          ? 'referrer'
          : 'specialist';
      const now = new Date();
      const urgency = (so.urgency ?? so.urgency_requested) as Urgency;
      const deadline = computeDeadline('triage', todayInAmsterdam(now), urgency, policy, holidays);
      const id = randomUUID();
      const reference = await nextReferralReference(trx, now.getFullYear());
      const reason = `Overname van de behandeling na second opinion ${so.reference} / Takeover of treatment after second opinion ${so.reference}`;
      await trx
        .insertInto('referral')
        .values({
          id,
          reference,
          kind: 'takeover',
          state: 'received',
          department_id: so.department_id,
          care_path_id: so.care_path_id,
          sub_clinic_id: so.sub_clinic_id,
          channel: 'portal',
          urgency_requested: urgency,
          patient_id: so.patient_id,
          patient: JSON.stringify(so.patient),
          letter: JSON.stringify({ reason: parsed.note ? `${reason}\n${parsed.note}` : reason }),
          confirmations: JSON.stringify([]),
          referrer_user_id: so.referrer_user_id,
          referrer_name: so.referrer_name,
          referrer_agb: so.referrer_agb,
          referrer_specialism: so.referrer_specialism,
          referrer_kind: so.referrer_kind,
          referrer_email: so.referrer_email,
          organisation_id: so.organisation_id,
          // The requesting doctor owns the takeover as they own the second opinion, whoever pressed the button.
          created_by: so.created_by,
          created_at: now,
          updated_at: now,
          submitted_at: now,
          triage_due: deadline.due,
          triage_deadline: JSON.stringify(deadline),
          assigned_specialists: JSON.stringify([]),
        })
        .execute();
      await trx
        .insertInto('takeover')
        .values({
          referral_id: id,
          second_opinion_referral_id: so.id,
          requested_by: actor.userId,
          requested_by_name: actor.name,
          requested_as: requestedAs,
          requested_at: now,
          request_note: parsed.note,
        })
        .execute();
      // The current main practitioner is written down now, so the history has its start even if it changes later.
      const ext = await this.externalPractitioner(trx, so, so.id);
      await trx
        .insertInto('main_practitioner')
        .values({
          referral_id: id,
          patient_id: so.patient_id,
          kind: 'external',
          name: ext.name,
          organisation: ext.organisation,
          email: ext.email,
          user_id: null,
          since: new Date(so.submitted_at ?? so.created_at),
          until: null,
          recorded_by_name: actor.name,
        })
        .execute();
      await insertEvent(trx, {
        referral_id: id,
        at: now,
        actor_user_id: actor.userId,
        actor_name: actor.name,
        actor_role: actor.roles.join(','),
        type: 'takeover-requested',
        from_state: null,
        to_state: 'received',
        note: parsed.note,
        visibility: 'everyone',
        data: { secondOpinion: so.id, secondOpinionReference: so.reference, requestedAs },
      });
      await this.event(trx, so.id, actor, 'takeover-requested', parsed.note, {
        takeover: id,
        takeoverReference: reference,
        requestedAs,
      });
      await this.audit.record(trx, actor.audit, {
        eventType: 'takeover.request',
        action: 'C',
        objectType: 'referral',
        objectId: id,
        patientId: so.patient_id,
        details: { reference, secondOpinion: so.reference, requestedAs },
      });
      return id;
    });
  }

  /** The patient's choice where to be treated (R-TO-03), given by the patient or recorded for them. */
  async recordChoice(actor: ReferralActor, id: string, input: unknown): Promise<void> {
    const parsed = parse(TakeoverChoiceInputSchema, input);
    await this.db.transaction().execute(async (trx) => {
      const r = await this.visible(actor, id, trx);
      if (r.kind !== 'takeover')
        throw new HttpError(409, 'takeover-not-allowed', { reason: 'not-a-takeover' });
      const t = await this.takeoverOf(trx, r);
      const rel = relationships(actor, referralFacts(r));
      const d = decideChoice({
        state: r.state as ReferralState,
        relationships: rel,
        confirmed: Boolean(t?.confirmed_at),
      });
      if (!d.allowed) refuse(d.reason, r.state);
      const now = new Date();
      const choice = {
        patient_choice: parsed.choice,
        choice_recorded_by: actor.userId,
        choice_recorded_by_name: actor.name,
        choice_recorded_at: now,
        choice_note: parsed.note,
      };
      if (t) await trx.updateTable('takeover').set(choice).where('referral_id', '=', r.id).execute();
      else
        // A takeover sent in on its own through the referral form has no row until this first step.
        await trx
          .insertInto('takeover')
          .values({
            referral_id: r.id,
            second_opinion_referral_id: null,
            requested_by: r.created_by,
            requested_by_name: r.referrer_name ?? '',
            requested_as: 'referrer',
            requested_at: r.submitted_at ?? r.created_at,
            request_note: null,
            ...choice,
          })
          .execute();
      await this.event(trx, r.id, actor, 'takeover-choice-recorded', parsed.note, {
        choice: parsed.choice,
        byPatient: rel.includes('patient-self'),
      });
      await this.audit.record(trx, actor.audit, {
        eventType: 'takeover.choice',
        action: 'U',
        objectType: 'referral',
        objectId: r.id,
        patientId: r.patient_id,
        details: { reference: r.reference, choice: parsed.choice },
      });
    });
  }

  /**
   * Confirmation (R-TO-02, R-TO-03): the hospital's specialist becomes main practitioner from now on, the external
   * specialist's period ends, and the external specialist and the family doctor get a letter and e-mail.
   */
  async confirm(actor: ReferralActor, id: string, input: unknown): Promise<void> {
    const parsed = parse(TakeoverConfirmInputSchema, input);
    const snapshot = await this.catalog.snapshot();
    await this.db.transaction().execute(async (trx) => {
      const r = await this.visible(actor, id, trx);
      if (r.kind !== 'takeover')
        throw new HttpError(409, 'takeover-not-allowed', { reason: 'not-a-takeover' });
      const t = await this.takeoverOf(trx, r);
      const rel = relationships(actor, referralFacts(r));
      const d = decideConfirm({
        state: r.state as ReferralState,
        relationships: rel,
        choice: t?.patient_choice ?? null,
        confirmed: Boolean(t?.confirmed_at),
      });
      if (!d.allowed) refuse(d.reason, r.state);
      const specialistId = parsed.specialistId ?? (actor.roles.includes('specialist') ? actor.userId : null);
      const specialist = specialistId
        ? (await this.specialists(trx, r.department_id)).find((s) => s.id === specialistId)
        : undefined;
      if (!specialist)
        throw new HttpError(400, 'invalid-input', {
          problems: [
            {
              path: 'specialistId',
              message: 'Choose the specialist of this department who becomes main practitioner',
            },
          ],
        });
      const dept = snapshot.departments.find((x) => x.department.id === r.department_id)?.department;
      const lang = await this.languageOf(trx, r);
      const department = dept ? resolveText(dept.name, lang).text : r.department_id;
      const hospital = resolveText(snapshot.hospital.name, lang).text;
      const now = new Date();

      const history = await this.history(trx, r, t?.second_opinion_referral_id ?? null);
      const previous = mainPractitionerAt(history, now);
      const stored = await trx
        .selectFrom('main_practitioner')
        .select('id')
        .where('referral_id', '=', r.id)
        .executeTakeFirst();
      if (!stored && previous)
        await trx
          .insertInto('main_practitioner')
          .values({
            referral_id: r.id,
            patient_id: r.patient_id,
            kind: 'external',
            name: previous.name,
            organisation: previous.organisation,
            email: (await this.externalPractitioner(trx, r, t?.second_opinion_referral_id ?? null)).email,
            user_id: null,
            since: previous.since,
            until: null,
            recorded_by_name: actor.name,
          })
          .execute();
      const previousRow = await trx
        .selectFrom('main_practitioner')
        .selectAll()
        .where('referral_id', '=', r.id)
        .where('until', 'is', null)
        .executeTakeFirst();
      await trx
        .updateTable('main_practitioner')
        .set({ until: now })
        .where('referral_id', '=', r.id)
        .where('until', 'is', null)
        .execute();
      await trx
        .insertInto('main_practitioner')
        .values({
          referral_id: r.id,
          patient_id: r.patient_id,
          kind: 'hospital',
          name: specialist.name,
          organisation: `${department}, ${hospital}`,
          email: null,
          user_id: specialist.id,
          since: now,
          until: null,
          recorded_by_name: actor.name,
        })
        .execute();
      await trx
        .updateTable('takeover')
        .set({ confirmed_at: now, confirmed_by: actor.userId, confirmed_by_name: actor.name })
        .where('referral_id', '=', r.id)
        .execute();

      const newName = `${specialist.name} (${department}, ${hospital})`;
      const previousName = previousRow ? `${previousRow.name} (${previousRow.organisation})` : '';
      for (const linked of [r.id, t?.second_opinion_referral_id].filter((x): x is string => !!x))
        await this.event(trx, linked, actor, 'takeover-confirmed', parsed.note, {
          takeover: r.id,
          mainPractitioner: newName,
          previous: previousName,
        });

      // R-TO-03: the current specialist is informed, and the family doctor too.
      const p = r.patient as Record<string, string | null>;
      const details = {
        newPractitioner: newName,
        previousPractitioner: previousName,
        since: now.toISOString(),
      };
      const letterCommon = {
        language: lang,
        date: todayInAmsterdam(now),
        hospital: { name: hospital },
        department,
        reference: r.reference,
        patient: {
          name: [p.givenName, p.familyName].filter(Boolean).join(' '),
          birthDate: p.birthDate ?? '',
          bsn: p.bsn ?? null,
        },
      };
      const doctorSecure = await registeredSecureMail(trx, p.familyDoctorAgb);
      const recipients: {
        role: LetterRecipientRole;
        name: string;
        email: string | null;
        channel: LetterChannel;
      }[] = [
        {
          role: 'main-practitioner',
          name: previousRow?.name ?? '',
          email: previousRow?.email ?? null,
          channel: previousRow?.email ? 'email' : 'none',
        },
      ];
      const doctorEmail = doctorSecure ?? p.familyDoctorEmail ?? null;
      if (p.familyDoctorName || doctorEmail)
        if (!doctorEmail || doctorEmail !== previousRow?.email)
          recipients.push({
            role: 'family-doctor',
            name: p.familyDoctorName ?? '',
            email: doctorEmail,
            channel: doctorSecure ? 'secure-mail' : doctorEmail ? 'email' : 'none',
          });
      const letters: string[] = [];
      for (const to of recipients) {
        const stored = await storeLetter(trx, {
          referralId: r.id,
          input: {
            ...letterCommon,
            type: 'takeover-confirmed',
            details,
            recipient: { name: to.name || (lang === 'nl' ? 'Geachte collega' : 'Dear colleague') },
          },
          recipientRole: to.role,
          createdBy: actor.userId,
          channel: to.channel,
        });
        letters.push(stored.id);
        if (to.email)
          await enqueueMessage(trx, {
            referralId: r.id,
            letterId: stored.id,
            recipient: to.email,
            subject:
              lang === 'nl'
                ? `Verwijzing ${r.reference}: overname van de behandeling bevestigd`
                : `Referral ${r.reference}: takeover of treatment confirmed`,
            body:
              lang === 'nl'
                ? `De overname van de behandeling door ${department} is bevestigd; de brief is bijgevoegd.\n\nDit bericht is automatisch verstuurd door Loket.`
                : `The takeover of treatment by ${department} has been confirmed; the letter is attached.\n\nThis message was sent automatically by Loket.`,
          });
      }
      await this.audit.record(trx, actor.audit, {
        eventType: 'takeover.confirm',
        action: 'U',
        objectType: 'referral',
        objectId: r.id,
        patientId: r.patient_id,
        details: { reference: r.reference, mainPractitioner: specialist.id, letters },
      });
    });
  }

  private async languageOf(ex: Executor, r: ReferralRow): Promise<Language> {
    if (!r.referrer_user_id) return 'nl';
    const profile = await ex
      .selectFrom('user_profile')
      .select('locale')
      .where('user_id', '=', r.referrer_user_id)
      .executeTakeFirst();
    return profile?.locale === 'en' ? 'en' : 'nl';
  }
}
