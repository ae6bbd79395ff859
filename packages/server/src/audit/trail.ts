import type { Kysely, Transaction } from 'kysely';
import { appendAuditRecord, verifyAuditChain, type AuditAnchor, type Database } from '@loket/db';

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

export class AuditTrail {
  private readonly db: Kysely<Database>;
  private readonly key: string;

  constructor(db: Kysely<Database>, key: string) {
    this.db = db;
    this.key = key;
  }

  /** Appends inside the caller's transaction, or in a transaction of its own. */
  async record(
    executor: Kysely<Database> | Transaction<Database>,
    actor: AuditActor,
    entry: AuditEntry,
  ): Promise<void> {
    const write = (trx: Transaction<Database>) =>
      appendAuditRecord(trx, this.key, {
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
      });
    if (executor.isTransaction) await write(executor as Transaction<Database>);
    else await executor.transaction().execute(write);
  }

  /** With an anchor kept outside the database, a chain whose newest records were deleted is found too. */
  verify(anchor?: AuditAnchor) {
    return verifyAuditChain(this.db, this.key, 5000, anchor);
  }
}
