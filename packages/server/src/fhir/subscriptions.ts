import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { readAccount, type Database, type FhirSubscriptionTable, type ReferralRow } from '@loket/db';
import { canView, type Role } from '@loket/domain';
import type { Subscription } from '@medplum/fhirtypes';
import type { ReferralNotifier, TransitionContext } from '../referrals/service.ts';
import { referralFacts } from '../referrals/service.ts';
import { toTask, type LetterSummary } from './mappers.ts';
import { FhirError } from './outcome.ts';
import { filterExpression, parseReferralFilter, visibleTo, type Query } from './search.ts';

/**
 * FHIR R4 Subscriptions (rest-hook) on Task: a referring system is told when one of its referrals changes. The
 * notification is an outbox message (channel 'rest-hook') written in the same transaction as the change, so it
 * goes out exactly when the change commits, and the outbox worker delivers and retries it like an e-mail.
 * A notification is only made for a referral the subscriber may see at that moment.
 */
export type SubscriptionRow = Selectable<FhirSubscriptionTable>;
export const FHIR_PAYLOAD = 'application/fhir+json';

function criteriaQuery(criteria: string): Query {
  const q = criteria.indexOf('?');
  const query: Query = {};
  for (const [k, v] of new URLSearchParams(q >= 0 ? criteria.slice(q + 1) : '')) {
    const prev = query[k];
    query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  return query;
}

/** Loopback, private, link-local and unique-local addresses, and names that mean this machine or network. */
export function isInternalHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal'))
    return true;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (h.includes(':'))
    return h === '::1' || h === '::' || /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith('::ffff:');
  return false;
}

/** A new Subscription from a client: checked and made into a row, or refused with what to send instead. */
export function parseSubscription(
  s: Subscription,
  userId: string,
  options: { allowHttp: boolean },
): SubscriptionRow {
  if (s?.resourceType !== 'Subscription')
    throw new FhirError(400, 'invalid', 'The body must be a Subscription.');
  const criteria = String(s.criteria ?? '').trim();
  if (!/^Task(\?|$)/.test(criteria))
    throw new FhirError(
      400,
      'not-supported',
      'Subscription.criteria must be a Task search, e.g. "Task?owner=HealthcareService/internal-medicine" or "Task?_id=<id>".',
    );
  // The same parser as a Task search: an unsupported parameter is refused now, not silently ignored later.
  const query = criteriaQuery(criteria);
  for (const k of ['_count', '_offset'])
    if (k in query) throw new FhirError(400, 'invalid', `Subscription.criteria cannot hold ${k}.`);
  parseReferralFilter('Task', query);
  if (s.channel?.type !== 'rest-hook')
    throw new FhirError(400, 'not-supported', 'Only Subscription.channel.type "rest-hook" is supported.');
  let endpoint: URL;
  try {
    endpoint = new URL(String(s.channel.endpoint ?? ''));
  } catch {
    throw new FhirError(400, 'invalid', 'Subscription.channel.endpoint must be an absolute https URL.');
  }
  if (endpoint.protocol !== 'https:' && !(options.allowHttp && endpoint.protocol === 'http:'))
    throw new FhirError(400, 'invalid', 'Subscription.channel.endpoint must be an https URL.');
  // A referrer must not make Loket post into the hospital's own network: no loopback, private or link-local
  // addresses (by name or number) except on a plain-http development deployment.
  if (!options.allowHttp && isInternalHost(endpoint.hostname))
    throw new FhirError(
      400,
      'security',
      'Subscription.channel.endpoint must be a public address, not localhost or a private network.',
    );
  if (endpoint.username || endpoint.password)
    throw new FhirError(
      400,
      'invalid',
      'Put credentials in Subscription.channel.header, not in the endpoint URL.',
    );
  const payload = s.channel.payload ?? null;
  if (payload !== null && payload !== FHIR_PAYLOAD)
    throw new FhirError(
      400,
      'not-supported',
      `Subscription.channel.payload must be "${FHIR_PAYLOAD}" (the Task is sent) or absent (an empty notification).`,
    );
  const headers = s.channel.header ?? [];
  for (const h of headers)
    if (!/^[A-Za-z0-9-]+:[^\r\n]*$/.test(h) || /^(host|content-length|content-type):/i.test(h))
      throw new FhirError(400, 'invalid', `Subscription.channel.header "${h.split(':')[0]}" is not allowed.`);
  const now = new Date();
  const end = s.end ? new Date(s.end) : null;
  if (end && Number.isNaN(end.getTime()))
    throw new FhirError(400, 'invalid', 'Subscription.end is not an instant.');
  return {
    id: randomUUID(),
    user_id: userId,
    status: 'active',
    criteria,
    reason: String(s.reason ?? '').slice(0, 1000) || 'Follow referrals',
    endpoint: endpoint.toString(),
    payload,
    headers: headers,
    end_at: end,
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

/** The Subscription resource; header values are not returned (they may hold a secret). */
export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    resourceType: 'Subscription',
    id: row.id,
    meta: { versionId: String(row.version), lastUpdated: row.updated_at.toISOString() },
    status: row.status,
    reason: row.reason,
    criteria: row.criteria,
    ...(row.end_at ? { end: row.end_at.toISOString() } : {}),
    channel: {
      type: 'rest-hook',
      endpoint: row.endpoint,
      ...(row.payload ? { payload: row.payload } : {}),
      ...((row.headers ?? []).length
        ? { header: row.headers.map((h) => `${h.split(':')[0]}: (not shown)`) }
        : {}),
    },
  };
}

