import type { ExpressionBuilder, SqlBool, Expression } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '@loket/db';
import { fhirTaskStatus, referralStates, type ActorFacts, type ReferralState } from '@loket/domain';
import { serviceRequestStatus } from './mappers.ts';
import { FhirError } from './outcome.ts';

/**
 * Search on the referral loop. Parameters are parsed into a closed filter first, then turned into Kysely
 * expressions with bound values; nothing from the query string is ever spliced into SQL text.
 */
export type SearchType =
  | 'ServiceRequest'
  | 'Task'
  | 'Patient'
  | 'HealthcareService'
  | 'PractitionerRole'
  | 'Appointment'
  | 'Communication'
  | 'Consent'
  | 'QuestionnaireResponse'
  | 'Subscription';

const paging = {
  _count: { type: 'number', documentation: 'Page size, 1 to 100 (default 20)' },
  _offset: { type: 'number', documentation: 'Where the page starts; follow Bundle.link next' },
};

/** What each type supports: exactly what the CapabilityStatement lists. */
export const searchParams: Record<SearchType, Record<string, { type: string; documentation: string }>> = {
  ServiceRequest: {
    _id: { type: 'token', documentation: 'The referral id' },
    status: { type: 'token', documentation: 'draft | active | on-hold | revoked | completed (comma = or)' },
    performer: { type: 'reference', documentation: 'HealthcareService/<department id>' },
    patient: { type: 'reference', documentation: 'Patient/<id>' },
    subject: { type: 'reference', documentation: 'Patient/<id>' },
    authored: {
      type: 'date',
      documentation: 'When the referral was sent (eq, ge, gt, le, lt); dates in Europe/Amsterdam',
    },
    _lastUpdated: { type: 'date', documentation: 'Last change (eq, ge, gt, le, lt)' },
    _count: { type: 'number', documentation: 'Page size, 1 to 100 (default 20)' },
    _offset: {
      type: 'number',
      documentation: 'Where the page starts; follow Bundle.link next instead of setting it',
    },
  },
  Task: {
    _id: { type: 'token', documentation: 'The referral id (a Task has the id of its ServiceRequest)' },
    status: { type: 'token', documentation: 'Task.status (comma = or)' },
    'business-status': { type: 'token', documentation: 'The Loket referral state (comma = or)' },
    owner: { type: 'reference', documentation: 'HealthcareService/<department id>' },
    patient: { type: 'reference', documentation: 'Patient/<id>' },
    focus: { type: 'reference', documentation: 'ServiceRequest/<id>' },
    'authored-on': { type: 'date', documentation: 'When the referral was sent (eq, ge, gt, le, lt)' },
    _lastUpdated: { type: 'date', documentation: 'Last change (eq, ge, gt, le, lt)' },
    _count: { type: 'number', documentation: 'Page size, 1 to 100 (default 20)' },
    _offset: { type: 'number', documentation: 'Where the page starts' },
  },
  Patient: {
    _id: { type: 'token', documentation: 'The patient id' },
    identifier: {
      type: 'token',
      documentation: `${'http://fhir.nl/fhir/NamingSystem/bsn'}|<BSN>; only with POST Patient/_search, since a BSN never goes in a URL`,
    },
    _count: { type: 'number', documentation: 'Page size, 1 to 100 (default 20)' },
    _offset: { type: 'number', documentation: 'Where the page starts' },
  },
  HealthcareService: {
    _id: { type: 'token', documentation: 'The department id' },
  },
  PractitionerRole: {
    _id: { type: 'token', documentation: 'The account id (one PractitionerRole per account)' },
    practitioner: { type: 'reference', documentation: 'Practitioner/<id>; without it, your own role' },
    ...paging,
  },
  Appointment: {
    _id: { type: 'token', documentation: 'The referral id (an Appointment has the id of its referral)' },
    patient: { type: 'reference', documentation: 'Patient/<id>' },
    'based-on': { type: 'reference', documentation: 'ServiceRequest/<id>' },
    date: { type: 'date', documentation: 'Appointment start (eq, ge, gt, le, lt)' },
    status: { type: 'token', documentation: 'booked | fulfilled | noshow | cancelled (comma = or)' },
    ...paging,
  },
  Communication: {
    _id: { type: 'token', documentation: 'The message id' },
    patient: { type: 'reference', documentation: 'Patient/<id>' },
    'based-on': { type: 'reference', documentation: 'ServiceRequest/<id>' },
    ...paging,
  },
  Consent: {
    _id: { type: 'token', documentation: 'The consent id' },
    patient: { type: 'reference', documentation: 'Patient/<id>' },
    status: { type: 'token', documentation: 'active | inactive (withdrawn)' },
    ...paging,
  },
  QuestionnaireResponse: {
    _id: { type: 'token', documentation: 'The APOP screening id' },
    patient: { type: 'reference', documentation: 'Patient/<id>' },
    subject: { type: 'reference', documentation: 'Patient/<id>' },
    authored: { type: 'date', documentation: 'When the screening was done (eq, ge, gt, le, lt)' },
    ...paging,
  },
  Subscription: {
    _id: { type: 'token', documentation: 'The subscription id; you see only your own subscriptions' },
    status: { type: 'token', documentation: 'active | off | error' },
    ...paging,
  },
};

