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
/** A cookie's value as the browser sent it. */
function rawCookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq >= 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function cookieValue(header: string | undefined, name: string): string | null {
  const raw = rawCookieValue(header, name);
  if (raw === null) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
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

/**
 * The session cookie again, with a fresh Max-Age, for a response whose request slid the session's expiry: the
 * browser would otherwise drop the cookie at the idle time counted from sign-in, however active the user was.
 * Same attributes as better-auth's (auth.ts): `__Host-`, Secure, HttpOnly, SameSite=Lax, path /.
 */
function refreshedSessionCookie(raw: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${raw}; Max-Age=${maxAgeSeconds}; Path=/; HttpOnly; Secure; SameSite=Lax`;
}

export interface RequestSession extends SessionAccount {
  /** Set when this request slid the expiry: the cookie to send back so the browser keeps it as long. */
  refreshedCookie?: string;
}

export async function sessionOfRequest(
  db: Kysely<Database>,
  config: Pick<Config, 'secret' | 'sessionIdleMinutes' | 'sessionMaxHours'>,
  cookieHeader: string | undefined,
  now = Date.now(),
): Promise<RequestSession | null> {
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
    // Sent back byte for byte as the browser holds it: the value's signature was checked above.
    const raw = rawCookieValue(cookieHeader, SESSION_COOKIE)!;
    return { ...found, refreshedCookie: refreshedSessionCookie(raw, expiresIn) };
  }
  return found;
}
