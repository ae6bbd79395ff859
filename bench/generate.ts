import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { auditHash, connect, GENESIS_HASH, type Database } from '@loket/db';
import { BENCH_AUDIT_KEY } from './lib/server.ts';

/**
 * The bench data generator: N synthetic referrals (default 1,000,000) spread over the catalog's departments,
 * kinds, states and ten years of timelines, with patients, timeline events, document metadata and a valid
 * audit chain. Rows are made inside the database with generate_series (no round trip per row); only the audit
 * chain is hashed here, because its HMAC key lives outside the database. Bench data is never committed.
 *
 * Usage: node bench/generate.ts --n 1000000 (--url postgres://… | --data-dir <LOKET_DATA_DIR>)
 * The database must have been started once (migrations, catalog, demo accounts).
 */

const KINDS = ['new-referral', 'new-referral', 'new-referral', 'new-referral', 'second-opinion', 'advice'];
const CLOSED = [
  'completed',
  'completed',
  'completed',
  'completed',
  'completed',
  'completed',
  'rejected',
  'cancelled',
];
const OPEN = ['received', 'in-triage', 'awaiting-information', 'accepted', 'scheduled', 'seen'];
const FAMILY = [
  'Jansen',
  'de Vries',
  'van den Berg',
  'van Dijk',
  'Bakker',
  'Janssen',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Smits',
  'de Graaf',
  'van der Meer',
  'van der Linden',
  'Kok',
  'Jacobs',
  'de Haan',
  'Vermeulen',
  'van den Heuvel',
  'van der Veen',
  'van den Broek',
  'de Bruijn',
  'de Bruin',
  'van der Heijden',
  'Schouten',
  'van Beek',
  'Willems',
  'van Vliet',
  'van de Ven',
  'Hoekstra',
  'Maas',
  'Verhoeven',
  'Koster',
  'van Dam',
  'van der Wal',
  'Prins',
  'Blom',
  'Huisman',
  'Peeters',
];
const SUFFIX = ['', '', '', '-Bakker', '-Smit', '-Kramer', '-Postma', '-Kuipers', '-Boersma', '-Wouters'];
const GIVEN = [
  'Jan',
  'Anna',
  'Piet',
  'Maria',
  'Kees',
  'Sophie',
  'Daan',
  'Emma',
  'Lucas',
  'Julia',
  'Sem',
  'Tess',
];

export interface GenerateOptions {
  n: number;
  /** Rows per statement: bounded, so PGlite's memory stays small. */
  batch?: number;
  log?: (line: string) => void;
}

/** Official test BSNs (999990000–999999999) that pass the 11-test (R-ID-01); real BSNs never appear. */
export function testBsns(): string[] {
  const out: string[] = [];
  for (let n = 999_990_000; n <= 999_999_999; n++) {
    const d = String(n).split('').map(Number);
    const sum = d.slice(0, 8).reduce((s, x, i) => s + x * (9 - i), 0) - d[8]!;
    if (sum % 11 === 0) out.push(String(n));
  }
  return out;
}

