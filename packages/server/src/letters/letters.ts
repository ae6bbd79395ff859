import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '@loket/db';
import { renderLetter } from './render.ts';
import type { LetterInput } from './templates.ts';

/**
 * Every letter is kept as a PDF on the referral (R-COM-03): rendered once, stored with its SHA-256 in the same
 * transaction as the change that caused it, and sent from there by the outbox.
 */

/** main-practitioner: the external specialist who treats the patient until a takeover is confirmed (R-TO-03). */
export type LetterRecipientRole = 'referrer' | 'family-doctor' | 'patient' | 'main-practitioner';

/** Secure mail: the address confirmed in the family-doctor registry (R-GP-01); none: kept in Loket (and on paper). */
export type LetterChannel = 'secure-mail' | 'email' | 'none';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function storeLetter(
  trx: Transaction<Database>,
  args: {
    referralId: string;
    input: LetterInput;
    recipientRole: LetterRecipientRole;
    createdBy: string | null;
    /** How the letter is sent (R-COM-03); unknown when the caller does not say. */
    channel?: LetterChannel;
  },
): Promise<{ id: string; sha256: string }> {
  // The patient's own letters do not print the BSN; letters to professionals may.
  const input: LetterInput =
    args.recipientRole === 'patient'
      ? { ...args.input, patient: { ...args.input.patient, bsn: null } }
      : args.input;
  const pdf = await renderLetter(input);
  const id = randomUUID();
  const sha256 = sha256Hex(pdf);
  await trx
    .insertInto('letter')
    .values({
      id,
      referral_id: args.referralId,
      type: input.type,
      language: input.language,
      recipient_role: args.recipientRole,
      recipient_name: input.recipient.name,
      pdf,
      sha256,
      created_at: new Date(),
      created_by: args.createdBy,
      channel: args.channel ?? null,
    })
    .execute();
  return { id, sha256 };
}

export interface StoredLetter {
  id: string;
  referralId: string;
  /** The referral's reference, for the file name. */
  reference: string | null;
  type: string;
  language: string;
  recipientRole: string;
  recipientName: string | null;
  sha256: string;
  createdAt: Date;
  /** "<type>-<reference or id>.pdf" */
  filename: string;
  pdf: Buffer;
}

export function letterFilename(type: string, referenceOrId: string): string {
  return `${type}-${referenceOrId}.pdf`.replace(/[^A-Za-z0-9._-]/g, '_');
}

export class LetterIntegrityError extends Error {
  constructor(id: string) {
    super(`letter ${id}: the stored PDF does not match its SHA-256`);
    this.name = 'LetterIntegrityError';
  }
}

/** The stored PDF with its particulars, or null when there is no such letter; checks the PDF against its hash. */
export async function readLetterPdf(db: Kysely<Database>, id: string): Promise<StoredLetter | null> {
  const row = await db
    .selectFrom('letter')
    .leftJoin('referral', 'referral.id', 'letter.referral_id')
    .select([
      'letter.id',
      'letter.referral_id',
      'referral.reference',
      'letter.type',
      'letter.language',
      'letter.recipient_role',
      'letter.recipient_name',
      'letter.pdf',
      'letter.sha256',
      'letter.created_at',
    ])
    .where('letter.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  // pg hands back a Buffer, PGlite a Uint8Array.
  const pdf = Buffer.isBuffer(row.pdf)
    ? row.pdf
    : Buffer.from(row.pdf.buffer, row.pdf.byteOffset, row.pdf.byteLength);
  if (sha256Hex(pdf) !== row.sha256) throw new LetterIntegrityError(row.id);
  return {
    id: row.id,
    referralId: row.referral_id,
    reference: row.reference,
    type: row.type,
    language: row.language,
    recipientRole: row.recipient_role,
    recipientName: row.recipient_name,
    sha256: row.sha256,
    createdAt: row.created_at,
    filename: letterFilename(row.type, row.reference ?? row.id),
    pdf,
  };
}
