import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrateToLatest, MigrationError } from '@loket/db';
import { buildApp, loggerOptions } from '../app.ts';
import {
  createTestApp,
  createTestDatabase,
  PUBLIC_URL,
  TEST_PASSWORD,
  testConfig,
  type TestApp,
} from '../testing/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('operations', () => {
  it('answers /healthz, /readyz and /metrics', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toMatchObject({ status: 'ready' });
    await t.app.inject('/api/catalog');
    const metrics = await t.app.inject('/metrics');
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.body).toMatch(
      /loket_http_request_duration_seconds_count\{method="GET",route="\/api\/catalog",status="200"\} 1/,
    );
    expect(metrics.body).toMatch(/loket_process_cpu_seconds_total/);
  });

  it('R-SEC-03: /metrics answers a direct request from this machine only, not one forwarded by a proxy or from elsewhere', async () => {
    expect((await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/metrics', remoteAddress: '192.0.2.7' })).statusCode).toBe(404);
    const proxied = await t.app.inject({
      url: '/metrics',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '192.0.2.7' },
    });
    expect(proxied.statusCode).toBe(404);
    expect(proxied.body).not.toMatch(/loket_/);
  });

  it('R-SEC-03: with LOKET_METRICS_TOKEN, /metrics needs that bearer token, from anywhere', async () => {
    const withToken = await createTestApp({ LOKET_METRICS_TOKEN: 'metrics-token-0123456789' });
    try {
      const ask = (authorization?: string) =>
        withToken.app.inject({
          url: '/metrics',
          remoteAddress: '192.0.2.7',
          headers: authorization ? { authorization } : {},
        });
      expect((await ask()).statusCode).toBe(404);
      expect((await ask('Bearer metrics-token-0123456780')).statusCode).toBe(404);
      expect((await ask('Bearer metrics-token-0123456789')).statusCode).toBe(200);
      // The token replaces the local exception: a local request without it is refused as well.
      expect((await withToken.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(
        404,
      );
    } finally {
      await withToken.close();
    }
  });

  it('publishes OpenAPI 3.1 generated from the route schemas, with docs at /docs', async () => {
    const spec = (await t.app.inject('/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/catalog',
        '/api/catalog/departments/{id}',
        '/api/admin/catalog/departments/{id}',
        '/api/audit/events',
        '/api/admin/users',
      ]),
    );
    expect(spec.paths['/api/admin/catalog/departments/{id}'].put.requestBody).toBeDefined();
    const docs = await t.app.inject('/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('sends a content security policy that forbids inline script', async () => {
    const r = await t.app.inject('/api/catalog');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('unknown API paths get a JSON 404', async () => {
    const r = await t.app.inject('/api/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('not-found');
  });

  it("bad input is refused with the field and a message in the reader's language", async () => {
    const nl = await t.app.inject({ method: 'GET', url: '/api/catalog/search?q=x&limit=999' });
    expect(nl.statusCode).toBe(400);
    expect(nl.json()).toMatchObject({
      code: 'invalid-input',
      problems: [{ path: 'limit', message: expect.stringMatching(/Te groot/) }],
    });
    const en = await t.app.inject({
      method: 'GET',
      url: '/api/catalog/search?q=x&limit=999',
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().problems[0].message).toMatch(/Too big/);
  });
});

describe('web app', () => {
  it('sends the build\u2019s precompressed copy of an asset when the browser accepts it, and the file as is otherwise', async () => {
    const webDir = await mkdtemp(join(tmpdir(), 'loket-web-'));
    const script = Buffer.from(`console.log(${JSON.stringify('loket '.repeat(400))});`);
    await mkdir(join(webDir, 'assets'));
    await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Loket</title>');
    await writeFile(join(webDir, 'assets/app-abc123.js'), script);
    await writeFile(join(webDir, 'assets/app-abc123.js.br'), brotliCompressSync(script));
    await writeFile(join(webDir, 'assets/app-abc123.js.gz'), gzipSync(script));
    const web = await createTestApp({ LOKET_WEB_DIR: webDir });
    try {
      const get = (acceptEncoding?: string) =>
        web.app.inject({
          url: '/assets/app-abc123.js',
          headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
        });
      const br = await get('gzip, deflate, br, zstd');
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toMatch(/javascript/);
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(br.rawPayload.length).toBeLessThan(script.length / 4);
      expect(brotliDecompressSync(br.rawPayload).equals(script)).toBe(true);
      expect((await get('gzip')).headers['content-encoding']).toBe('gzip');
      const plain = await get();
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.rawPayload.equals(script)).toBe(true);
      expect((await get('br')).headers['cache-control']).toMatch(/immutable/);
    } finally {
      await web.close();
    }
  });
});

describe('access control', () => {
  it('R-SEC-03: every route declares its access rule; a route without one cannot be registered', async () => {
    const database = await createTestDatabase();
    try {
      await migrateToLatest(database.handle.db);
      const app = await buildApp({ config: await testConfig(), database: database.handle, logger: false });
      await app
        .register(async (child) => {
          child.get('/api/example', async () => 'x');
        })
        .ready()
        .then(
          () => {
            throw new Error('a route without an access rule was registered');
          },
          (e: Error) => expect(e.message).toMatch(/GET \/api\/example has no valid access rule/),
        );
    } finally {
      await database.drop();
    }
  });

  it('R-SEC-03: a signed-in user without the role is refused (403); an anonymous one must sign in (401)', async () => {
    const referrer = await t.signIn((await t.createUser(['referrer'])).email);
    for (const url of ['/api/admin/users', '/api/audit/events', '/api/admin/catalog/hospital']) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
      const r = await t.app.inject({ method: 'GET', url, headers: { cookie: referrer } });
      expect(r.statusCode, url).toBe(403);
      expect(r.json().code).toBe('not-permitted');
    }
  });
});

describe('logs', () => {
  it('R-ID-04: request logs carry no query strings, cookies or passwords', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const database = await createTestDatabase();
    try {
      await migrateToLatest(database.handle.db);
      const app = await buildApp({
        config: await testConfig(),
        database: database.handle,
        logger: { ...loggerOptions('info'), stream },
      });
      await app.inject({ method: 'GET', url: '/api/catalog/search?q=999990019' });
      await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { origin: PUBLIC_URL, cookie: 'secret-cookie=abc' },
        payload: { email: 'x@example.org', password: TEST_PASSWORD },
      });
      await app.close();
    } finally {
      await database.drop();
    }
    const all = lines.join('\n');
    expect(all).toMatch(/\/api\/catalog\/search/);
    expect(all).not.toMatch(/999990019/);
    expect(all).not.toMatch(/secret-cookie/);
    expect(all).not.toContain(TEST_PASSWORD);
  });
});