export async function generate(db: Kysely<Database>, options: GenerateOptions): Promise<void> {
  const { n } = options;
  const batch = options.batch ?? 50_000;
  const log = options.log ?? console.log;
  const departments = (
    await db.selectFrom('catalog_department').select('id').orderBy('position').execute()
  ).map((d) => d.id);
  if (departments.length === 0) throw new Error('No catalog: start the server once on this database first.');
  const referrer = await db
    .selectFrom('auth.user as u')
    .select(['u.id', 'u.name'])
    .where('u.email', '=', 'huisarts@demo.loket.nl')
    .executeTakeFirst();
  if (!referrer) throw new Error('No demo accounts: start the server once with --demo first.');
  const already = await db
    .selectFrom('referral')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reference', 'like', 'BN-%')
    .executeTakeFirstOrThrow();
  if (Number(already.n) > 0) throw new Error(`This database already holds ${already.n} bench referrals.`);

  const patients = Math.max(1, Math.round(n / 2.5));
  const taken = new Set(
    (await db.selectFrom('patient').select('bsn').where('bsn', 'is not', null).execute()).map((p) => p.bsn),
  );
  const bsns = testBsns().filter((b) => !taken.has(b));
  const started = performance.now();
  const lap = (what: string) => log(`${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  // Patients: about 2.5 referrals each; the few official test BSNs go to the first patients, the rest have none.
  for (let from = 1; from <= patients; from += batch) {
    const to = Math.min(patients, from + batch - 1);
    await sql`
      insert into patient (id, bsn, no_bsn_reason, given_name, family_name, birth_date, postcode, city, country)
      select md5('bench-p' || g)::uuid::text,
             (${bsns}::text[])[g],
             case when g > ${bsns.length} then 'bench: synthetic patient' end,
             (${GIVEN}::text[])[1 + g % ${GIVEN.length}],
             (${FAMILY}::text[])[1 + (g * 7) % ${FAMILY.length}] || (${SUFFIX}::text[])[1 + (g * 13) % ${SUFFIX.length}],
             date '1925-01-01' + ((g::bigint * 7919) % 35000)::int,
             lpad(((1000 + g % 8999))::text, 4, '0') || 'AB', 'Leiden', 'NL'
      from generate_series(${from}::int, ${to}::int) g`.execute(db);
  }
  lap(`${patients} patients`);

  // Referrals over ten years, newest open, older ones closed; a few old ones stuck open (the long tail).
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await sql`
      insert into referral (id, reference, kind, state, department_id, channel, urgency_requested, urgency,
        patient_id, patient, letter, referrer_user_id, referrer_name, referrer_agb, referrer_kind, organisation_id,
        created_by, created_at, updated_at, submitted_at, triage_due, seen_within, version)
      select overlay(overlay(md5('bench-r' || g) placing '4' from 13) placing '8' from 17)::uuid::text,
             'BN-' || lpad(g::text, 7, '0'),
             (${KINDS}::text[])[1 + h % ${KINDS.length}],
             case when age < 90 or h % 200 = 0 then (${OPEN}::text[])[1 + (h / 7) % ${OPEN.length}]
                  else (${CLOSED}::text[])[1 + (h / 7) % ${CLOSED.length}] end,
             (${departments}::text[])[1 + (h / 3) % ${departments.length}],
             case when h % 10 < 8 then 'portal' else 'post' end,
             case when h % 9 = 0 then 'urgent' else 'routine' end,
             case when h % 9 = 0 then 'urgent' else 'routine' end,
             md5('bench-p' || (1 + g % ${patients}))::uuid::text,
             jsonb_build_object('familyName', (${FAMILY}::text[])[1 + ((1 + g % ${patients}) * 7) % ${FAMILY.length}],
               'givenName', (${GIVEN}::text[])[1 + (1 + g % ${patients}) % ${GIVEN.length}],
               'birthDate', (date '1925-01-01' + (((1 + g % ${patients})::bigint * 7919) % 35000)::int)::text),
             jsonb_build_object('reason', 'Synthetic bench referral ' || g || ': complaints for ' || (h % 52) || ' weeks',
               'history', 'None relevant'),
             ${referrer.id}, ${referrer.name}, '01999001', 'family-doctor', 'praktijk-de-linde', ${referrer.id},
             at, at + interval '2 days', at, (at + interval '10 days')::date, (at + interval '40 days')::date, 3
      from (select g, h, age, now() - (age * interval '1 day') - (h % 86400) * interval '1 second' as at
            from (select g, abs(hashtext('bench' || g)::bigint) as h, ((${n}::bigint - g) * 3650 / ${n}::bigint)::int as age
                  from generate_series(${from}::int, ${to}::int) g) s) t`.execute(db);
    await sql`
      insert into referral_event (referral_id, at, actor_user_id, actor_name, actor_role, type, from_state, to_state, visibility)
      select r.id, r.created_at + (e - 1) * interval '1 day', ${referrer.id}, ${referrer.name}, 'referrer',
             (array['created', 'submitted', 'state-changed'])[e], (array[null, 'draft', 'received'])[e],
             (array['draft', 'received', r.state])[e], 'professionals'
      from referral r cross join generate_series(1, 3) e
      where r.reference between ${'BN-' + String(from).padStart(7, '0')} and ${'BN-' + String(to).padStart(7, '0')}`.execute(
      db,
    );
    await sql`
      insert into referral_document (id, referral_id, kind, origin, filename, media_type, size, sha256, storage_key,
        uploaded_by, uploaded_by_name, uploaded_at)
      select overlay(overlay(md5(r.id || d) placing '4' from 13) placing '8' from 17)::uuid::text, r.id, (array['referral-letter', 'lab-results'])[d], 'upload',
             'document-' || d || '.pdf', 'application/pdf', 40000 + abs(hashtext(r.id)::bigint) % 400000,
             md5(r.id || d) || md5(d || r.id), 'bench/' || r.id || '/' || d, ${referrer.id}, ${referrer.name},
             r.created_at
      from referral r cross join generate_series(1, 2) d
      where r.reference between ${'BN-' + String(from).padStart(7, '0')} and ${'BN-' + String(to).padStart(7, '0')}
        and (d = 1 or abs(hashtext(r.id)::bigint) % 3 = 0)`.execute(db);
    if (to === n || (to - from + 1) * 10 >= n || to % (batch * 5) === 0)
      lap(`${to} referrals with events and documents`);
  }

  await appendAuditRows(db, n, batch, referrer);
  lap(`${n} audit records`);
  await sql`analyze`.execute(db);
  lap('analyze');
}

/** One audit record per referral (its submission), appended to the existing chain with the bench audit key. */
async function appendAuditRows(
  db: Kysely<Database>,
  n: number,
  batch: number,
  referrer: { id: string; name: string },
) {
  const last = await db
    .selectFrom('audit_event')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const base = Date.now() - 3650 * 86_400_000;
  const chunk = Math.min(batch, 10_000);
  for (let from = 1; from <= n; from += chunk) {
    const rows = [];
    for (let g = from; g < from + chunk && g <= n; g++) {
      seq++;
      const row = {
        seq,
        occurred_at: new Date(base + Math.floor((g / n) * 3650 * 86_400_000)),
        event_type: 'referral.submit',
        action: 'U' as const,
        outcome: 'success',
        user_id: referrer.id,
        user_name: referrer.name,
        user_role: 'referrer',
        on_behalf_of: null,
        patient_id: null,
        access_point: '127.0.0.1',
        object_type: 'referral',
        object_id: `bench-r${g}`,
        details: { reference: `BN-${String(g).padStart(7, '0')}` },
      };
      const hash = auditHash(BENCH_AUDIT_KEY, prev, row);
      rows.push({ ...row, occurred_at: row.occurred_at.toISOString(), prev_hash: prev, hash });
      prev = hash;
    }
    await sql`
      insert into audit_event
      select * from jsonb_populate_recordset(null::audit_event, ${JSON.stringify(rows)}::jsonb)`.execute(db);
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '1000000' },
      url: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const handle = await connect({
    databaseUrl: values.url,
    dataDir: `${values['data-dir'] ?? './data'}/pglite`,
  });
  try {
    await generate(handle.db, { n: Number(values.n) });
  } finally {
    await handle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
