import type { Kysely } from 'kysely';
import { readAccount, type Database, type ReferralRow } from '@loket/db';
import { canView } from '@loket/domain';
import type { Resource } from '@medplum/fhirtypes';
import { HttpError } from '../http/errors.ts';
import type { ReferralActor } from '../referrals/actor.ts';
import { referralFacts } from '../referrals/service.ts';
import { viewerLevel } from '../referrals/views.ts';
import {
  toAppointment,
  toCommunication,
  toConsent,
  toPractitionerRole,
  toQuestionnaireResponse,
} from './care-mappers.ts';
import { checkParams, matchesDate, parseDate, parsePaging, visibleTo, type Query } from './search.ts';

/**
 * Read and search for PractitionerRole, Appointment, Communication, Consent and QuestionnaireResponse, with the
 * same relationships as the rest of Loket: what belongs to a referral is visible to whoever may see the referral
 * (a patient sees no professional messages); a patient's consents to the patient and to whoever sees a referral
 * of theirs; an APOP screening to the patient and to the staff of the department that screened.
 */
export const careTypes = [
  'PractitionerRole',
  'Appointment',
  'Communication',
  'Consent',
  'QuestionnaireResponse',
] as const;
export type CareType = (typeof careTypes)[number];
export const isCareType = (t: string): t is CareType => (careTypes as readonly string[]).includes(t);

/** The timeline events that are messages between hospital and referrer. */
const MESSAGE_EVENTS = ['information-requested', 'supplemented'];
const STAFF = new Set(['back-office', 'triage-supervisor', 'specialist']);

export interface Found {
  resources: Resource[];
  /** Per resource, the patient it concerns (for the audit); null when none. */
  patientIds: (string | null)[];
  hasNext: boolean;
}

const values = (q: Query, name: string) =>
  [q[name] ?? []]
    .flat()
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

const refIds = (q: Query, name: string, type: string) =>
  values(q, name).map((v) => (v.startsWith(`${type}/`) ? v.slice(type.length + 1) : v));

export class CareResources {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Referrals the actor may see, optionally narrowed; canView is checked on every row as well. */
  private async referrals(actor: ReferralActor, filter: { ids?: string[]; patients?: string[] }) {
    const rows = await this.db
      .selectFrom('referral as r')
      .selectAll('r')
      .where((eb) => visibleTo(eb, actor))
      .$if(filter.ids !== undefined, (q) => q.where('r.id', 'in', filter.ids!.length ? filter.ids! : ['']))
      .$if(filter.patients !== undefined, (q) =>
        q.where('r.patient_id', 'in', filter.patients!.length ? filter.patients! : ['']),
      )
      .orderBy('r.updated_at', 'desc')
      .orderBy('r.id')
      .execute();
    return rows.filter((r) => canView(actor, referralFacts(r)));
  }

  /** Does the actor see this patient: themself, or through a referral they may see? */
  private async seesPatient(actor: ReferralActor, patientId: string): Promise<boolean> {
    if (actor.patientIds?.includes(patientId)) return true;
    return (await this.referrals(actor, { patients: [patientId] })).length > 0;
  }

  private async practitionerVisible(actor: ReferralActor, userId: string): Promise<boolean> {
    if (userId === actor.userId) return true;
    const rows = await this.db
      .selectFrom('referral as r')
      .select('r.id')
      .where('r.referrer_user_id', '=', userId)
      .where((eb) => visibleTo(eb, actor))
      .limit(1)
      .execute();
    return rows.length > 0;
  }

  private async messages(actor: ReferralActor, referrals: ReferralRow[], ids?: string[]) {
    // A patient does not see the professionals' messages, as on the referral's timeline.
    const shown = referrals.filter((r) => viewerLevel(actor, r) !== 'patient');
    if (!shown.length) return [];
    const byId = new Map(shown.map((r) => [r.id, r]));
    const events = await this.db
      .selectFrom('referral_event')
      .select(['id', 'referral_id', 'at', 'actor_name', 'type', 'note', 'data'])
      .where(
        'referral_id',
        'in',
        shown.map((r) => r.id),
      )
      .where('type', 'in', MESSAGE_EVENTS)
      .orderBy('id')
      .execute();
    const lastRequest = new Map<string, string>();
    const out: { resource: Resource; patientId: string | null }[] = [];
    for (const e of events) {
      const r = byId.get(e.referral_id)!;
      const id = String(e.id);
      const answerTo = e.type === 'supplemented' ? lastRequest.get(r.id) : undefined;
      if (e.type === 'information-requested') lastRequest.set(r.id, id);
      if (ids && !ids.includes(id)) continue;
      out.push({ resource: toCommunication(e, r, answerTo), patientId: r.patient_id });
    }
    return out;
  }

  async read(
    actor: ReferralActor,
    type: CareType,
    id: string,
  ): Promise<{ resource: Resource; patientId: string | null }> {
    const notFound = () => new HttpError(404, 'not-found');
    switch (type) {
      case 'PractitionerRole': {
        const account = (await this.practitionerVisible(actor, id))
          ? await readAccount(this.db, id)
          : undefined;
        if (!account) throw notFound();
        return { resource: toPractitionerRole(account), patientId: null };
      }
      case 'Appointment': {
        const [r] = await this.referrals(actor, { ids: [id] });
        const a = r ? toAppointment(r) : undefined;
        if (!r || !a) throw notFound();
        return { resource: a, patientId: r.patient_id };
      }
      case 'Communication': {
        if (!/^\d{1,18}$/.test(id)) throw notFound();
        const e = await this.db
          .selectFrom('referral_event')
          .select('referral_id')
          .where('id', '=', id as never)
          .executeTakeFirst();
        if (!e) throw notFound();
        const found = await this.messages(actor, await this.referrals(actor, { ids: [e.referral_id] }), [id]);
        if (!found[0]) throw notFound();
        return found[0];
      }
      case 'Consent': {
        const c = await this.db
          .selectFrom('consent_record')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        if (!c || !(await this.seesPatient(actor, c.patient_id))) throw notFound();
        return { resource: toConsent(c), patientId: c.patient_id };
      }
      case 'QuestionnaireResponse': {
        const s = await this.db
          .selectFrom('apop_screening')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        if (!s || !this.seesScreening(actor, s)) throw notFound();
        return { resource: toQuestionnaireResponse(s), patientId: s.patient_id };
      }
    }
  }

