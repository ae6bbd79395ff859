import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connect, verifyAuditChain } from '@loket/db';
import { systemActor } from '../../audit/trail.ts';
import { loadConfig } from '../../config.ts';
import { prepare } from '../../start.ts';
import { startTestSmtp } from '../../testing/smtp.ts';
import { repoRoot } from '../../testing/harness.ts';
import { ReferrerClient, UnexpectedAnswer, type Acknowledged } from './client.ts';
import { freePort, startPrivateCluster } from './cluster.ts';
import { ServerProcess } from './server.ts';

/**
 * Crashes under load (R-REF-10). Referrers' clients submit referrals with a document, retrying on the same
 * Idempotency-Key, while the harness kills the server with SIGKILL at random moments and crashes the database
 * (`pg_ctl stop -m immediate`). Afterwards it checks, against the database, the document store and a real SMTP
 * server: nothing acknowledged was lost, nothing was made twice, every document is the bytes the client sent,
 * every queued e-mail was delivered exactly once in effect (per Message-ID), the audit chain verifies, and
 * the server answered /readyz soon after every restart.
 */

export interface CrashOptions {
  serverKills: number;
  databaseRestarts: number;
  clients: number;
  /** Random pause between two disruptions, in milliseconds. */
  pauseMs: [number, number];
  /** The seed of the disruption schedule (the moments are random; this makes the order repeatable). */
  seed: number;
  log?: (line: string) => void;
}

export interface Check {
  name: string;
  ok: boolean;
  figure: string;
  /** A figure that is reported, never asserted: speed depends on the machine (house rule: no timed assertions). */
  informational?: boolean;
}

export interface CrashReport {
  options: CrashOptions;
  checks: Check[];
  ok: boolean;
  figures: {
    acknowledged: number;
    serverKills: number;
    databaseRestarts: number;
    lost: number;
    duplicates: number;
    hashMismatches: number;
    outboxMessages: number;
    mailsReceived: number;
    mailsRepeated: number;
    mailsMissing: number;
    auditRecords: number;
    maxReadyAfterKillMs: number;
    maxReadyAfterDbRestartMs: number;
    unexpectedServerExits: number;
    requests: number;
    retries: number;
    durationS: number;
  };
  logDir: string;
}

