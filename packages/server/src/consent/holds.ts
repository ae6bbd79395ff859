import type { Kysely, Transaction } from 'kysely';
import type { Database, ReferralRow } from '@loket/db';
import { hasConsent, needsConsent, type ConsentOccasion, type ConsentScope } from '@loket/domain';
import { insertEvent } from '@loket/db';
import { enqueueMessage } from '../messages/outbox.ts';

/**
 * Letters that wait for consent (R-CON-03, R-COM-02). The letter is made and kept on the referral as always
 * (R-COM-03); only its sending waits: the e-mail that would have gone to the outbox is parked in letter_hold,
 * with the same subject and body, and goes to the outbox in the transaction that records the consent.
 * A withdrawal changes nothing for letters still waiting (they keep waiting) and cannot recall one already sent.
 */
type Executor = Transaction<Database> | Kysely<Database>;

export interface ConsentWait {
  scope: ConsentScope;
  patientId: string;
  referralId: string;
}

/**
 * Whether a letter about to be sent must wait, and for which consent; null when it may go now. Asked by the
 * referral letters (LetterNotifier) for every letter they send.
 */
export async function consentWait(
  trx: Executor,
  r: Pick<ReferralRow, 'id' | 'patient_id'>,
  letterType: string,
  recipientRole: string,
  occasion: ConsentOccasion,
): Promise<ConsentWait | null> {
  const scope = needsConsent(letterType, recipientRole, occasion);
  // Without a patient in the registry there is nobody who could consent; a referral is linked to its patient
  // from submission on, so this does not happen after treatment.
  if (!scope || !r.patient_id) return null;
  const records = await trx
    .selectFrom('consent_record')
    .select(['scope', 'given_at', 'withdrawn_at'])
    .where('patient_id', '=', r.patient_id)
    .where('scope', '=', scope)
    .where((eb) => eb.or([eb('referral_id', '=', r.id), eb('referral_id', 'is', null)]))
    .execute();
  const facts = records.map((x) => ({
    scope: x.scope as ConsentScope,
    givenAt: new Date(x.given_at),
    withdrawnAt: x.withdrawn_at ? new Date(x.withdrawn_at) : null,
  }));
  return hasConsent(facts, scope) ? null : { scope, patientId: r.patient_id, referralId: r.id };
}

/** Parks a letter's e-mail until consent; recipient null when the letter has no e-mail (paper only). */
export async function holdLetter(
  trx: Transaction<Database>,
  wait: ConsentWait,
  m: { letterId: string; recipient: string | null; subject: string; body: string; recipientRole: string },
  at: Date = new Date(),
): Promise<void> {
  await trx
    .insertInto('letter_hold')
    .values({
      letter_id: m.letterId,
      referral_id: wait.referralId,
      patient_id: wait.patientId,
      scope: wait.scope,
      recipient: m.recipient,
      subject: m.subject,
      body: m.body,
      held_at: at,
    })
    .execute();
  await insertEvent(trx, {
    referral_id: wait.referralId,
    at,
    actor_user_id: null,
    actor_name: 'Loket',
    actor_role: null,
    type: 'letter-waiting-for-consent',
    from_state: null,
    to_state: null,
    note: null,
    // The patient sees it too: it is their consent the letter waits for.
    visibility: 'everyone',
    data: { letterId: m.letterId, recipientRole: m.recipientRole, scope: wait.scope },
  });
}

/**
 * Sends the letters waiting for this consent: those of the referral it was given on, or of all the patient's
 * referrals when it was given without one. Returns how many were released.
 */
export async function releaseWaitingLetters(
  trx: Executor,
  c: { consentId: string; patientId: string; referralId: string | null; scope: ConsentScope; at: Date },
): Promise<number> {
  let q = trx
    .selectFrom('letter_hold')
    .selectAll()
    .where('patient_id', '=', c.patientId)
    .where('scope', '=', c.scope)
    .where('released_at', 'is', null);
  if (c.referralId) q = q.where('referral_id', '=', c.referralId);
  const waiting = await q.orderBy('held_at').execute();
  const byReferral = new Map<string, number>();
  for (const h of waiting) {
    const messageId = h.recipient
      ? await enqueueMessage(
          trx,
          {
            referralId: h.referral_id,
            letterId: h.letter_id,
            recipient: h.recipient,
            subject: h.subject,
            body: h.body,
          },
          c.at,
        )
      : null;
    await trx
      .updateTable('letter_hold')
      .set({ released_at: c.at, released_by_consent_id: c.consentId, outbox_message_id: messageId })
      .where('letter_id', '=', h.letter_id)
      .execute();
    byReferral.set(h.referral_id, (byReferral.get(h.referral_id) ?? 0) + 1);
  }
  for (const [referralId, count] of byReferral)
    await insertEvent(trx as Transaction<Database>, {
      referral_id: referralId,
      at: c.at,
      actor_user_id: null,
      actor_name: 'Loket',
      actor_role: null,
      type: 'letters-released',
      from_state: null,
      to_state: null,
      note: null,
      visibility: 'everyone',
      data: { count, consentId: c.consentId },
    });
  return waiting.length;
}

export interface WaitingLetter {
  letterId: string;
  type: string;
  recipientRole: string;
  recipientName: string | null;
  createdAt: Date;
  scope: string;
  waitingSince: Date;
  releasedAt: Date | null;
  /** The e-mail once released: pending, sent, failed or dead; null while waiting or without e-mail. */
  messageStatus: string | null;
  sentAt: Date | null;
}

/** The letters of a referral that waited or still wait for consent. */
export async function heldLettersOf(db: Executor, referralId: string): Promise<WaitingLetter[]> {
  const rows = await db
    .selectFrom('letter_hold as h')
    .innerJoin('letter as l', 'l.id', 'h.letter_id')
    .leftJoin('outbox_message as m', 'm.id', 'h.outbox_message_id')
    .select([
      'h.letter_id',
      'l.type',
      'l.recipient_role',
      'l.recipient_name',
      'l.created_at',
      'h.scope',
      'h.held_at',
      'h.released_at',
      'm.status',
      'm.sent_at',
    ])
    .where('h.referral_id', '=', referralId)
    .orderBy('h.held_at')
    .orderBy('h.letter_id')
    .execute();
  return rows.map((x) => ({
    letterId: x.letter_id,
    type: x.type,
    recipientRole: x.recipient_role,
    recipientName: x.recipient_name,
    createdAt: x.created_at,
    scope: x.scope,
    waitingSince: x.held_at,
    releasedAt: x.released_at,
    messageStatus: x.status ?? null,
    sentAt: x.sent_at ?? null,
  }));
}