  private seesScreening(actor: ReferralActor, s: { patient_id: string; department_id: string }) {
    if (actor.patientIds?.includes(s.patient_id)) return true;
    return actor.roles.some((r) => STAFF.has(r)) && actor.departmentIds.includes(s.department_id);
  }

  async search(actor: ReferralActor, type: CareType, q: Query): Promise<Found> {
    const { count, offset } = parsePaging(q);
    const page = (all: { resource: Resource; patientId: string | null }[]): Found => {
      const slice = all.slice(offset, offset + count);
      return {
        resources: slice.map((x) => x.resource),
        patientIds: slice.map((x) => x.patientId),
        hasNext: all.length > offset + count,
      };
    };
    const ids = values(q, '_id');
    switch (type) {
      case 'PractitionerRole': {
        checkParams('PractitionerRole', q);
        const wanted = [...ids, ...refIds(q, 'practitioner', 'Practitioner')];
        const candidates = wanted.length ? wanted : [actor.userId];
        const out: { resource: Resource; patientId: null }[] = [];
        for (const id of [...new Set(candidates)]) {
          if (!(await this.practitionerVisible(actor, id))) continue;
          const account = await readAccount(this.db, id);
          if (account) out.push({ resource: toPractitionerRole(account), patientId: null });
        }
        return page(out);
      }
      case 'Appointment': {
        checkParams('Appointment', q);
        const based = refIds(q, 'based-on', 'ServiceRequest');
        const patients = refIds(q, 'patient', 'Patient');
        const dates = values(q, 'date').map((v) => parseDate('date', v));
        const status = values(q, 'status');
        const referrals = await this.referrals(actor, {
          ...(ids.length || based.length ? { ids: [...ids, ...based] } : {}),
          ...(patients.length ? { patients } : {}),
        });
        const out = referrals
          .map((r) => ({ r, a: toAppointment(r) }))
          .filter((x) => x.a !== undefined)
          .filter((x) => !status.length || status.includes(x.a!.status))
          .filter((x) => dates.every((d) => matchesDate(new Date(x.a!.start!), d)))
          .sort((a, b) => a.a!.start!.localeCompare(b.a!.start!))
          .map((x) => ({ resource: x.a!, patientId: x.r.patient_id }));
        return page(out);
      }
      case 'Communication': {
        checkParams('Communication', q);
        const based = refIds(q, 'based-on', 'ServiceRequest');
        const patients = refIds(q, 'patient', 'Patient');
        const referrals = await this.referrals(actor, {
          ...(based.length ? { ids: based } : {}),
          ...(patients.length ? { patients } : {}),
        });
        return page(await this.messages(actor, referrals, ids.length ? ids : undefined));
      }
      case 'Consent': {
        checkParams('Consent', q);
        const patients = refIds(q, 'patient', 'Patient');
        const status = values(q, 'status');
        const rows = await this.db
          .selectFrom('consent_record as c')
          .selectAll('c')
          .where((eb) =>
            eb.or([
              ...(actor.patientIds?.length ? [eb('c.patient_id', 'in', [...actor.patientIds])] : []),
              eb.exists(
                eb
                  .selectFrom('referral as r')
                  .select('r.id')
                  .whereRef('r.patient_id', '=', 'c.patient_id')
                  .where((inner) => visibleTo(inner, actor)),
              ),
            ]),
          )
          .$if(ids.length > 0, (x) => x.where('c.id', 'in', ids))
          .$if(patients.length > 0, (x) => x.where('c.patient_id', 'in', patients))
          .orderBy('c.given_at', 'desc')
          .orderBy('c.id')
          .execute();
        const out = rows
          .map((c) => ({ resource: toConsent(c), patientId: c.patient_id }))
          .filter((x) => !status.length || status.includes(x.resource.status));
        return page(out);
      }
      case 'QuestionnaireResponse': {
        checkParams('QuestionnaireResponse', q);
        const patients = [...refIds(q, 'patient', 'Patient'), ...refIds(q, 'subject', 'Patient')];
        const authored = values(q, 'authored').map((v) => parseDate('authored', v));
        const staffDepartments = actor.roles.some((r) => STAFF.has(r)) ? actor.departmentIds : [];
        const own = actor.patientIds ?? [];
        if (!staffDepartments.length && !own.length) return page([]);
        const rows = await this.db
          .selectFrom('apop_screening as s')
          .selectAll('s')
          .where((eb) =>
            eb.or([
              ...(staffDepartments.length ? [eb('s.department_id', 'in', [...staffDepartments])] : []),
              ...(own.length ? [eb('s.patient_id', 'in', [...own])] : []),
            ]),
          )
          .$if(ids.length > 0, (x) => x.where('s.id', 'in', ids))
          .$if(patients.length > 0, (x) => x.where('s.patient_id', 'in', patients))
          .orderBy('s.screened_at', 'desc')
          .orderBy('s.id')
          .execute();
        const out = rows
          .filter((s) => authored.every((d) => matchesDate(s.screened_at, d)))
          .map((s) => ({ resource: toQuestionnaireResponse(s), patientId: s.patient_id }));
        return page(out);
      }
    }
  }
}
