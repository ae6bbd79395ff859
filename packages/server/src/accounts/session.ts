import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { readSessionAccount, type Database, type SessionAccount } from '@loket/db';
import type { Config } from '../config.ts';
import { DONT_REMEMBER_COOKIE, SESSION_COOKIE, sessionTimes } from './auth.ts';

/**
 * The session behind a request's cookie, read the way better-auth's getSession reads it (signed token, expiry,
 * sliding idle timeout, absolute timeout) but in one query with the account, roles, departments and linked
 * patients. Every API request starts here, so the library's per-call machinery and its separate session and user
 * reads were most of a request's cost (bench/README.md). Sign-in, sign-out and the second factor stay with
 * better-auth; this only reads what it wrote.
 */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return null;
    }
  }
  return null;
}

/** The token of a `token.signature` cookie when the signature (HMAC-SHA256 with the app secret) holds. */
export function verifiedToken(value: string, secret: string): string | null {
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), 'base64');
  const expected = createHmac('sha256', secret).update(token).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

export async function sessionOfRequest(
  db: Kysely<Database>,
  config: Pick<Config, 'secret' | 'sessionIdleMinutes' | 'sessionMaxHours'>,
  cookieHeader: string | undefined,
  now = Date.now(),
): Promise<SessionAccount | null> {
  const value = cookieValue(cookieHeader, SESSION_COOKIE);
  if (!value) return null;
  const token = verifiedToken(value, config.secret);
  if (!token) return null;
  const found = await readSessionAccount(db, token);
  if (!found) return null;
  const { session } = found;
  // Idle timeout, and the absolute one: however active, a session ends this long after sign-in.
  if (
    session.expiresAt.getTime() < now ||
    now - session.createdAt.getTime() > config.sessionMaxHours * 3_600_000
  ) {
    await db.deleteFrom('auth.session').where('id', '=', session.id).execute();
    return null;
  }
  const { expiresIn, updateAge } = sessionTimes(config.sessionIdleMinutes);
  // Use slides the idle expiry, at most once per updateAge, as better-auth does (not for "don't remember me").
  if (
    session.expiresAt.getTime() - expiresIn * 1000 + updateAge * 1000 <= now &&
    !cookieValue(cookieHeader, DONT_REMEMBER_COOKIE)
  ) {
    const expiresAt = new Date(now + expiresIn * 1000);
    await db
      .updateTable('auth.session')
      .set({ expiresAt, updatedAt: new Date(now) })
      .where('id', '=', session.id)
      .execute();
    session.expiresAt = expiresAt;
  }
  return found;
}
