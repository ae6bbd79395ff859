import type { Kysely } from 'kysely';
import type { Database } from '@loket/db';
import { readLetterPdf } from '../letters/letters.ts';
import type { MailAttachment, Mailer } from './mailer.ts';

/**
 * Delivers the outbox (R-COM-03: retried until delivered, and its delivery is visible).
 *
 * Each message is handled in a transaction of its own: claim it (`for update skip locked`, so another worker
 * passes it by), send it, and record the outcome, then commit, which releases the row lock. No other worker can
 * pick the message up while it is being sent, so concurrent workers never send the same message twice.
 * SMTP has no idempotency, so one window for a duplicate remains: the mail server accepted the message but the
 * outcome never reached the database (the process died, the connection to the database broke, or the commit
 * failed). The message is then still due and is sent again later. The same holds when the server accepted the
 * message but the acknowledgement got lost. To soften this, every attempt carries the same Message-ID, so the
 * receiving side can tell a repeat. One transaction per message (rather than one per batch) keeps that window,
 * and the time a row is locked, to a single message.
 *
 * A failed attempt is retried after base × 2^(attempts−1), at most maxDelay, plus up to 10% jitter so that a
 * backlog after an outage does not all come back at once; after maxAttempts failed attempts the message is
 * 'dead' and needs a person (its state is shown on the referral through deliveryState).
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface OutboxWorkerOptions {
  /** Failed attempts after which a message is given up as 'dead'. Default 10. */
  maxAttempts?: number;
  /** Delay before the first retry. Default 30 seconds. */
  baseDelayMs?: number;
  /** Longest delay between attempts. Default 6 hours. */
  maxDelayMs?: number;
  /** Messages handled per run at most. Default 20. */
  batchSize?: number;
  /** Log lines carry ids and counts only: no addresses, subjects, bodies or letters. */
  log?: (level: LogLevel, msg: string, data: Record<string, unknown>) => void;
  /** Source of jitter, in [0, 1). Default Math.random. */
  random?: () => number;
  /** Delivers the 'rest-hook' messages (FHIR Subscription notifications, see fhir/subscriptions.ts). */
  hooks?: {
    send(
      m: { id: number; recipient: string; subject: string; body: string; created_at: Date },
      trx: Kysely<Database>,
    ): Promise<void>;
  };
}

export interface RunResult {
  sent: number;
  failed: number;
  dead: number;
}

const EMAIL_LIKE = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;

/**
 * What of an error is kept in last_error: the error code, the SMTP response code and the message, with e-mail
 * addresses and long numbers taken out, so that no personal data ends up in the table or a log line.
 */
export function describeError(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
  };
  const message = (typeof e.message === 'string' ? e.message : String(err))
    .replace(EMAIL_LIKE, '<address>')
    .replace(/\d+(?:[ .]\d+)*/g, (run) => (run.replace(/\D/g, '').length >= 8 ? '<number>' : run))
    .replace(/\s+/g, ' ')
    .trim();
  const prefix = [
    typeof e.code === 'string' ? e.code : null,
    typeof e.responseCode === 'number' ? e.responseCode : null,
  ]
    .filter((p) => p !== null)
    .join(' ');
  return (prefix ? `${prefix}: ${message}` : message).slice(0, 500);
}

type Outcome = 'sent' | 'failed' | 'dead';

export class OutboxWorker {
  readonly #db: Kysely<Database>;
  readonly #mailer: Pick<Mailer, 'send'>;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #batchSize: number;
  readonly #log: NonNullable<OutboxWorkerOptions['log']>;
  readonly #random: () => number;
  readonly #hooks: OutboxWorkerOptions['hooks'];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #active = false;