/** The subscriber's access facts, read inside the transaction (PGlite has one connection). */
async function subscriberFacts(trx: Transaction<Database>, userId: string) {
  const account = await readAccount(trx, userId);
  if (!account || account.disabledAt) return undefined;
  const patients = await trx
    .selectFrom('patient_account')
    .select('patient_id')
    .where('user_id', '=', userId)
    .execute();
  return {
    userId,
    roles: account.roles as Role[],
    departmentIds: account.departmentIds,
    organisationId: account.organisationId,
    agbCode: account.agbCode,
    patientIds: patients.map((p) => p.patient_id),
  };
}

/** Does the referral, as it is now inside the transaction, match the subscription's Task search? */
async function matches(
  trx: Transaction<Database>,
  s: SubscriptionRow,
  r: ReferralRow,
  facts: NonNullable<Awaited<ReturnType<typeof subscriberFacts>>>,
) {
  const filter = parseReferralFilter('Task', criteriaQuery(s.criteria));
  const row = await trx
    .selectFrom('referral as r')
    .select('r.id')
    .where('r.id', '=', r.id)
    .where((eb) => eb.and([visibleTo(eb, facts), filterExpression(eb, filter)]))
    .executeTakeFirst();
  return row !== undefined && canView(facts, referralFacts(r));
}

/** Wraps the letters notifier: after its letters, a rest-hook message per matching subscription. */
export function withSubscriptions(inner: ReferralNotifier): ReferralNotifier {
  return {
    async afterTransition(ctx: TransitionContext) {
      await inner.afterTransition(ctx);
      await notifySubscribers(ctx.trx, ctx.after, ctx.department);
    },
  };
}

export async function notifySubscribers(
  trx: Transaction<Database>,
  r: ReferralRow,
  department: TransitionContext['department'] | undefined,
) {
  const now = new Date();
  const subs = await trx
    .selectFrom('fhir_subscription')
    .selectAll()
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('end_at', 'is', null), eb('end_at', '>', now)]))
    .orderBy('created_at')
    .execute();
  if (!subs.length) return;
  let letters: LetterSummary[] | undefined;
  for (const s of subs) {
    const facts = await subscriberFacts(trx, s.user_id);
    if (!facts || !(await matches(trx, s, r, facts))) continue;
    let body = '';
    if (s.payload === FHIR_PAYLOAD) {
      letters ??= await trx
        .selectFrom('letter')
        .select(['id', 'referral_id', 'type', 'language', 'recipient_role', 'recipient_name', 'created_at'])
        .where('referral_id', '=', r.id)
        .orderBy('created_at')
        .execute();
      const patientOnly = !facts.roles.some((x) => x !== 'patient');
      const shown = patientOnly ? letters.filter((l) => l.recipient_role === 'patient') : letters;
      body = JSON.stringify(toTask(r, department, shown));
    }
    await trx
      .insertInto('outbox_message')
      .values({
        referral_id: r.id,
        letter_id: null,
        channel: 'rest-hook',
        recipient: s.endpoint,
        // The subscription, so the sender can add its headers; the Task and its version, for the logs.
        subject: `Subscription/${s.id} Task/${r.id}/_history/${r.version}`,
        body,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      })
      .execute();
  }
}

export interface RestHookMessage {
  id: number;
  recipient: string;
  subject: string;
  body: string;
  created_at: Date;
}

/**
 * Delivers one rest-hook notification: a POST to the endpoint, with the subscription's headers, the Task as
 * application/fhir+json (or no body), and a stable X-Loket-Notification id so a receiver can tell a repeat.
 * Anything but a 2xx is a failed attempt, retried by the worker. A subscription that was switched off meanwhile
 * gets nothing.
 */
export function restHookSender(options: { timeoutMs?: number } = {}) {
  return {
    async send(m: RestHookMessage, db: Kysely<Database> | Transaction<Database>): Promise<void> {
      const id = /^Subscription\/([^\s]+)/.exec(m.subject)?.[1];
      const sub = id
        ? await db.selectFrom('fhir_subscription').selectAll().where('id', '=', id).executeTakeFirst()
        : undefined;
      if (!sub || sub.status !== 'active') return;
      const headers: Record<string, string> = {
        'x-loket-notification': `loket-hook-${m.id}.${m.created_at.getTime()}`,
      };
      for (const h of sub.headers ?? []) {
        const colon = h.indexOf(':');
        headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
      }
      if (m.body) headers['content-type'] = `${FHIR_PAYLOAD}; charset=utf-8`;
      const res = await fetch(m.recipient, {
        method: 'POST',
        headers,
        ...(m.body ? { body: m.body } : {}),
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`rest-hook endpoint answered HTTP ${res.status}`);
    },
  };
}