/** Does an instant match a date filter? (For resources filtered after they are read.) */
export function matchesDate(at: Date, f: DateFilter): boolean {
  const t = at.getTime();
  switch (f.comparator) {
    case 'eq':
      return t >= f.start.getTime() && t < f.end.getTime();
    case 'ge':
      return t >= f.start.getTime();
    case 'gt':
      return t >= f.end.getTime();
    case 'le':
      return t < f.end.getTime();
    case 'lt':
      return t < f.start.getTime();
  }
}

type Comparator = 'eq' | 'ge' | 'gt' | 'le' | 'lt';
export interface DateFilter {
  comparator: Comparator;
  start: Date;
  end: Date;
}

export interface ReferralFilter {
  ids?: string[];
  states?: ReferralState[];
  departments?: string[];
  patients?: string[];
  authored: DateFilter[];
  updated: DateFilter[];
}

export interface Paging {
  count: number;
  offset: number;
}

export type Query = Record<string, string | string[] | undefined>;

function values(q: Query, name: string): string[] {
  const v = q[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v])
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Refuses every parameter the type does not support, so a client never mistakes an ignored filter for a match. */
export function checkParams(type: SearchType, q: Query) {
  const allowed = searchParams[type];
  for (const name of Object.keys(q)) {
    if (name === '_format') continue;
    const base = name.split(':')[0]!;
    if (!(base in allowed) || name !== base) {
      throw new FhirError(
        400,
        'not-supported',
        `Search parameter "${name}" is not supported on ${type}. Supported: ${Object.keys(allowed).join(', ')}.`,
      );
    }
  }
}

function referenceIds(q: Query, name: string, type: string): string[] | undefined {
  const vs = values(q, name);
  if (!vs.length) return undefined;
  return vs.map((v) => {
    const parts = v.split('/');
    if (parts.length === 1) return v;
    if (parts.length === 2 && parts[0] === type && parts[1]) return parts[1];
    throw new FhirError(400, 'invalid', `Parameter "${name}" takes ${type}/<id> or <id>, not "${v}".`);
  });
}

/** Midnight in Amsterdam of a calendar day, as an instant: FHIR dates without a zone are the server's local dates. */
function amsterdamStart(y: number, m: number, d: number): Date {
  const utc = Date.UTC(y, m - 1, d);
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'shortOffset' })
    .formatToParts(new Date(utc))
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-]\d+)?/.exec(name ?? '');
  const hours = match?.[1] ? Number(match[1]) : 0;
  return new Date(utc - hours * 3_600_000);
}

export function parseDate(name: string, raw: string): DateFilter {
  const m = /^(eq|ge|gt|le|lt|ne|sa|eb|ap)?(.+)$/.exec(raw)!;
  const comparator = (m[1] ?? 'eq') as Comparator | 'ne' | 'sa' | 'eb' | 'ap';
  if (!['eq', 'ge', 'gt', 'le', 'lt'].includes(comparator))
    throw new FhirError(
      400,
      'not-supported',
      `Parameter "${name}": prefix "${comparator}" is not supported; use eq, ge, gt, le or lt.`,
    );
  const v = m[2]!;
  const day = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
  if (day) {
    const y = Number(day[1]);
    const mo = day[2] ? Number(day[2]) : undefined;
    const d = day[3] ? Number(day[3]) : undefined;
    if ((mo !== undefined && (mo < 1 || mo > 12)) || (d !== undefined && (d < 1 || d > 31)))
      throw new FhirError(400, 'invalid', `Parameter "${name}": "${v}" is not a valid date.`);
    const start = amsterdamStart(y, mo ?? 1, d ?? 1);
    const end =
      d !== undefined
        ? amsterdamStart(y, mo!, d + 1)
        : mo !== undefined
          ? amsterdamStart(y, mo + 1, 1)
          : amsterdamStart(y + 1, 1, 1);
    return { comparator: comparator as Comparator, start, end };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    const at = new Date(v);
    if (!Number.isNaN(at.getTime()))
      return { comparator: comparator as Comparator, start: at, end: new Date(at.getTime() + 1) };
  }
  throw new FhirError(
    400,
    'invalid',
    `Parameter "${name}": "${v}" is not a FHIR date. Use YYYY, YYYY-MM, YYYY-MM-DD or a dateTime with a zone, e.g. ge2026-01-01.`,
  );
}