describe('log levels', () => {
  it('a client\u2019s mistake at the authentication library is no error in the log, nor printed past the logger', async () => {
    const lines: { level: number; msg: string }[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)) as { level: number; msg: string });
        done();
      },
    });
    const printed = vi.spyOn(console, 'error');
    const database = await createTestDatabase();
    try {
      await migrateToLatest(database.handle.db);
      const app = await buildApp({
        config: await testConfig(),
        database: database.handle,
        logger: { ...loggerOptions('debug'), stream },
      });
      const refused = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { origin: PUBLIC_URL, 'content-type': 'text/plain' },
        payload: 'not json',
      });
      expect(refused.statusCode).toBe(415);
      await app.close();
    } finally {
      printed.mockRestore();
      await database.drop();
    }
    const about = lines.filter((l) => l.msg?.includes('Content-Type'));
    expect(about.length).toBeGreaterThan(0);
    expect(about.map((l) => [l.level, l.msg])).toEqual(about.map((l) => [20, l.msg]));
    expect(printed.mock.calls.flat().join(' ')).not.toContain('Content-Type');
  });
});

describe('migrations', () => {
  it('a failed migration names the migration and the cause, and the schema stays as it was', async () => {
    const database = await createTestDatabase();
    try {
      const error = await migrateToLatest(database.handle.db, {
        '001-fine': { up: async (db) => void (await sql`create table fine (id int)`.execute(db)) },
        '002-broken': {
          up: async (db) => void (await sql`create table broken (id nonsense_type)`.execute(db)),
        },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).migration).toBe('002-broken');
      expect((error as Error).message).toMatch(
        /Database migration "002-broken" failed: type "nonsense_type" does not exist/,
      );
    } finally {
      await database.drop();
    }
  });
});
