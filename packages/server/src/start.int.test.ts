import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type DatabaseHandle } from '@loket/db';
import { DatabaseUnreachableError, waitForDatabase } from './start.ts';
import { testEngine } from './testing/harness.ts';

/**
 * A start while PostgreSQL is still coming up (both started by the same reboot): Loket waits for it instead of
 * exiting at once. Only PostgreSQL is reached over a network; PGlite runs in the process, so on PGlite this file
 * checks nothing and says so in its title.
 */
const adminUrl = process.env.LOKET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** A port on this machine where nothing listens (yet). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

function urlAt(port: number): string {
  const u = new URL(adminUrl);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  u.password = 'not-the-real-one-either';
  return u.toString();
}

/** Forwards a port to the test's PostgreSQL, as the database would answer once it is up. */
function forwarder(port: number): Promise<Server> {
  const target = new URL(adminUrl);
  const sockets: Socket[] = [];
  const server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port || 5432), target.hostname);
    sockets.push(client, upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  cleanup.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
  return new Promise((r) => server.listen(port, '127.0.0.1', () => r(server)));
}

async function handleAt(port: number): Promise<DatabaseHandle> {
  // The real password stays in the URL the forwarder passes on; the one shown must never be printed.
  const u = new URL(urlAt(port));
  u.password = new URL(adminUrl).password;
  const handle = await connect({ databaseUrl: u.toString(), poolSize: 1 });
  cleanup.push(() => handle.close());
  return handle;
}

describe.runIf(testEngine === 'postgres')('starting while PostgreSQL is not up yet (PostgreSQL only)', () => {
  it('waits for PostgreSQL that comes up a little later, says so once, and goes on', async () => {
    const port = await freePort();
    const handle = await handleAt(port);
    const said: string[] = [];
    const started = Date.now();
    setTimeout(() => void forwarder(port), 1_500);
    await waitForDatabase(handle, 30, (m) => said.push(m));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/^Waiting for PostgreSQL at .*ECONNREFUSED.*up to 30 s/);
    expect(said[1]).toMatch(/answers now/);
  });

  it('gives up after the wait with a message that names the place and the setting, without the password', async () => {
    const port = await freePort();
    const password = new URL(adminUrl).password;
    const handle = await handleAt(port);
    const error = await waitForDatabase(handle, 1, () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    const message = (error as Error).message;
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toContain('LOKET_DB_WAIT_SECONDS');
    if (password) expect(message).not.toContain(password);
  });

  it('does not wait for what waiting cannot fix: a database that does not exist', async () => {
    const u = new URL(adminUrl);
    u.pathname = '/loket_no_such_database';
    const handle = await connect({ databaseUrl: u.toString(), poolSize: 1 });
    cleanup.push(() => handle.close());
    const said: string[] = [];
    const error = await waitForDatabase(handle, 3600, (m) => said.push(m)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toMatch(/refused Loket \(3D000/);
    expect(said).toEqual([]);
  });
});
