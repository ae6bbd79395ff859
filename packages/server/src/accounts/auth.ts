import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import { APIError } from 'better-auth/api';
import { twoFactor } from 'better-auth/plugins/two-factor';
import type { Kysely } from 'kysely';
import type { Database } from '@loket/db';
import type { Config } from '../config.ts';
import { awaitsConfirmation } from '../patient-portal/confirmation.ts';

/**
 * Authentication is better-auth's job: password sign-in, sessions, TOTP, rate limits. Loket adds roles and
 * the access decision on top (../http/access.ts).
 */

/** Argon2id with OWASP's first recommended parameter set: 19 MiB memory, 2 iterations, 1 lane. */
export const argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, argon2Options);
}

export const MIN_PASSWORD_LENGTH = 12;

/** `__Host-` cookies: Secure, path /, no domain: only this exact origin can set or read them. */
const cookieNames = [
  'session_token',
  'session_data',
  'dont_remember',
  'two_factor',
  'trust_device',
  'account_data',
] as const;
const cookieName = (n: (typeof cookieNames)[number]) => `__Host-loket.${n}`;
const cookies = Object.fromEntries(cookieNames.map((n) => [n, { name: cookieName(n) }]));
export const SESSION_COOKIE = cookieName('session_token');
export const DONT_REMEMBER_COOKIE = cookieName('dont_remember');

/** Session lifetimes in seconds; ./session.ts reads sessions with the same ones. */
export function sessionTimes(idleMinutes: number): { expiresIn: number; updateAge: number } {
  // Idle timeout: a session not used for this long expires; use within it slides the expiry.
  return { expiresIn: idleMinutes * 60, updateAge: Math.min(60, idleMinutes * 30) };
}

/** The header through which Fastify passes the client address it trusts; never taken from the client. */
export const CLIENT_IP_HEADER = 'x-loket-client-ip';

export interface AuthHooks {
  isDisabled(userId: string): Promise<boolean>;
  /** The library's own log lines go to the app's logger as a message only: its extra arguments may hold personal data. */
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

export function createAuth(config: Config, db: Kysely<Database>, hooks: AuthHooks) {
  return betterAuth({
    appName: 'Loket',
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret: config.secret,
    trustedOrigins: [config.publicUrl],
    database: { db: db as Kysely<any>, type: 'postgres', schemaName: 'auth' },
    telemetry: { enabled: false },
    logger: { level: 'warn', log: (level, message) => hooks.log(level, `better-auth: ${message}`) },
    // The library would print every refused request (wrong content type, bad password) at ERROR on the console,
    // past the app's logger: a client's mistake is debug, only a server fault is an error.
    onAPIError: {
      onError: (e) => {
        // Duck-typed: the error may come from better-call's own copy of APIError, not the one imported here.
        const code = (e as { statusCode?: unknown } | null)?.statusCode;
        const status = typeof code === 'number' ? code : 500;
        hooks.log(
          status >= 500 ? 'error' : 'debug',
          `better-auth: ${status} ${e instanceof Error ? e.message : ''}`,
        );
      },
    },
    emailAndPassword: {
      enabled: true,
      // Accounts are made by an administrator or the CLI, never by self sign-up.
      disableSignUp: true,
      autoSignIn: false,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      password: {
        hash: hashPassword,
        verify: ({ hash, password }) => argon2Verify(hash, password),
      },
    },
    session: sessionTimes(config.sessionIdleMinutes),
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: {
        '/sign-in/email': { window: 60, max: config.signInAttemptsPerMinute },
        '/two-factor/verify-totp': { window: 60, max: config.signInAttemptsPerMinute },
        '/two-factor/verify-backup-code': { window: 60, max: config.signInAttemptsPerMinute },
      },
    },
    advanced: {
      useSecureCookies: false,
      cookies,
      defaultCookieAttributes: { secure: true, httpOnly: true, sameSite: 'lax', path: '/' },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            if (await hooks.isDisabled(session.userId)) {
              throw new APIError('FORBIDDEN', {
                message: 'This account has been disabled.',
                code: 'ACCOUNT_DISABLED',
              });
            }
            // Only after the password was right: an account made by a public request waits for its address to be
            // confirmed (the link in the e-mail), so nobody signs in to an account of an address they do not hold.
            if (await awaitsConfirmation(db, session.userId))
              throw new APIError('FORBIDDEN', {
                message: 'Confirm your e-mail address first: open the link in the e-mail we sent you.',
                code: 'EMAIL_NOT_CONFIRMED',
              });
          },
        },
      },
    },
    plugins: [
      twoFactor({
        issuer: 'Loket',
        backupCodeOptions: { storeBackupCodes: 'encrypted' },
        accountLockout: { enabled: true, maxFailedAttempts: 10, durationSeconds: 900 },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
