import { runCrashUnderLoad, type CrashOptions } from './harness.ts';

/**
 * Crashes under load (R-REF-10), from the command line; exits 1 when a check fails.
 *
 *   node packages/server/src/security/crash-under-load/run.ts           short form (CI): 8 kills, 2 DB restarts
 *   node packages/server/src/security/crash-under-load/run.ts --long    long form: 50 kills, 10 DB restarts
 *
 * LOKET_CRASH_KILLS, LOKET_CRASH_DB_RESTARTS, LOKET_CRASH_CLIENTS and LOKET_CRASH_SEED override the form;
 * LOKET_CRASH_KEEP=1 keeps the private cluster's folder (server and PostgreSQL logs) for a look afterwards.
 */
const long = process.argv.includes('--long');
const num = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number`);
  return n;
};

const options: CrashOptions = {
  serverKills: num('LOKET_CRASH_KILLS', long ? 50 : 8),
  databaseRestarts: num('LOKET_CRASH_DB_RESTARTS', long ? 10 : 2),
  clients: num('LOKET_CRASH_CLIENTS', 6),
  pauseMs: [500, 3000],
  seed: num('LOKET_CRASH_SEED', Math.floor(Math.random() * 2 ** 31)),
  log: (line) => console.log(`  ${line}`),
};

const overridden = ['LOKET_CRASH_KILLS', 'LOKET_CRASH_DB_RESTARTS', 'LOKET_CRASH_CLIENTS'].some(
  (n) => (process.env[n] ?? '') !== '',
);
const form = overridden ? 'custom' : long ? 'long' : 'short';
console.log(
  `Crash under load (R-REF-10), ${form} form: ${options.serverKills} SIGKILLs, ` +
    `${options.databaseRestarts} database restarts, ${options.clients} clients, seed ${options.seed} ` +
    `(repeat the schedule with LOKET_CRASH_SEED=${options.seed})`,
);
const report = await runCrashUnderLoad(options);
for (const c of report.checks)
  console.log(`${c.informational ? 'info' : c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.figure}`);
console.log(JSON.stringify(report.figures));
if (!report.ok) {
  console.log(`FAILED (seed ${options.seed})`);
  process.exit(1);
}
console.log(`passed in ${report.figures.durationS} s`);
process.exit(0);
