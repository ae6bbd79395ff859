import type { Kysely, Transaction } from 'kysely';
import {
  appendAuditRecord,
  appendAuditRecords,
  verifyAuditChain,
  type AuditAnchor,
  type AuditRecordInput,
  type Database,
} from '@loket/db';

/**
 * Writes NEN 7513 audit records (R-SEC-01): who (user, role, on whose behalf), what (event and action), when,
 * which patient, from where (access point), and the outcome. A change and its audit record are written in
 * the same transaction, so neither exists without the other.
 */
export interface AuditActor {
  userId: string | null;
  userName: string | null;
  role: string | null;
  onBehalfOf?: string | null;
  accessPoint: string | null;
}

export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';

export interface AuditEntry {
  eventType: string;
  action: AuditAction;
  outcome?: string;
  patientId?: string | null;
  objectType?: string | null;
  objectId?: string | null;
  details?: Record<string, unknown>;
}

export const systemActor: AuditActor = {
  userId: null,
  userName: 'system',
  role: null,
  accessPoint: 'server',
};

/** The most records one grouped append writes; a larger backlog is written in several groups. */
const MAX_GROUP = 200;

interface Waiting {
  input: AuditRecordInput;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class AuditTrail {
  private readonly db: Kysely<Database>;
  private readonly key: string;
  private waiting: Waiting[] = [];
  private appending = false;

  constructor(db: Kysely<Database>, key: string) {
    this.db = db;
    this.key = key;
  }

  /**
   * Appends inside the caller's transaction, or, for a record of its own (a read, a refusal), together with the
   * other such records that arrive while an append is under way: one lock and one insert for the group instead of
   * one each. The caller's promise settles once its record is committed, so nothing is answered unaudited.
   */
  async record(
    executor: Kysely<Database> | Transaction<Database>,
    actor: AuditActor,
    entry: AuditEntry,
  ): Promise<void> {
    const input: AuditRecordInput = {
      occurred_at: new Date(),
      event_type: entry.eventType,
      action: entry.action,
      outcome: entry.outcome ?? 'success',
      user_id: actor.userId,
      user_name: actor.userName,
      user_role: actor.role,
      on_behalf_of: actor.onBehalfOf ?? null,
      patient_id: entry.patientId ?? null,
      access_point: actor.accessPoint,
      object_type: entry.objectType ?? null,
      object_id: entry.objectId ?? null,
      details: entry.details ?? {},
    };
    if (executor.isTransaction) {
      await appendAuditRecord(executor as Transaction<Database>, this.key, input);
      return;
    }
    if (executor !== this.db) {
      await executor.transaction().execute((trx) => appendAuditRecord(trx, this.key, input));
      return;
    }
    await new Promise<void>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.appending) void this.appendWaiting();
    });
  }

  private async appendWaiting(): Promise<void> {
    this.appending = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, MAX_GROUP);
        try {
          await this.db.transaction().execute((trx) =>
            appendAuditRecords(
              trx,
              this.key,
              group.map((w) => w.input),
            ),
          );
          for (const w of group) w.resolve();
        } catch (error) {
          if (group.length === 1) {
            group[0]!.reject(error);
            continue;
          }
          // One record that cannot be written must not fail the others of its group: write them one by one.
          for (const w of group) {
            try {
              await this.db.transaction().execute((trx) => appendAuditRecord(trx, this.key, w.input));
              w.resolve();
            } catch (e) {
              w.reject(e);
            }
          }
        }
      }
    } finally {
      this.appending = false;
    }
  }

  /** With an anchor kept outside the database, a chain whose newest records were deleted is found too. */
  verify(anchor?: AuditAnchor) {
    return verifyAuditChain(this.db, this.key, 5000, anchor);
  }
}
