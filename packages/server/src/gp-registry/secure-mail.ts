import type { Kysely, Transaction } from 'kysely';
import { findGpDoctor, type Database } from '@loket/db';
import { usableSecureMail } from '@loket/domain';
import { todayInAmsterdam } from '../settings/service.ts';

/**
 * Letters are addressed through the registry (R-GP-01, R-COM-03): the confirmed secure-mail address registered with
 * a family doctor's AGB code, or null when there is none (the caller then falls back to what the referral names).
 */
export async function registeredSecureMail(
  db: Kysely<Database> | Transaction<Database>,
  agbCode: string | null | undefined,
  today = todayInAmsterdam(),
): Promise<string | null> {
  if (!agbCode) return null;
  const d = await findGpDoctor(db, agbCode);
  if (!d) return null;
  return usableSecureMail(
    { secureMail: d.secure_mail, secureMailConfirmedAt: d.secure_mail_confirmed_at, endedOn: d.ended_on },
    today,
  );
}
