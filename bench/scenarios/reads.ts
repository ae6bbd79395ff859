import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
} from 'kysely';
import { worklist, type Database } from '@loket/db';
import { httpLoad, rawLoad, type LoadResult } from '../lib/measure.ts';
import { withUsage, type HttpPhase, type RawPhase } from '../lib/context.ts';
import { line } from './intake.ts';

/**
 * The read scenarios at N referrals: the first page of a department worklist, patient lookup (by name and date of
 * birth, by BSN), and a referral's detail with its timeline; each over HTTP as a signed-in triage supervisor and
 * beside it the same SQL through a bare driver.
 */
export const TRIAGE = 'triage@demo.loket.nl';
export const DEPARTMENT = 'internal-medicine';
const TRIAGE_DEPARTMENTS = ['internal-medicine', 'clinical-genetics', 'oncology-center'];
export const READ_CONNECTIONS = 16;

/** The SQL Loket runs, compiled by Kysely without a database, so the raw ceiling runs exactly the same text. */
async function compiled(run: (db: Kysely<Database>) => Promise<unknown>): Promise<CompiledQuery> {
  let captured: CompiledQuery | undefined;
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (e) => {
      captured ??= e.query;
    },
  });
  await run(db);
  return captured!;
}

export const worklistSql = () => compiled((db) => worklist(db, { departmentIds: [DEPARTMENT], limit: 100 }));

/** The patient search of POST /api/patients/search (routes.ts), by family name prefix and date of birth. */
export const searchSql = (familyName: string, birthDate: string) =>
  compiled((db) =>
    db
      .selectFrom('referral as r')
      .leftJoin('patient as p', 'p.id', 'r.patient_id')
      .select([
        'r.id',
        'r.reference',
        'r.kind',
        'r.state',
        'r.department_id',
        'r.submitted_at',
        'p.id as patient_id',
        'p.given_name',
        'p.family_name',
        'p.birth_date',
      ])
      .where('r.department_id', 'in', TRIAGE_DEPARTMENTS)
      .where('r.state', '!=', 'draft')
      .where((eb) => eb(eb.fn('lower', ['p.family_name']), 'like', `${familyName.toLowerCase()}%`))
      .where('p.birth_date', '=', birthDate)
      .orderBy('r.submitted_at', 'desc')
      .limit(50)
      .execute(),
  );

export interface ReadSamples {
  patient: { familyName: string; birthDate: string; bsn: string | null };
  referralId: string;
}

/** A patient and a referral of the triage supervisor's departments, from the bench data. */
export async function samples(
  query: (text: string) => Promise<Record<string, unknown>[]>,
): Promise<ReadSamples> {
  const rows = await query(
    `select r.id, p.family_name, p.birth_date::text as birth_date, p.bsn from referral r join patient p on p.id = r.patient_id
     where r.department_id = '${DEPARTMENT}' and r.reference like 'BN-%' and p.bsn is not null
     order by r.reference desc limit 1`,
  );
  const r =
    rows[0] ??
    (
      await query(
        `select r.id, p.family_name, p.birth_date::text as birth_date, p.bsn from referral r join patient p on p.id = r.patient_id
     where r.department_id = '${DEPARTMENT}' order by r.created_at desc limit 1`,
      )
    )[0]!;
  return {
    patient: {
      familyName: String(r.family_name),
      birthDate: String(r.birth_date),
      bsn: (r.bsn as string) ?? null,
    },
    referralId: String(r.id),
  };
}

export async function readsHttp(ctx: HttpPhase, s: ReadSamples): Promise<LoadResult[]> {
  const cookie = await ctx.cookie(TRIAGE);
  const base = {
    headers: { cookie, 'content-type': 'application/json' },
    connections: READ_CONNECTIONS,
    seconds: ctx.seconds,
    expectStatus: 200,
  };
  const runs: [string, Parameters<typeof httpLoad>[1]][] = [
    ['worklist http', { ...base, url: `${ctx.server.url}/api/worklist?departmentId=${DEPARTMENT}` }],
    [
      'search name+birth http',
      {
        ...base,
        method: 'POST',
        url: `${ctx.server.url}/api/patients/search`,
        body: JSON.stringify({
          familyName: s.patient.familyName.slice(0, 5),
          birthDate: s.patient.birthDate,
        }),
      },
    ],
    ...(s.patient.bsn
      ? [
          [
            'search bsn http',
            {
              ...base,
              method: 'POST' as const,
              url: `${ctx.server.url}/api/patients/search`,
              body: JSON.stringify({ bsn: s.patient.bsn }),
            },
          ] as [string, Parameters<typeof httpLoad>[1]],
        ]
      : []),
    ['detail http', { ...base, url: `${ctx.server.url}/api/referrals/${s.referralId}` }],
  ];
  const out: LoadResult[] = [];
  for (const [label, load] of runs) {
    const r = await withUsage(ctx, ctx.server.pid, () => httpLoad(`${label} c=${READ_CONNECTIONS}`, load));
    ctx.log(line(r));
    out.push(r);
  }
  return out;
}

export async function readsRaw(ctx: RawPhase, s: ReadSamples): Promise<LoadResult[]> {
  const db = await ctx.raw(READ_CONNECTIONS);
  const out: LoadResult[] = [];
  try {
    const wl = await worklistSql();
    const search = await searchSql(s.patient.familyName.slice(0, 5), s.patient.birthDate);
    const runs: [string, () => Promise<unknown>][] = [
      ['worklist raw', () => db.query(wl.sql, [...wl.parameters])],
      ['search name+birth raw', () => db.query(search.sql, [...search.parameters])],
      [
        'detail raw',
        () =>
          Promise.all([
            db.query('select * from referral where id = $1', [s.referralId]),
            db.query('select * from referral_event where referral_id = $1 order by id', [s.referralId]),
            db.query('select * from referral_document where referral_id = $1', [s.referralId]),
          ]),
      ],
    ];
    for (const [label, work] of runs) {
      const r = await withUsage(ctx, null, () =>
        rawLoad(
          `${label} c=${READ_CONNECTIONS}`,
          READ_CONNECTIONS,
          ctx.seconds,
          async () => void (await work()),
        ),
      );
      ctx.log(line(r));
      out.push(r);
    }
  } finally {
    await db.close();
  }
  return out;
}
