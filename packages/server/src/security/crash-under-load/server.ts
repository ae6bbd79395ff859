import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The real Loket server as a child process (`node packages/server/src/main.ts`), configured by environment
 * variables exactly as in production, so that SIGKILL takes down everything a crash would: the process, its
 * connection pool, its in-flight transactions and the outbox worker.
 */
export class ServerProcess {
  readonly #entry: string;
  readonly #env: Record<string, string>;
  readonly #baseUrl: string;
  readonly #log: WriteStream;
  #child: ChildProcess | undefined;
  #expectingExit = false;
  /** Exits the harness did not cause (a crash of its own, e.g. on a database restart). */
  unexpectedExits: { code: number | null; signal: string | null }[] = [];

  constructor(options: { repoRoot: string; env: Record<string, string>; baseUrl: string; logFile: string }) {
    this.#entry = join(options.repoRoot, 'packages/server/src/main.ts');
    this.#env = options.env;
    this.#baseUrl = options.baseUrl;
    this.#log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Starts the process and returns how long it took until /readyz answered 200, in milliseconds. */
  async start(timeoutMs = 60_000): Promise<number> {
    const began = performance.now();
    this.#expectingExit = false;
    const child = spawn(process.execPath, [this.#entry], {
      env: {
        PATH: process.env.PATH ?? '',
        ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
        ...this.#env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stdout.pipe(this.#log, { end: false });
    child.stderr.pipe(this.#log, { end: false });
    child.on('exit', (code, signal) => {
      this.#log.write(`\n[harness] server exited code=${code} signal=${signal}\n`);
      if (!this.#expectingExit) this.unexpectedExits.push({ code, signal });
    });
    await this.waitReady(timeoutMs);
    return performance.now() - began;
  }

  /** Polls /readyz until it answers 200; returns the milliseconds it took. */
  async waitReady(timeoutMs = 60_000): Promise<number> {
    const began = performance.now();
    for (;;) {
      try {
        const res = await fetch(`${this.#baseUrl}/readyz`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - began;
      } catch {
        // not listening yet
      }
      if (performance.now() - began > timeoutMs)
        throw new Error(`the server did not answer /readyz within ${timeoutMs} ms (log: ${this.#log.path})`);
      if (this.#child && !this.running && !this.#expectingExit) {
        const tail = (await readFile(String(this.#log.path), 'utf8').catch(() => '')).slice(-1500);
        throw new Error(`the server exited while starting (log: ${this.#log.path}):\n${tail}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    this.#expectingExit = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** A clean stop at the end (SIGTERM lets the outbox worker finish its message). */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    this.#expectingExit = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    await new Promise<void>((r) => this.#log.end(r));
  }
}
