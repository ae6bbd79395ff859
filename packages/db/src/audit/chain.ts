import { createHmac } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuditEventTable, Database } from '../schema.ts';

/**
 * The hash chain of the audit trail (R-SEC-01). Each record's hash is an HMAC over the previous hash and the
 * record's fields; the key lives outside the database, so someone who can write to the table still cannot
 * forge a record that verifies. Appends are serialised by a transaction-scoped advisory lock, which is released
 * at commit: the chain order is the commit order.
 */
export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK = 7_513_001;

export type AuditRecordInput = Omit<AuditEventTable, 'seq' | 'prev_hash' | 'hash' | 'details'> & {
  details: Record<string, unknown>;
};

export type AuditRow = Omit<AuditEventTable, 'details'> & { details: Record<string, unknown> };

/** JSON with object keys sorted at every level, so the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(key: string, prevHash: string, row: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  const body = canonicalJson([
    row.seq,
    row.occurred_at instanceof Date ? row.occurred_at.toISOString() : row.occurred_at,
    row.event_type,
    row.action,
    row.outcome,
    row.user_id,
    row.user_name,
    row.user_role,
    row.on_behalf_of,
    row.patient_id,
    row.access_point,
    row.object_type,
    row.object_id,
    row.details,
  ]);
  return createHmac('sha256', key).update(prevHash).update('\n').update(body).digest('hex');
}

export async function appendAuditRecord(
  trx: Transaction<Database>,
  key: string,
  input: AuditRecordInput,
): Promise<AuditRow> {
  return (await appendAuditRecords(trx, key, [input]))[0]!;
}

/**
 * Appends records in the given order under one lock and one insert: a group of reads that each need their record
 * pays for one round of lock, head read and insert instead of one each.
 */
export async function appendAuditRecords(
  trx: Transaction<Database>,
  key: string,
  inputs: readonly AuditRecordInput[],
): Promise<AuditRow[]> {
  if (inputs.length === 0) return [];
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const last = await trx
    .selectFrom('audit_event')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev_hash = last?.hash ?? GENESIS_HASH;
  const rows: AuditRow[] = inputs.map((input) => {
    seq += 1;
    // Postgres keeps microseconds, JavaScript milliseconds: a millisecond timestamp round-trips exactly.
    const occurred_at = new Date(Math.floor(input.occurred_at.getTime()));
    const row = { ...input, occurred_at, seq };
    const hash = auditHash(key, prev_hash, row);
    const full = { ...row, prev_hash, hash };
    prev_hash = hash;
    return full;
  });
  await trx
    .insertInto('audit_event')
    .values(rows.map((r) => ({ ...r, details: JSON.stringify(r.details) })))
    .execute();
  return rows;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first record that does not verify, and why. */
  firstBroken?: {
    seq: number;
    reason: 'hash-mismatch' | 'link-mismatch' | 'gap' | 'truncated' | 'anchor-mismatch';
  };
  lastSeq: number;
  lastHash: string;
}

/**
 * A record's seq and hash kept outside the database (printed by `loket audit-verify`). A chain alone cannot show
 * that its newest records were deleted, since what remains still verifies; with an anchor the verifier knows the
 * chain reached at least that record, with that hash.
 */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/** Walks the whole chain in order, a page at a time. */
export async function verifyAuditChain(
  db: Kysely<Database>,
  key: string,
  pageSize = 5000,
  anchor?: AuditAnchor,
): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const row = r as unknown as AuditRow;
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          checked,
          firstBroken: { seq: row.seq, reason: 'gap' },
          lastSeq: row.seq,
          lastHash: row.hash,
        };
      }
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          checked,
          firstBroken: { seq: row.seq, reason: 'link-mismatch' },
          lastSeq: row.seq,
          lastHash: row.hash,
        };
      }
      const { hash, prev_hash: _prev, ...fields } = row;
      if (auditHash(key, prevHash, fields) !== hash) {
        return {
          ok: false,
          checked,
          firstBroken: { seq: row.seq, reason: 'hash-mismatch' },
          lastSeq: row.seq,
          lastHash: hash,
        };
      }
      if (anchor && row.seq === anchor.seq && hash !== anchor.hash) {
        return {
          ok: false,
          checked,
          firstBroken: { seq: row.seq, reason: 'anchor-mismatch' },
          lastSeq: row.seq,
          lastHash: hash,
        };
      }
      prevHash = hash;
      expectedSeq++;
      checked++;
      after = row.seq;
    }
  }
  if (anchor && expectedSeq - 1 < anchor.seq) {
    return {
      ok: false,
      checked,
      firstBroken: { seq: expectedSeq, reason: 'truncated' },
      lastSeq: expectedSeq - 1,
      lastHash: prevHash,
    };
  }
  return { ok: true, checked, lastSeq: expectedSeq - 1, lastHash: prevHash };
}
