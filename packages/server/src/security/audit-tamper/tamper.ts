import { sql, type Transaction } from 'kysely';
import { appendAuditRecord, type Database } from '@loket/db';

/**
 * Random tampering with the audit trail as a database superuser would do it (R-SEC-01): triggers switched off,
 * then an edit of any column, a deletion (one record, a range, the newest ones, all), a forged insertion (at the
 * end, in the middle, a replayed copy), a reordering, or a chain rebuilt from some record on without the key.
 * Each tampering runs in the caller's transaction, which the caller rolls back, so the next one starts from the
 * intact chain.
 */
export type TamperKind =
  | 'edit'
  | 'delete-one'
  | 'delete-range'
  | 'delete-newest'
  | 'delete-all'
  | 'insert-end'
  | 'insert-middle'
  | 'replay'
  | 'reorder'
  | 'rechain';

export const tamperKinds: readonly TamperKind[] = [
  'edit',
  'delete-one',
  'delete-range',
  'delete-newest',
  'delete-all',
  'insert-end',
  'insert-middle',
  'replay',
  'reorder',
  'rechain',
];

/** Every column of a record, all of which the verifier must protect. */
export const auditColumns = [
  'seq',
  'occurred_at',
  'event_type',
  'action',
  'outcome',
  'user_id',
  'user_name',
  'user_role',
  'on_behalf_of',
  'patient_id',
  'access_point',
  'object_type',
  'object_id',
  'details',
  'prev_hash',
  'hash',
] as const;

/** A small seeded generator (mulberry32), so a failing run can be repeated from its printed seed. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
export type Random = ReturnType<typeof random>;

const FORGER_KEY = 'a forger without the audit key';

/** The new value for an edited column: always different from the old one. */
function editedValue(column: (typeof auditColumns)[number], rnd: Random) {
  switch (column) {
    case 'occurred_at':
      return sql`occurred_at + make_interval(secs => ${rnd.pick([0.001, 1, -60, 86_400])})`;
    case 'action':
      return sql`case action when 'R' then 'U' else 'R' end`;
    case 'details':
      return sql`details || jsonb_build_object('tampered', ${rnd.int(0, 1e6)}::int)`;
    case 'prev_hash':
    case 'hash':
      return sql.raw(`md5(${column}) || md5(${column} || 'x')`);
    default: {
      const value = rnd.pick(['someone else', '', 'system', 'R', '0']);
      return sql`case when ${sql.ref(column)} is null or ${sql.ref(column)} = ${value} then coalesce(${sql.ref(column)}, '') || '!' else ${value} end`;
    }
  }
}

/** Applies one random tampering of the given kind to a chain of records 1..n; returns a description. */
export async function tamper(
  trx: Transaction<Database>,
  kind: TamperKind,
  n: number,
  rnd: Random,
): Promise<string> {
  const raw = (s: ReturnType<typeof sql>) => s.execute(trx);
  // Triggers off for this transaction only, as only a superuser may do.
  await raw(sql`set local session_replication_role = replica`);
  switch (kind) {
    case 'edit': {
      const seq = rnd.int(1, n);
      const column = rnd.pick(auditColumns);
      if (column === 'seq') {
        // Moving a record to a free number: below 1, or past the end.
        const to = rnd.pick([0, -seq, n + rnd.int(1, 5)]);
        await raw(sql`update audit_event set seq = ${to}::bigint where seq = ${seq}`);
        return `edit seq of #${seq} to ${to}`;
      }
      await raw(
        sql`update audit_event set ${sql.ref(column)} = ${editedValue(column, rnd)} where seq = ${seq}`,
      );
      return `edit ${column} of #${seq}`;
    }
    case 'delete-one': {
      const seq = rnd.int(1, n);
      await raw(sql`delete from audit_event where seq = ${seq}`);
      return `delete #${seq}`;
    }
    case 'delete-range': {
      const from = rnd.int(1, n);
      const to = rnd.int(from, Math.min(n, from + 20));
      await raw(sql`delete from audit_event where seq between ${from} and ${to}`);
      return `delete #${from}..#${to}`;
    }
    case 'delete-newest': {
      const k = rnd.int(1, Math.min(10, n));
      await raw(sql`delete from audit_event where seq > ${n - k}`);
      return `delete the newest ${k}`;
    }
    case 'delete-all':
      await raw(sql`delete from audit_event`);
      return 'delete all';
    case 'insert-end': {
      // The forger uses the real append path, only without the key.
      await appendAuditRecord(trx, FORGER_KEY, {
        occurred_at: new Date(),
        event_type: rnd.pick(['referral.read', 'patient.read', 'auth.sign-in']),
        action: 'R',
        outcome: 'success',
        user_id: `u${rnd.int(1, 99)}`,
        user_name: 'Forged',
        user_role: 'back-office',
        on_behalf_of: null,
        patient_id: rnd.next() < 0.5 ? null : `p${rnd.int(1, 99)}`,
        access_point: '10.0.0.66',
        object_type: null,
        object_id: null,
        details: {},
      });
      return 'insert a forged record at the end';
    }
    case 'insert-middle': {
      const at = rnd.int(1, n);
      // Make room by moving every later record one up (from the end, so the key never collides), then forge #at.
      await raw(sql`update audit_event set seq = -seq - 1 where seq >= ${at}`);
      await raw(sql`update audit_event set seq = -seq where seq < 0`);
      await raw(sql`insert into audit_event (seq, occurred_at, event_type, action, outcome, user_name, details, prev_hash, hash)
        select ${at}::bigint, occurred_at, 'forged', 'R', 'success', 'Forged', '{}', prev_hash, hash
        from audit_event where seq = ${at + 1}`);
      return `insert a forged record at #${at}`;
    }
    case 'replay': {
      const seq = rnd.int(1, n);
      await raw(sql`insert into audit_event
        select ${n + 1}::bigint, occurred_at, event_type, action, outcome, user_id, user_name, user_role, on_behalf_of,
               patient_id, access_point, object_type, object_id, details, prev_hash, hash
        from audit_event where seq = ${seq}`);
      return `replay #${seq} as #${n + 1}`;
    }
    case 'reorder': {
      const a = rnd.int(1, n - 1);
      const b = rnd.int(a + 1, Math.min(n, a + rnd.pick([1, 2, 50])));
      // Through a free number: the primary key is checked row by row.
      await raw(sql`update audit_event set seq = -1 where seq = ${a}::bigint`);
      await raw(sql`update audit_event set seq = ${a}::bigint where seq = ${b}::bigint`);
      await raw(sql`update audit_event set seq = ${b}::bigint where seq = -1`);
      return `swap #${a} and #${b}`;
    }
    case 'rechain': {
      // Edit a record and recompute every hash from there on, as someone who knows the scheme but not the key.
      const from = rnd.int(1, n);
      const rows = await trx
        .selectFrom('audit_event')
        .selectAll()
        .where('seq', '>=', from)
        .orderBy('seq')
        .execute();
      await raw(sql`delete from audit_event where seq >= ${from}`);
      for (const [i, r] of rows.entries()) {
        const { seq: _seq, prev_hash: _p, hash: _h, ...fields } = r;
        await appendAuditRecord(trx, FORGER_KEY, {
          ...fields,
          user_name: i === 0 ? 'someone else' : fields.user_name,
          details: (r.details ?? {}) as Record<string, unknown>,
        });
      }
      return `rechain from #${from} without the key`;
    }
  }
}
