/**
 * Benchmark of the patient's "who looked at my data" view (R-SEC-02, packages/server/src/patient-portal): a patient
 * with 10,000 audit records among many records of other patients reads all of them through the real HTTP route
 * (in-process, app.inject), page by page at the largest page size, and the first and last page on their own.
 *
 *   LOKET_TEST_ENGINE=postgres node packages/server/src/security/audit-tamper/who-looked.bench.ts
 *   WHO_LOOKED_OTHERS=1000000 (records of other patients, default 200000) WHO_LOOKED_MINE=10000
 *
 * The generated records are written straight into audit_event with placeholder hashes: the view does not verify the
 * chain, and writing a real chain of a million records would measure the generator, not the view.
 */
import { sql } from 'kysely';
import { createTestApp, testEngine } from '../../testing/harness.ts';

const OTHERS = Number(process.env.WHO_LOOKED_OTHERS ?? 200_000);
const MINE = Number(process.env.WHO_LOOKED_MINE ?? 10_000);
const PAGE = 100;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const t = await createTestApp();
try {
  const db = t.app.loket.db;
  const patient = await t.createUser(['patient']);
  await db
    .insertInto('patient')
    .values({
      id: 'bench-patient',
      family_name: 'Bench',
      birth_date: '1950-01-01',
      no_bsn_reason: 'benchmark',
    })
    .execute();
  await db
    .insertInto('patient_account')
    .values({ user_id: patient.id, patient_id: 'bench-patient' })
    .execute();
  const cookie = await t.signIn(patient.email);

  const genStart = performance.now();
  const base = Number(
    (await sql<{ m: number }>`select coalesce(max(seq), 0)::int as m from audit_event`.execute(db)).rows[0]!
      .m,
  );
  const total = OTHERS + MINE;
  // Every (total / MINE)-th record is about our patient; the rest about 5,000 others, by 40 staff members.
  const every = Math.max(1, Math.floor(total / MINE));
  for (let from = 1; from <= total; from += 100_000) {
    const to = Math.min(total, from + 99_999);
    await sql`insert into audit_event (seq, occurred_at, event_type, action, outcome, user_id, user_name, user_role,
        patient_id, access_point, object_type, object_id, details, prev_hash, hash)
      select ${base}::bigint + g, now() - make_interval(secs => ${total}::int - g), 'referral.read', 'R', 'success',
        'staff-' || (g % 40), 'Staff ' || (g % 40), 'back-office',
        case when g % ${every}::int = 0 and g / ${every}::int <= ${MINE}::int then 'bench-patient'
             else 'other-' || (g % 5000) end,
        '10.0.0.1', 'referral', 'ref-' || (g % 20000), '{}', repeat('0', 64), repeat('0', 64)
      from generate_series(${from}::int, ${to}::int) g`.execute(db);
  }
  await sql`analyze audit_event`.execute(db);
  const mine = Number(
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from audit_event where patient_id = 'bench-patient'`.execute(db)
    ).rows[0]!.n,
  );
  const genMs = performance.now() - genStart;

  const read = async (page: number) => {
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/patient-portal/access-log?page=${page}&pageSize=${PAGE}`,
      headers: { cookie },
    });
    if (r.statusCode !== 200) throw new Error(`access-log answered ${r.statusCode}: ${r.body}`);
    return r.json() as { entries: unknown[]; total: number };
  };

  await read(1); // warm-up
  const first: number[] = [];
  const last: number[] = [];
  for (let i = 0; i < 5; i++) {
    let s = performance.now();
    await read(1);
    first.push(performance.now() - s);
    s = performance.now();
    await read(Math.ceil(mine / PAGE));
    last.push(performance.now() - s);
  }
  const allStart = performance.now();
  let seen = 0;
  for (let page = 1; seen < MINE; page++) {
    const { entries } = await read(page);
    if (entries.length === 0) break;
    seen += entries.length;
  }
  const allMs = performance.now() - allStart;

  // The database's share: all of the patient's entries in one query, as the view's query selects them.
  const oneQuery: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const rows = await db
      .selectFrom('audit_event')
      .select([
        'seq',
        'occurred_at',
        'event_type',
        'action',
        'user_id',
        'user_name',
        'user_role',
        'object_type',
        'object_id',
        'details',
      ])
      .where('patient_id', 'in', ['bench-patient'])
      .orderBy('seq', 'desc')
      .execute();
    oneQuery.push(performance.now() - s);
    if (rows.length < MINE) throw new Error(`the query returned ${rows.length} rows`);
  }
  const plan = await sql<{ 'QUERY PLAN': string }>`explain analyze select seq from audit_event
    where patient_id in ('bench-patient') order by seq desc limit 100 offset ${mine - 100}::int`.execute(db);
  console.log(
    [
      `who-looked benchmark on ${testEngine}: ${mine} records of the patient among ${OTHERS + mine + base} (generated in ${(genMs / 1000).toFixed(1)} s)`,
      `  first page (${PAGE}): median ${median(first).toFixed(1)} ms of 5`,
      `  last page:        median ${median(last).toFixed(1)} ms of 5`,
      `  all ${seen} entries in ${Math.ceil(seen / PAGE)} pages: ${allMs.toFixed(0)} ms`,
      `  all entries in one query (database only): median ${median(oneQuery).toFixed(1)} ms of 5`,
      '  plan of the last page:',
      ...plan.rows.map((r) => `    ${r['QUERY PLAN']}`),
    ].join('\n'),
  );
  if (seen < MINE) throw new Error(`only ${seen} of ${MINE} entries came back`);
} finally {
  await t.close();
}
