import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startTestSmtp } from '../../packages/server/src/testing/smtp.ts';
import { summarise, type LoadResult } from '../lib/measure.ts';
import { signIn, startServer, type Target } from '../lib/server.ts';
import { line, referralBody, REFERRER } from './intake.ts';

/**
 * Two server processes on one PostgreSQL (issue 8, part 4). Clients create and submit referrals, and every
 * request is sent to BOTH processes at once with the same Idempotency-Key, the way a client retries against a
 * load balancer. Afterwards: one referral per key, one submission per referral, and every queued message
 * delivered once (counted by Message-ID at a real SMTP server; both processes run the outbox worker).
 */
export interface TwoProcessReport {
  result: LoadResult;
  keys: number;
  referrals: number;
  duplicateReferrals: number;
  submitted: number;
  messagesQueued: number;
  messagesPending: number;
  mailsReceived: number;
  duplicateMails: number;
}

export async function twoProcesses(
  target: Target & { databaseUrl: string },
  opts: { port: number; seconds: number; connections: number; log: (l: string) => void },
): Promise<TwoProcessReport> {
  const smtp = await startTestSmtp();
  const env = { LOKET_SMTP_URL: smtp.url };
  const a = await startServer(target, opts.port, env);
  const b = await startServer(target, opts.port + 1, env);
  const db = new pg.Client({ connectionString: target.databaseUrl });
  await db.connect();
  try {
    const cookies = [await signIn(a.url, REFERRER), await signIn(b.url, REFERRER)];
    const before = Number((await db.query(`select count(*) from outbox_message`)).rows[0].count);
    const startedAt = new Date();
    const body = referralBody();
    const latencies: number[] = [];
    let errors = 0;
    let keys = 0;
    const post = (i: number, path: string, key: string, payload?: string) =>
      fetch(`${[a, b][i]!.url}${path}`, {
        method: 'POST',
        headers: {
          cookie: cookies[i]!,
          'idempotency-key': key,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
        ...(payload ? { body: payload } : {}),
      });
    const until = performance.now() + opts.seconds * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.connections }, async () => {
        while (performance.now() < until) {
          const t = performance.now();
          const key = randomUUID();
          keys++;
          const created = await Promise.all([0, 1].map((i) => post(i, '/api/referrals', key, body)));
          const ids = await Promise.all(
            created.map(async (r) => (r.status === 201 ? (await r.json()).id : null)),
          );
          if (!ids[0] || ids[0] !== ids[1]) {
            errors++;
            continue;
          }
          const submitKey = randomUUID();
          const sent = await Promise.all(
            [0, 1].map((i) => post(i, `/api/referrals/${ids[0]}/submit`, submitKey)),
          );
          if (sent.some((r) => r.status !== 200)) errors++;
          await Promise.all(sent.map((r) => r.arrayBuffer()));
          latencies.push(performance.now() - t);
        }
      }),
    );
    const result = summarise(
      `two processes create+submit c=${opts.connections}`,
      opts.connections,
      (performance.now() - t0) / 1000,
      latencies,
      errors,
    );
    // Let both outbox workers drain the queue.
    let pending = Infinity;
    for (let i = 0; i < 120 && pending > 0; i++) {
      pending = Number(
        (await db.query(`select count(*) from outbox_message where status in ('pending', 'failed')`)).rows[0]
          .count,
      );
      if (pending > 0) await new Promise((r) => setTimeout(r, 500));
    }
    const user = (await db.query(`select id from auth."user" where email = $1`, [REFERRER])).rows[0].id;
    const counts = (
      await db.query(
        `select (select count(*) from referral where created_by = $1 and created_at >= $2) as referrals,
                (select count(*) from referral where created_by = $1 and created_at >= $2 and state <> 'draft') as submitted,
                (select count(*) from idempotency_key where user_id = $1 and scope = 'referral.create'
                   and created_at >= $2) as keys`,
        [user, startedAt],
      )
    ).rows[0];
    const queued = Number((await db.query(`select count(*) from outbox_message`)).rows[0].count) - before;
    const ids = smtp.received.map((m) => /^Message-ID:\s*(\S+)/im.exec(m.raw)?.[1] ?? m.raw);
    const report: TwoProcessReport = {
      result,
      keys,
      referrals: Number(counts.referrals),
      duplicateReferrals: Number(counts.referrals) - Number(counts.keys),
      submitted: Number(counts.submitted),
      messagesQueued: queued,
      messagesPending: pending,
      mailsReceived: smtp.received.length,
      duplicateMails: ids.length - new Set(ids).size,
    };
    opts.log(line(result));
    opts.log(JSON.stringify({ ...report, result: undefined }));
    return report;
  } finally {
    await db.end();
    await a.stop();
    await b.stop();
    await smtp.close();
  }
}