/** A small seeded generator (mulberry32), so that a failing schedule can be replayed. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PASSWORD = 'crash harness password 2026';

export async function runCrashUnderLoad(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => {});
  const began = performance.now();
  const random = seeded(options.seed);
  const cluster = await startPrivateCluster();
  const onExit = () => cluster.stopNow();
  process.once('exit', onExit);
  const smtp = await startTestSmtp();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = join(cluster.dir, 'loket-data');
  const env: Record<string, string> = {
    LOKET_MODE: 'production',
    DATABASE_URL: cluster.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOKET_PUBLIC_URL: baseUrl,
    LOKET_SECRET: randomBytes(32).toString('hex'),
    LOKET_AUDIT_KEY: randomBytes(32).toString('hex'),
    LOKET_DATA_DIR: dataDir,
    LOKET_SMTP_URL: smtp.url,
    LOKET_SIGNIN_ATTEMPTS_PER_MINUTE: '1000',
    LOKET_DB_POOL_SIZE: '10',
    LOG_LEVEL: 'warn',
  };
  log(`private PostgreSQL on port ${cluster.port} in ${cluster.dir}; server on ${baseUrl}`);

  // Migrate, load the catalog and make the referrers in-process, as an operator's `loket` command would.
  const config = await loadConfig(env);
  const setup = await prepare(config, false);
  const emails: string[] = [];
  for (let i = 0; i < options.clients; i++) {
    const email = `crash-referrer-${i}@test.loket.nl`;
    await setup.app.loket.accounts.create(systemActor, {
      email,
      password: PASSWORD,
      name: `Crash Referrer ${i}`,
      roles: ['referrer'],
      departmentIds: [],
      agbCode: '01999001',
      specialism: null,
      organisationId: null,
      locale: 'nl',
    });
    emails.push(email);
  }
  await setup.app.close();
  await setup.database.close();

  const server = new ServerProcess({ repoRoot, env, baseUrl, logFile: join(cluster.dir, 'server.log') });
  const readyAfterKill: number[] = [];
  const readyAfterDbRestart: number[] = [];
  const acknowledged: Acknowledged[] = [];
  const failures: string[] = [];
  let stopping = false;
  let verify: Kysely | undefined;
  try {
    log(`first start: ready after ${Math.round(await server.start())} ms`);

    // The load: each client refers again and again until told to stop, finishing the referral it is on.
    const clients = emails.map((e) => new ReferrerClient(baseUrl, e, PASSWORD));
    const load = clients.map(async (client, c) => {
      for (let n = 0; !stopping; n++) {
        const marker = `crash-${options.seed}-${c}-${n}`;
        try {
          acknowledged.push(await client.referOnce(marker));
        } catch (e) {
          failures.push(`${marker}: ${e instanceof UnexpectedAnswer ? e.message : String(e)}`);
          return;
        }
      }
    });

    // The disruptions, in a shuffled order, at random moments.
    const events: ('kill' | 'db')[] = [
      ...Array<'kill'>(options.serverKills).fill('kill'),
      ...Array<'db'>(options.databaseRestarts).fill('db'),
    ];
    for (let i = events.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [events[i], events[j]] = [events[j]!, events[i]!];
    }
    let kills = 0;
    let restarts = 0;
    const steps = () => clients.reduce((n, c) => n + c.stats.acknowledgedSteps, 0);
    for (const event of events) {
      // The load must get somewhere between two disruptions, however slow the machine: wait for at least one
      // acknowledged step since the last one, then a random moment.
      const before = steps();
      const waitBegan = performance.now();
      while (steps() === before && performance.now() - waitBegan < 120_000 && failures.length === 0)
        await new Promise((r) => setTimeout(r, 50));
      const [lo, hi] = options.pauseMs;
      await new Promise((r) => setTimeout(r, lo + Math.random() * (hi - lo)));
      if (failures.length > 0) break;
      if (event === 'kill') {
        await server.kill();
        kills++;
        const ms = await server.start();
        readyAfterKill.push(ms);
        log(`kill ${kills}: ready after ${Math.round(ms)} ms; ${acknowledged.length} acknowledged`);
      } else {
        await cluster.stopImmediate();
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
        await cluster.start();
        restarts++;
        if (!server.running) {
          log('the server died while the database was down; restarting it');
          await server.start();
        }
        const ms = await server.waitReady();
        readyAfterDbRestart.push(ms);
        log(`database restart ${restarts}: server ready ${Math.round(ms)} ms after the database was back`);
      }
    }
    stopping = true;
    await Promise.race([
      Promise.all(load),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('clients did not finish within 120 s')), 120_000),
      ),
    ]);

    // Let the outbox deliver what was queued, then stop cleanly.
    const db = connect({ databaseUrl: cluster.url, poolSize: 2 });
    const handle = await db;
    verify = handle.db;
    // A message whose attempt failed while the database was down waits for its retry (30 s, doubling): the drain
    // lasts until the latest scheduled retry has had its turn, at least 90 s and at most 10 minutes.
    const drainBegan = Date.now();
    let deadline = drainBegan + 90_000;
    for (;;) {
      const { n, latest } = await handle.db
        .selectFrom('outbox_message')
        .select(({ fn }) => [fn.countAll<number>().as('n'), fn.max('next_attempt_at').as('latest')])
        .where('status', '!=', 'sent')
        .executeTakeFirstOrThrow();
      if (Number(n) === 0) break;
      if (latest)
        deadline = Math.min(drainBegan + 600_000, Math.max(deadline, new Date(latest).getTime() + 30_000));
      if (Date.now() > deadline) {
        failures.push(
          `outbox: ${n} messages still not sent ${Math.round((Date.now() - drainBegan) / 1000)} s after the load`,
        );
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    log(`outbox drained ${Math.round((Date.now() - drainBegan) / 1000)} s after the load`);
    await server.stop();

    const checks = await verifyOutcome({
      db: handle.db,
      auditKey: env.LOKET_AUDIT_KEY!,
      documentsDir: join(dataDir, 'documents'),
      acknowledged,
      received: smtp.received.map((m) => m.raw),
    });
    await handle.close();
    verify = undefined;

    const maxKill = Math.max(0, ...readyAfterKill);
    const maxDb = Math.max(0, ...readyAfterDbRestart);
    const stats = clients.reduce(
      (s, c) => ({ requests: s.requests + c.stats.requests, retries: s.retries + c.stats.retries }),
      { requests: 0, retries: 0 },
    );
    const all: Check[] = [
      {
        name: 'every client step answered as the retry rule expects',
        ok: failures.length === 0,
        figure: failures.length === 0 ? '0 unexpected answers' : failures.join('; '),
      },
      {
        name: 'disruptions done as planned',
        ok: kills === options.serverKills && restarts === options.databaseRestarts,
        figure: `${kills} SIGKILLs, ${restarts} database immediate stops`,
      },
      ...checks.list,
      {
        name: 'time until /readyz answers after a restart (target 5 s; a figure, not asserted)',
        ok: true,
        informational: true,
        figure: `max ${Math.round(maxKill)} ms after a SIGKILL (new process, median ${median(readyAfterKill)} ms), max ${Math.round(maxDb)} ms after a database restart; target ${maxKill <= 5000 && maxDb <= 5000 ? 'met' : 'MISSED'}`,
      },
      {
        name: 'the server survives a database restart',
        ok: server.unexpectedExits.length === 0,
        figure: `${server.unexpectedExits.length} unexpected exits`,
      },
    ];
    return {
      options,
      checks: all,
      ok: all.every((c) => c.ok),
      figures: {
        acknowledged: acknowledged.length,
        serverKills: kills,
        databaseRestarts: restarts,
        ...checks.figures,
        maxReadyAfterKillMs: Math.round(maxKill),
        maxReadyAfterDbRestartMs: Math.round(maxDb),
        unexpectedServerExits: server.unexpectedExits.length,
        ...stats,
        durationS: Math.round((performance.now() - began) / 1000),
      },
      logDir: cluster.dir,
    };
  } finally {
    stopping = true;
    await server.kill().catch(() => undefined);
    await verify?.destroy().catch(() => undefined);
    // The SMTP server waits for its sessions to end; a killed server's sessions never say goodbye.
    await Promise.race([smtp.close(), new Promise((r) => setTimeout(r, 2000))]);
    if (process.env.LOKET_CRASH_KEEP !== '1') await cluster.destroy();
    else await cluster.stopImmediate().catch(() => undefined);
    process.off('exit', onExit);
  }
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]!);
}

type Kysely = Awaited<ReturnType<typeof connect>>['db'];

const MESSAGE_ID = /^Message-ID:\s*<([^>]+)>/im;

async function verifyOutcome(input: {
  db: Kysely;
  auditKey: string;
  documentsDir: string;
  acknowledged: Acknowledged[];
  received: string[];
}) {
  const { db, acknowledged } = input;
  // Every referral the harness made carries its marker in the letter; count them per marker.
  const rows = await db
    .selectFrom('referral')
    .select(['id', 'state', sql<string>`letter->>'reason'`.as('reason')])
    .where(sql<string>`letter->>'reason'`, 'like', '%[crash-%')
    .execute();
  const byMarker = new Map<string, typeof rows>();
  for (const r of rows) {
    const marker = /\[(crash-[^\]]+)\]/.exec(r.reason)?.[1] ?? '?';
    byMarker.set(marker, [...(byMarker.get(marker) ?? []), r]);
  }
  const duplicateReferrals = [...byMarker.values()].filter((v) => v.length > 1).length;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const lost = acknowledged.filter((a) => byId.get(a.referralId)?.state !== 'received');

  const docs = await db
    .selectFrom('referral_document')
    .select(['id', 'referral_id', 'sha256', 'size', 'storage_key'])
    .where(
      'referral_id',
      'in',
      rows.length > 0 ? rows.map((r) => r.id) : ['00000000-0000-0000-0000-000000000000'],
    )
    .execute();
  const docsOf = new Map<string, typeof docs>();
  for (const d of docs) docsOf.set(d.referral_id, [...(docsOf.get(d.referral_id) ?? []), d]);
  let duplicateDocuments = 0;
  let lostDocuments = 0;
  let hashMismatches = 0;
  for (const a of acknowledged) {
    const mine = docsOf.get(a.referralId) ?? [];
    if (mine.length > 1) duplicateDocuments++;
    const doc = mine.find((d) => d.id === a.documentId);
    if (!doc) {
      lostDocuments++;
      continue;
    }
    const onDisk = await readFile(join(input.documentsDir, doc.storage_key)).catch(() => null);
    const diskHash = onDisk ? createHash('sha256').update(onDisk).digest('hex') : null;
    if (doc.sha256 !== a.sha256 || diskHash !== a.sha256 || doc.size !== a.size) hashMismatches++;
  }

  // The outbox: one "received" e-mail per submitted referral, each delivered under its stable Message-ID.
  const outbox = await db
    .selectFrom('outbox_message')
    .select(['id', 'referral_id', 'status', 'created_at'])
    .execute();
  const perReferral = new Map<string, number>();
  for (const m of outbox)
    if (m.referral_id) perReferral.set(m.referral_id, (perReferral.get(m.referral_id) ?? 0) + 1);
  const queuedTwice = acknowledged.filter((a) => (perReferral.get(a.referralId) ?? 0) !== 1).length;
  const deliveries = new Map<string, number>();
  for (const raw of input.received) {
    const id = MESSAGE_ID.exec(raw)?.[1];
    if (id) deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
  }
  const expectedIds = new Set(
    outbox.map((m) => `loket-outbox-${m.id}.${new Date(m.created_at).getTime()}@localhost`),
  );
  const missing = [...expectedIds].filter((id) => !deliveries.has(id)).length;
  const unknown = [...deliveries.keys()].filter((id) => !expectedIds.has(id)).length;
  const repeated = [...deliveries.values()].filter((n) => n > 1).length;
  const unsent = outbox.filter((m) => m.status !== 'sent').length;

  const chain = await verifyAuditChain(db, input.auditKey);
  const list: Check[] = [
    {
      name: 'R-REF-10: 0 acknowledged referrals lost',
      ok: lost.length === 0 && lostDocuments === 0 && acknowledged.length > 0,
      figure: `${acknowledged.length} acknowledged, ${lost.length} lost referrals, ${lostDocuments} lost documents`,
    },
    {
      name: 'R-REF-10: 0 duplicates',
      ok: duplicateReferrals === 0 && duplicateDocuments === 0,
      figure: `${rows.length} referrals for ${byMarker.size} markers: ${duplicateReferrals} duplicated referrals, ${duplicateDocuments} duplicated documents`,
    },
    {
      name: '0 document hash mismatches (database, disk and client agree)',
      ok: hashMismatches === 0,
      figure: `${hashMismatches} mismatches in ${acknowledged.length} documents`,
    },
    {
      name: 'every queued message delivered exactly once in effect',
      ok: unsent === 0 && missing === 0 && unknown === 0 && queuedTwice === 0,
      figure: `${outbox.length} queued (${queuedTwice} referrals without exactly one), ${unsent} unsent, ${input.received.length} SMTP deliveries, ${missing} missing, ${unknown} unknown, ${repeated} repeated under the same Message-ID`,
    },
    {
      name: 'the audit chain verifies',
      ok: chain.ok,
      figure: chain.ok
        ? `${chain.checked} records verified`
        : `broken at ${chain.firstBroken?.seq}: ${chain.firstBroken?.reason}`,
    },
  ];
  return {
    list,
    figures: {
      lost: lost.length + lostDocuments,
      duplicates: duplicateReferrals + duplicateDocuments,
      hashMismatches,
      outboxMessages: outbox.length,
      mailsReceived: input.received.length,
      mailsRepeated: repeated,
      mailsMissing: missing,
      auditRecords: chain.checked,
    },
  };
}
