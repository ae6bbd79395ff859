import { randomUUID } from 'node:crypto';
import { auditHash, GENESIS_HASH } from '@loket/db';
import { httpLoad, rawLoad, type LoadResult } from '../lib/measure.ts';
import { withUsage, type HttpPhase, type RawPhase } from '../lib/context.ts';
import { BENCH_AUDIT_KEY } from '../lib/server.ts';

/**
 * Intake: an authenticated referrer POSTs a ~4 KB referral with an Idempotency-Key; beside it the raw ceiling,
 * the equivalent referral row and audit record (appended to the hash chain under the same advisory lock) in
 * one transaction through a bare driver, at the same concurrency.
 */
export const REFERRER = 'huisarts@demo.loket.nl';

const reason =
  'Anaemia of unknown cause with fatigue for three months; ferritin low, no obvious blood loss. ' +
  'Colonoscopy two years ago was normal. Please assess for malabsorption and haematological causes. ';

export function referralBody(): string {
  return JSON.stringify({
    departmentId: 'internal-medicine',
    kind: 'new-referral',
    urgency: 'routine',
    patient: {
      bsn: '999990019',
      givenName: 'Jan',
      familyName: 'Jansen',
      birthDate: '1950-03-01',
      street: 'Albinusdreef',
      houseNumber: '2',
      postcode: '2333ZA',
      city: 'Leiden',
      phone: '071 526 9111',
      email: 'jan.jansen@example.org',
    },
    familyDoctor: { name: 'Dr. A. de Vries', agbCode: '01999001', email: 'huisarts@example.org' },
    letter: { reason: reason.repeat(18), 'urgency-period': 'within 4 weeks' },
  });
}

export const CONNECTIONS = [1, 16, 50];

export async function intakeHttp(ctx: HttpPhase, connections = CONNECTIONS): Promise<LoadResult[]> {
  const cookie = await ctx.cookie(REFERRER);
  const body = referralBody();
  const out: LoadResult[] = [];
  const load = (c: number, seconds: number) =>
    httpLoad(`intake http c=${c}`, {
      url: `${ctx.server.url}/api/referrals`,
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body,
      perRequestHeaders: () => ({ 'idempotency-key': randomUUID() }),
      connections: c,
      seconds,
      expectStatus: 201,
    });
  // Unmeasured warm-up: a server that has just started spends its first seconds compiling the intake path, which
  // made the first measured run (and the small database's, measured first) look slower than it is.
  await load(16, 3);
  for (const c of connections) {
    const r = await withUsage(ctx, ctx.server.pid, () => load(c, ctx.seconds));
    ctx.log(line(r));
    out.push(r);
  }
  return out;
}

export async function intakeRaw(ctx: RawPhase, connections = CONNECTIONS): Promise<LoadResult[]> {
  const body = JSON.parse(referralBody());
  const patient = JSON.stringify({ ...body.patient, familyDoctorName: body.familyDoctor.name });
  const letter = JSON.stringify(body.letter);
  const out: LoadResult[] = [];
  for (const c of connections) {
    const db = await ctx.raw(c);
    try {
      const r = await withUsage(ctx, null, () =>
        rawLoad(`intake raw c=${c}`, c, ctx.seconds, () =>
          db.tx(async (q) => {
            const id = randomUUID();
            const now = new Date();
            await q(
              `insert into referral (id, reference, kind, state, department_id, channel, urgency_requested,
                 patient, letter, confirmations, referrer_user_id, referrer_name, referrer_agb, referrer_kind,
                 created_by, created_at, updated_at, assigned_specialists)
               values ($1, 'RAW-' || nextval('referral_number_seq'), 'new-referral', 'draft', 'internal-medicine',
                 'portal', 'routine', $2, $3, '[]', 'raw', 'Raw bench', '01999001', 'family-doctor', 'raw', $4, $4, '[]')`,
              [id, patient, letter, now],
            );
            await q('select pg_advisory_xact_lock(7513001)');
            const last = (await q('select seq, hash from audit_event order by seq desc limit 1'))[0];
            const prev = String(last?.hash ?? GENESIS_HASH);
            const row = {
              seq: Number(last?.seq ?? 0) + 1,
              occurred_at: new Date(now.getTime()),
              event_type: 'referral.create',
              action: 'C' as const,
              outcome: 'success',
              user_id: 'raw',
              user_name: 'Raw bench',
              user_role: 'referrer',
              on_behalf_of: null,
              patient_id: null,
              access_point: '127.0.0.1',
              object_type: 'referral',
              object_id: id,
              details: { state: 'draft' },
            };
            await q(
              `insert into audit_event (seq, occurred_at, event_type, action, outcome, user_id, user_name,
                 user_role, access_point, object_type, object_id, details, prev_hash, hash)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
              [
                row.seq,
                row.occurred_at,
                row.event_type,
                row.action,
                row.outcome,
                row.user_id,
                row.user_name,
                row.user_role,
                row.access_point,
                row.object_type,
                row.object_id,
                JSON.stringify(row.details),
                prev,
                auditHash(BENCH_AUDIT_KEY, prev, row),
              ],
            );
          }),
        ),
      );
      ctx.log(line(r));
      out.push(r);
    } finally {
      await db.close();
    }
  }
  return out;
}

export function line(r: LoadResult): string {
  const f = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(1));
  return `${r.label}: ${f(r.perSecond)}/s p50 ${f(r.p50)} p95 ${f(r.p95)} p99 ${f(r.p99)} ms, cpu ${f(r.cpu)}, peak ${f(r.peakRssMb)} MB, errors ${r.errors}`;
}
