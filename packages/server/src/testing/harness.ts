import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { connect, migrateToLatest, type DatabaseHandle, type Engine } from '@loket/db';
import type { Role } from '@loket/domain';
import pino from 'pino';
import { buildApp, loggerOptions } from '../app.ts';
import { systemActor } from '../audit/trail.ts';
import { loadConfig, type Config } from '../config.ts';

/**
 * Integration tests build the real app in-process against a real database of their own: an in-memory PGlite,
 * or a fresh PostgreSQL database that is dropped afterwards. The engine comes from LOKET_TEST_ENGINE.
 */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const testEngine: Engine = process.env.LOKET_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
const adminUrl = process.env.LOKET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const PUBLIC_URL = 'http://localhost:3000';
export const TEST_PASSWORD = 'correct horse battery staple';
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const TEST_SECRET = 'test-secret-0123456789-0123456789-abcdef';
const TEST_AUDIT_KEY = 'test-audit-key-0123456789-0123456789-abc';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** A connection string with superuser rights (PostgreSQL), for tests that tamper like an attacker would. */
  url: string | null;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine === 'pglite') {
    const handle = await connect({ dataDir: 'memory://' });
    return { handle, url: null, drop: () => handle.close() };
  }
  const name = `loket_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await connect({ databaseUrl: url.toString(), poolSize: 5 });
  let closed = false;
  const close = handle.close;
  handle.close = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  return {
    handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      try {
        // The pool's connections may still be saying goodbye: wait for them rather than kill them, since a killed
        // connection surfaces as an uncaught error in the test run.
        for (let attempt = 0; ; attempt++) {
          try {
            await a.query(`drop database if exists ${name}`);
            break;
          } catch (e) {
            if ((e as { code?: string }).code !== '55006' || attempt >= 50) throw e;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally {
        await a.end();
      }
    },
  };
}

export async function testConfig(env: Record<string, string> = {}): Promise<Config> {
  return loadConfig({
    LOKET_MODE: 'production',
    LOKET_SECRET: TEST_SECRET,
    LOKET_AUDIT_KEY: TEST_AUDIT_KEY,
    LOKET_PUBLIC_URL: PUBLIC_URL,
    LOKET_CATALOG_DIR: join(repoRoot, 'catalog'),
    LOKET_DATA_DIR: join(repoRoot, '.tmp/test-data'),
    LOKET_SIGNIN_ATTEMPTS_PER_MINUTE: '1000',
    ...env,
  });
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
  /** Makes an account with the given roles; staff get the test TOTP secret enrolled unless told not to. */
  createUser(
    roles: Role[],
    options?: { email?: string; enrollTotp?: boolean; agbCode?: string; departmentIds?: string[] },
  ): Promise<{ id: string; email: string }>;
  /** Signs in through the real endpoints, with the second factor when the account has one; returns a cookie header. */
  signIn(email: string, options?: { totp?: boolean }): Promise<string>;
}

export function cookieHeader(response: LightMyRequestResponse, previous = ''): string {
  const jar = new Map(
    previous
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as const),
  );
  for (const c of response.cookies) {
    if (c.value === '' || c.maxAge === 0) jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

export async function totpCode(secret = TEST_TOTP_SECRET): Promise<string> {
  return createOTP(base32.decode(secret)).totp();
}

let counter = 0;

/**
 * Everything the test suite's servers log, every URL they are asked for and every secret the harness hands out
 * go to files under .tmp/test-logs, which `security/log-scan/scan.ts` searches afterwards (R-ID-04): the log
 * with the production logger options at level info, the URLs in full with their query strings, and the session
 * tokens and passwords as the needles to look for.
 */
/** Marks a request whose URL breaks R-ID-04 on purpose (a refusal test), so the log scan leaves it out. */
export const DELIBERATE_URL_HEADER = 'x-loket-test-deliberate-url';
export const testLogDir = join(repoRoot, '.tmp/test-logs');
const runFile = `${testEngine}-${process.pid}-${randomBytes(3).toString('hex')}`;
mkdirSync(testLogDir, { recursive: true });
function remember(kind: 'urls' | 'secrets' | 'cookies', line: string): void {
  // The folder may have been emptied by another run meanwhile.
  mkdirSync(testLogDir, { recursive: true });
  appendFileSync(join(testLogDir, `${runFile}.${kind}`), `${line}\n`);
}
remember('secrets', `password ${TEST_PASSWORD}`);
remember('secrets', `secret ${TEST_TOTP_SECRET}`);
remember('secrets', `secret ${TEST_SECRET}`);
remember('secrets', `secret ${TEST_AUDIT_KEY}`);
let logFile: pino.DestinationStream | undefined;
let logScanned = true;
/**
 * For a suite that sends generated hostile requests: random numbers in its paths can pass the BSN 11-test, so its
 * server log goes to a file the log scan leaves out (`*.deliberate-log`). Call before createTestApp.
 */
export function keepLogOutOfScan(): void {
  logScanned = false;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  await migrateToLatest(database.handle.db);
  const config = await testConfig(env);
  // Server errors (500s) always reach the test output; LOKET_TEST_LOG=info shows more. The file gets level info.
  logFile ??= pino.destination({
    dest: join(testLogDir, `${runFile}.${logScanned ? 'log' : 'deliberate-log'}`),
    sync: true,
  });
  const stream = pino.multistream([
    { level: 'info', stream: logFile },
    { level: (process.env.LOKET_TEST_LOG ?? 'error') as pino.Level, stream: process.stdout },
  ]);
  const app = await buildApp({
    config,
    database: database.handle,
    logger: { ...loggerOptions('info'), stream },
  });
  app.addHook('onRequest', async (request) => {
    // A test that sends a forbidden URL on purpose, to prove it is refused, marks it: the client wrote it, not Loket.
    if (request.headers[DELIBERATE_URL_HEADER]) return;
    remember('urls', `${request.method} ${request.url}`);
  });
  app.addHook('onSend', async (_request, reply) => {
    const location = reply.getHeader('location');
    if (location) remember('urls', `Location ${String(location)}`);
    // Every Set-Cookie of every response, its value left out, for the cookie check of the log scan.
    for (const c of [reply.getHeader('set-cookie') ?? []].flat())
      remember('cookies', String(c).replace(/=[^;]*/, '=…'));
  });
  await app.loket.catalog.seedFromFilesIfEmpty(config.catalogDir, systemActor);
  await app.ready();

  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.drop();
    },
    async createUser(roles, options = {}) {
      const email = options.email ?? `user${++counter}-${randomBytes(3).toString('hex')}@test.loket.nl`;
      const id = await app.loket.accounts.create(systemActor, {
        email,
        password: TEST_PASSWORD,
        name: `Test ${roles.join(' ')}`,
        roles,
        departmentIds: options.departmentIds ?? [],
        agbCode: options.agbCode ?? (roles.includes('referrer') ? '01999001' : null),
        specialism: null,
        organisationId: null,
        locale: 'nl',
      });
      const staff = roles.some((r) => r !== 'referrer' && r !== 'patient');
      if (options.enrollTotp ?? staff) await app.loket.accounts.enrollKnownTotp(id, TEST_TOTP_SECRET);
      return { id, email };
    },
    async signIn(email, options = {}) {
      const first = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { origin: PUBLIC_URL },
        payload: { email, password: TEST_PASSWORD },
      });
      if (first.statusCode !== 200) throw new Error(`sign-in failed: ${first.statusCode} ${first.body}`);
      let cookies = cookieHeader(first);
      if (first.json().twoFactorRedirect && options.totp !== false) {
        const second = await app.inject({
          method: 'POST',
          url: '/api/auth/two-factor/verify-totp',
          headers: { origin: PUBLIC_URL, cookie: cookies },
          payload: { code: await totpCode() },
        });
        if (second.statusCode !== 200)
          throw new Error(`second factor failed: ${second.statusCode} ${second.body}`);
        cookies = cookieHeader(second, cookies);
      }
      const token = /loket\.session_token=([^;]+)/.exec(cookies)?.[1];
      if (token) remember('secrets', `token ${decodeURIComponent(token).split('.')[0]}`);
      return cookies;
    },
  };
}
