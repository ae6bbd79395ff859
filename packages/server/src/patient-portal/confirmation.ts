import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '@loket/db';
import type { Language } from '@loket/domain';
import { enqueueMessage } from '../messages/outbox.ts';

/**
 * The e-mails of a public second-opinion request (issue 7 part 7, no account enumeration). The answer to the
 * request is the same for every address; what differs is the e-mail, which only the owner of the address reads:
 * - a new address: its account and request are made, with a link to confirm the address; the account signs in
 *   only after that (accounts/auth.ts);
 * - an address with an account: nothing is stored, and the owner is told that someone asked with their address;
 *   if that account still waits for its confirmation, the e-mail carries a fresh link instead.
 * Only a SHA-256 of the link's token is stored, so a database read does not confirm anyone.
 */

/**
 * Identifier prefix of a patient's e-mail confirmation in better-auth's `auth.verification` (its value is the user
 * id): while one exists for an account, the account cannot sign in yet (accounts/auth.ts).
 */
const EMAIL_CONFIRMATION_PREFIX = 'patient-portal.confirm-email:';

/** How long a confirmation link works. A later request with the same address sends a new one. */
export const CONFIRM_DAYS = 7;

export type Executor = Kysely<Database> | Transaction<Database>;

const identifierOf = (token: string) =>
  EMAIL_CONFIRMATION_PREFIX + createHash('sha256').update(token).digest('hex');

/** Stores a new confirmation for the account and returns the link's token (32 random bytes). */
export async function newConfirmation(trx: Executor, userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await trx
    .insertInto('auth.verification')
    .values({
      id: randomUUID(),
      identifier: identifierOf(token),
      value: userId,
      expiresAt: new Date(now.getTime() + CONFIRM_DAYS * 86_400_000),
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return token;
}

/** Whether the account still waits for its address to be confirmed. */
export async function awaitsConfirmation(db: Executor, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('auth.verification')
    .select('id')
    .where('value', '=', userId)
    .where('identifier', 'like', `${EMAIL_CONFIRMATION_PREFIX}%`)
    .executeTakeFirst();
  return row !== undefined;
}

/** The account whose unexpired link this is, or undefined. */
export async function accountOfToken(db: Executor, token: string): Promise<string | undefined> {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined;
  const row = await db
    .selectFrom('auth.verification')
    .select('value')
    .where('identifier', '=', identifierOf(token))
    .where('expiresAt', '>', new Date())
    .executeTakeFirst();
  return row?.value;
}

/** Ends every confirmation of the account (after it was confirmed). */
export async function endConfirmations(trx: Executor, userId: string): Promise<void> {
  await trx
    .deleteFrom('auth.verification')
    .where('value', '=', userId)
    .where('identifier', 'like', `${EMAIL_CONFIRMATION_PREFIX}%`)
    .execute();
}

export const confirmLink = (publicUrl: string, token: string) =>
  // In the fragment: the browser does not send it to the server, so it never reaches a log or a Referer.
  `${publicUrl}/second-opinion/confirm#${token}`;

const footer: Record<Language, string> = {
  nl: '\n\nDit bericht is automatisch verstuurd door Loket.',
  en: '\n\nThis message was sent automatically by Loket.',
};

type Mail = { subject: string; body: string };

export const mails = {
  /** To a new address: confirm it to see the request. */
  confirm: (lang: Language, reference: string, link: string): Mail =>
    lang === 'nl'
      ? {
          subject: `Bevestig uw e-mailadres voor uw second-opinionaanvraag ${reference}`,
          body:
            `Wij hebben uw aanvraag voor een second opinion ontvangen (${reference}) en een patiëntaccount voor dit e-mailadres gemaakt.\n\n` +
            `Bevestig uw e-mailadres met deze link; daarna logt u in met het wachtwoord dat u koos en volgt u uw aanvraag in uw portaal:\n${link}\n\n` +
            `De link werkt ${CONFIRM_DAYS} dagen. Heeft u geen second opinion aangevraagd? Klik dan niet op de link; u kunt dit bericht negeren.`,
        }
      : {
          subject: `Confirm your e-mail address for your second-opinion request ${reference}`,
          body:
            `We have received your request for a second opinion (${reference}) and made a patient account for this e-mail address.\n\n` +
            `Confirm your e-mail address with this link; then sign in with the password you chose and follow your request in your portal:\n${link}\n\n` +
            `The link works for ${CONFIRM_DAYS} days. Did you not ask for a second opinion? Then do not open the link; you can ignore this message.`,
        },
  /** To the owner of an address that has an account: nothing was stored. */
  accountExists: (lang: Language, signIn: string): Mail =>
    lang === 'nl'
      ? {
          subject: 'Iemand vroeg een second opinion aan met uw e-mailadres',
          body:
            'Iemand heeft zojuist in Loket een second opinion aangevraagd met dit e-mailadres. Er is al een patiëntaccount met dit adres, dus wij hebben de aanvraag niet opgeslagen.\n\n' +
            `Was u dat? Log dan in met uw account en vraag de second opinion opnieuw aan vanuit uw portaal:\n${signIn}\n` +
            'Bent u uw wachtwoord kwijt, neem dan contact op met het ziekenhuis.\n\n' +
            'Was u het niet? Dan hoeft u niets te doen: er is niets veranderd aan uw account.',
        }
      : {
          subject: 'Someone asked for a second opinion with your e-mail address',
          body:
            'Someone has just asked for a second opinion in Loket with this e-mail address. There already is a patient account with this address, so we have not stored the request.\n\n' +
            `Was that you? Then sign in with your account and ask again from your portal:\n${signIn}\n` +
            'If you lost your password, contact the hospital.\n\n' +
            'Was it not you? Then you need not do anything: nothing about your account has changed.',
        },
  /** To an address whose account still waits for its confirmation: a new link; the new request was not stored. */
  confirmAgain: (lang: Language, link: string): Mail =>
    lang === 'nl'
      ? {
          subject: 'Bevestig uw e-mailadres voor uw second-opinionaanvraag',
          body:
            'Iemand heeft zojuist opnieuw een second opinion aangevraagd met dit e-mailadres. Er is al een patiëntaccount met dit adres, dat nog wacht op de bevestiging van het e-mailadres; de nieuwe aanvraag hebben wij niet opgeslagen.\n\n' +
            `Was u dat? Bevestig uw e-mailadres met deze link en log in met het wachtwoord dat u de eerste keer koos; in uw portaal ziet u uw eerste aanvraag en kunt u zo nodig opnieuw aanvragen:\n${link}\n\n` +
            `De link werkt ${CONFIRM_DAYS} dagen. Was u het niet? Klik dan niet op de link; u kunt dit bericht negeren.`,
        }
      : {
          subject: 'Confirm your e-mail address for your second-opinion request',
          body:
            'Someone has just asked again for a second opinion with this e-mail address. There already is a patient account with this address, still waiting for the address to be confirmed; we have not stored the new request.\n\n' +
            `Was that you? Confirm your e-mail address with this link and sign in with the password you chose the first time; your portal shows your first request, and you can ask again there if needed:\n${link}\n\n` +
            `The link works for ${CONFIRM_DAYS} days. Was it not you? Then do not open the link; you can ignore this message.`,
        },
};

export async function sendMail(
  trx: Executor,
  to: string,
  lang: Language,
  mail: Mail,
  referralId: string | null = null,
): Promise<void> {
  await enqueueMessage(trx as Transaction<Database>, {
    referralId,
    letterId: null,
    recipient: to,
    subject: mail.subject,
    body: mail.body + footer[lang],
  });
}
