import type { Kysely, Transaction } from 'kysely';
import type { Database } from '@loket/db';
import { isValidBsn } from '@loket/domain';

/**
 * The outbox: every e-mail Loket sends is first written here, in the same transaction as the change that
 * caused it, and delivered afterwards by the OutboxWorker (R-COM-03). Because every e-mail passes through
 * enqueueMessage, this is where R-ID-04 is enforced: a subject or body that contains a BSN is refused.
 */

/**
 * Finds numbers that pass the BSN 11-test. Supported ways of writing a BSN:
 * - 8 or 9 digits in a row: "999990019", "12345672";
 * - digit groups separated by single spaces or dots that together make 8 or 9 digits: "999 99 0019",
 *   "9999.90.019", "999.990.019";
 * - a group of 8 or 9 digits inside a longer run of groups ("ref 12 999990019").
 * Not treated as a BSN: dates written with dots or spaces ("24.11.2026"), and numbers glued to other digits by
 * "-", "/" or a leading "+" (telephone numbers such as "06-12345678", "+31 6 12345678"). A BSN written with
 * hyphens, or with its groups run together with other digits ("3 999 99 0019"), is not found.
 * Any other 8 or 9 digit number passes the 11-test about one time in eleven and is then refused too: that is
 * the price of never letting a real one through. Record ids (UUIDs, as in the links Loket sends) are left out
 * first: their hex groups often hold a run of 8 or 9 digits, and refusing those made random sends fail.
 */
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const glue = (c: string | undefined) => c === '-' || c === '/';

export function containsBsn(message: string): boolean {
  const text = message.replace(UUID, ' ');
  for (const match of text.matchAll(/\d+(?:[ .]\d+)*/g)) {
    const seq = match[0];
    const start = match.index;
    const end = start + seq.length;
    const prev = text[start - 1];
    if (prev === '+' || (glue(prev) && isDigit(text[start - 2]))) continue;
    if (glue(text[end]) && isDigit(text[end + 1])) continue;
    const groups = seq.split(/[ .]/);
    const digits = groups.join('');
    if (digits.length >= 8 && digits.length <= 9 && !looksLikeDate(groups) && isValidBsn(digits)) return true;
    if (groups.length > 1 && groups.some((g) => g.length >= 8 && g.length <= 9 && isValidBsn(g))) return true;
  }
  return false;
}

function looksLikeDate(groups: string[]): boolean {
  if (groups.length !== 3) return false;
  const [d, m, y] = groups as [string, string, string];
  return (
    d.length <= 2 &&
    m.length <= 2 &&
    y.length === 4 &&
    Number(d) >= 1 &&
    Number(d) <= 31 &&
    Number(m) >= 1 &&
    Number(m) <= 12
  );
}

export class BsnInMessageError extends Error {
  constructor(field: 'subject' | 'body') {
    // Never repeat the number itself: this message may end up in a log.
    super(`R-ID-04: the e-mail ${field} contains a number that passes the BSN 11-test; leave the BSN out`);
    this.name = 'BsnInMessageError';
  }
}

export interface OutgoingMessage {
  referralId: string | null;
  letterId: string | null;
  /** An e-mail address. */
  recipient: string;
  subject: string;
  /** Plain text. */
  body: string;
}

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** Queues an e-mail for delivery and returns its outbox id. Call it inside the transaction of the change. */
export async function enqueueMessage(
  trx: Transaction<Database> | Kysely<Database>,
  m: OutgoingMessage,
  now: Date = new Date(),
): Promise<number> {
  if (!EMAIL.test(m.recipient)) throw new Error('enqueueMessage: the recipient is not an e-mail address');
  if (m.subject.trim() === '' || /[\r\n]/.test(m.subject))
    throw new Error('enqueueMessage: the subject must be a single, non-empty line');
  if (containsBsn(m.subject)) throw new BsnInMessageError('subject');
  if (containsBsn(m.body)) throw new BsnInMessageError('body');
  const row = await trx
    .insertInto('outbox_message')
    .values({
      referral_id: m.referralId,
      letter_id: m.letterId,
      channel: 'email',
      recipient: m.recipient,
      subject: m.subject,
      body: m.body,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