export function parsePaging(q: Query): Paging {
  const number = (name: string, fallback: number, min: number, max: number) => {
    const v = values(q, name);
    if (!v.length) return fallback;
    const n = Number(v[0]);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new FhirError(
        400,
        'invalid',
        `Parameter "${name}" must be a whole number from ${min} to ${max}.`,
      );
    return n;
  };
  return { count: number('_count', 20, 1, 100), offset: number('_offset', 0, 0, 100_000) };
}

function statesFor(type: 'ServiceRequest' | 'Task', tokens: string[]): ReferralState[] {
  return referralStates.filter((s) =>
    tokens.includes(type === 'Task' ? fhirTaskStatus[s].status : (serviceRequestStatus[s] as string)),
  );
}

export function parseReferralFilter(type: 'ServiceRequest' | 'Task', q: Query): ReferralFilter {
  checkParams(type, q);
  const filter: ReferralFilter = { authored: [], updated: [] };
  const ids = [
    ...values(q, '_id'),
    ...(type === 'Task' ? (referenceIds(q, 'focus', 'ServiceRequest') ?? []) : []),
  ];
  if (ids.length) filter.ids = ids;
  const status = values(q, 'status');
  let states: ReferralState[] | undefined = status.length ? statesFor(type, status) : undefined;
  const business = values(q, 'business-status');
  if (business.length) {
    const wanted = referralStates.filter((s) => business.includes(fhirTaskStatus[s].businessStatus));
    states = states ? states.filter((s) => wanted.includes(s)) : wanted;
  }
  if (states) filter.states = states;
  const departments =
    type === 'Task'
      ? referenceIds(q, 'owner', 'HealthcareService')
      : referenceIds(q, 'performer', 'HealthcareService');
  if (departments) filter.departments = departments;
  const patients = [
    ...(referenceIds(q, 'patient', 'Patient') ?? []),
    ...(referenceIds(q, 'subject', 'Patient') ?? []),
  ];
  if (patients.length) filter.patients = patients;
  const authoredName = type === 'Task' ? 'authored-on' : 'authored';
  filter.authored = values(q, authoredName).map((v) => parseDate(authoredName, v));
  filter.updated = values(q, '_lastUpdated').map((v) => parseDate('_lastUpdated', v));
  return filter;
}

type RefEB = ExpressionBuilder<Database & { r: Database['referral'] }, 'r'>;

/**
 * The referrals an actor may see, as SQL: the same relationships as `canView` in the domain (own or same
 * practice, the patient's family doctor, the patient themselves, staff of the department). The route checks
 * `canView` on every row as well, so a mismatch here could hide a row but never show one.
 */
export function visibleTo(eb: RefEB, actor: ActorFacts): Expression<SqlBool> {
  const any: Expression<SqlBool>[] = [];
  if (actor.roles.includes('referrer')) {
    any.push(eb('r.created_by', '=', actor.userId));
    if (actor.organisationId) any.push(eb('r.organisation_id', '=', actor.organisationId));
    if (actor.agbCode) any.push(eb(sql<string>`r.patient->>'familyDoctorAgb'`, '=', actor.agbCode));
  }
  if (actor.roles.includes('patient') && actor.patientIds?.length)
    any.push(eb('r.patient_id', 'in', [...actor.patientIds]));
  const staff = actor.roles.some(
    (x) => x === 'back-office' || x === 'triage-supervisor' || x === 'specialist',
  );
  if (staff && actor.departmentIds.length) any.push(eb('r.department_id', 'in', [...actor.departmentIds]));
  return any.length ? eb.or(any) : eb.lit(false);
}

function dateExpression(eb: RefEB, column: Expression<Date>, f: DateFilter): Expression<SqlBool> {
  switch (f.comparator) {
    case 'eq':
      return eb.and([eb(column, '>=', f.start), eb(column, '<', f.end)]);
    case 'ge':
      return eb(column, '>=', f.start);
    case 'gt':
      return eb(column, '>=', f.end);
    case 'le':
      return eb(column, '<', f.end);
    case 'lt':
      return eb(column, '<', f.start);
  }
}

export function filterExpression(eb: RefEB, f: ReferralFilter): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [];
  const inList = (
    column: 'r.id' | 'r.state' | 'r.department_id' | 'r.patient_id',
    list: readonly string[],
  ) => (list.length ? eb(column, 'in', [...list]) : eb.lit(false));
  if (f.ids) all.push(inList('r.id', f.ids));
  if (f.states) all.push(inList('r.state', f.states));
  if (f.departments) all.push(inList('r.department_id', f.departments));
  if (f.patients) all.push(inList('r.patient_id', f.patients));
  const authored = eb.fn.coalesce('r.submitted_at', 'r.created_at');
  for (const d of f.authored) all.push(dateExpression(eb, authored, d));
  for (const d of f.updated) all.push(dateExpression(eb, eb.ref('r.updated_at'), d));
  return eb.and(all);
}