  constructor(db: Kysely<Database>, mailer: Pick<Mailer, 'send'>, options: OutboxWorkerOptions = {}) {
    this.#db = db;
    this.#mailer = mailer;
    this.#maxAttempts = options.maxAttempts ?? 10;
    this.#baseDelayMs = options.baseDelayMs ?? 30_000;
    this.#maxDelayMs = options.maxDelayMs ?? 6 * 60 * 60 * 1000;
    this.#batchSize = options.batchSize ?? 20;
    this.#log = options.log ?? (() => {});
    this.#random = options.random ?? Math.random;
    this.#hooks = options.hooks;
    if (this.#maxAttempts < 1 || this.#batchSize < 1)
      throw new RangeError('maxAttempts and batchSize must be ≥ 1');
  }

  /** The delay before the next attempt after `attempts` failed ones. */
  retryDelayMs(attempts: number): number {
    const nominal = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(nominal * (1 + 0.1 * this.#random()));
  }

  /** Delivers what is due at `now`, up to batchSize messages. */
  async runOnce(now: Date = new Date()): Promise<RunResult> {
    const result: RunResult = { sent: 0, failed: 0, dead: 0 };
    for (let i = 0; i < this.#batchSize; i++) {
      const outcome = await this.#deliverNext(now);
      if (outcome === null) break;
      result[outcome]++;
    }
    return result;
  }

  async #deliverNext(now: Date): Promise<Outcome | null> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('outbox_message')
        .selectAll()
        .where('status', 'in', ['pending', 'failed'])
        .where('next_attempt_at', '<=', now)
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return null;
      const attempts = row.attempts + 1;
      try {
        if (row.channel === 'rest-hook') {
          if (!this.#hooks) throw new Error('no rest-hook sender configured');
          await this.#hooks.send(row, trx);
        } else {
          const attachments: MailAttachment[] = [];
          if (row.letter_id) {
            const letter = await readLetterPdf(trx, row.letter_id);
            if (!letter) throw new Error(`letter ${row.letter_id} not found`);
            attachments.push({
              filename: letter.filename,
              content: letter.pdf,
              contentType: 'application/pdf',
            });
          }
          await this.#mailer.send({
            to: row.recipient,
            subject: row.subject,
            text: row.body,
            attachments,
            key: `loket-outbox-${row.id}.${row.created_at.getTime()}`,
          });
        }
      } catch (err) {
        const lastError = describeError(err);
        const dead = attempts >= this.#maxAttempts;
        const nextAttemptAt = dead
          ? row.next_attempt_at
          : new Date(now.getTime() + this.retryDelayMs(attempts));
        await trx
          .updateTable('outbox_message')
          .set({
            status: dead ? 'dead' : 'failed',
            attempts,
            last_error: lastError,
            next_attempt_at: nextAttemptAt,
          })
          .where('id', '=', row.id)
          .execute();
        this.#log(dead ? 'error' : 'warn', dead ? 'outbox: message given up' : 'outbox: delivery failed', {
          outboxId: row.id,
          referralId: row.referral_id,
          attempts,
          nextAttemptAt: dead ? null : nextAttemptAt.toISOString(),
          error: lastError,
        });
        return dead ? 'dead' : 'failed';
      }
      await trx
        .updateTable('outbox_message')
        .set({ status: 'sent', attempts, sent_at: now, last_error: null })
        .where('id', '=', row.id)
        .execute();
      this.#log('info', 'outbox: message sent', { outboxId: row.id, referralId: row.referral_id, attempts });
      return 'sent';
    });
  }

  /**
   * Polls every intervalMs (the first run right away, and again at once while full batches keep coming).
   * Runs never overlap; the timer does not keep the process alive.
   */
  start(intervalMs = 2000): void {
    if (this.#active) return;
    this.#active = true;
    const tick = async () => {
      this.#timer = undefined;
      let full = false;
      const run = this.runOnce()
        .then((r) => {
          full = r.sent + r.failed + r.dead >= this.#batchSize;
        })
        .catch((err: unknown) => this.#log('error', 'outbox: run failed', { error: describeError(err) }));
      this.#running = run;
      await run;
      this.#running = undefined;
      if (this.#active) this.#schedule(tick, full ? 0 : intervalMs);
    };
    this.#schedule(tick, 0);
  }

  #schedule(tick: () => Promise<void>, ms: number): void {
    this.#timer = setTimeout(() => void tick(), ms);
    this.#timer.unref();
  }

  /** Stops polling and waits for a run in progress to finish. */
  async stop(): Promise<void> {
    this.#active = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}

export interface DeliveryState {
  id: number;
  letterId: string | null;
  letterType: string | null;
  recipient: string;
  subject: string;
  status: 'pending' | 'sent' | 'failed' | 'dead';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** The messages of a referral and how their delivery stands, oldest first, for display on the referral. */
export async function deliveryState(db: Kysely<Database>, referralId: string): Promise<DeliveryState[]> {
  const rows = await db
    .selectFrom('outbox_message as m')
    .leftJoin('letter as l', 'l.id', 'm.letter_id')
    .select([
      'm.id',
      'm.letter_id',
      'l.type as letter_type',
      'm.recipient',
      'm.subject',
      'm.status',
      'm.attempts',
      'm.last_error',
      'm.next_attempt_at',
      'm.created_at',
      'm.sent_at',
    ])
    .where('m.referral_id', '=', referralId)
    // FHIR rest-hook notifications are for systems, not part of the referral's correspondence.
    .where('m.channel', '=', 'email')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    letterId: r.letter_id,
    letterType: r.letter_type,
    recipient: r.recipient,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.status === 'pending' || r.status === 'failed' ? r.next_attempt_at : null,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}
