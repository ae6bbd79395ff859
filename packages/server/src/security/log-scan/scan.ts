/**
 * R-ID-04: scans every log line, URL and e-mail the test suite produced for a BSN (numbers passing the 11-test),
 * a session token or a password, and fails on a hit. Run it after the integration and browser tests:
 *
 *   node packages/server/src/security/log-scan/scan.ts [repository root]
 *
 * What it reads (all under .tmp/, written by the test harness, the test SMTP server and the e2e server):
 *   test-logs/*.log        the integration tests' server logs (production logger options, level info)
 *   test-logs/*.urls       every URL requested in the integration tests, with its query string, and redirects
 *   test-logs/*.secrets    the session tokens and passwords handed out: the needles, not scanned themselves
 *   test-mail/*.eml, test-data/mail/*.eml, e2e-data-<port>/mail/*.eml   every e-mail (headers and text parts)
 *   e2e-server-<port>.log, e2e-urls-<port>.log   the browser tests' server log and the URLs the browser loaded
 * The report names file, line and kind, with the value masked. It fails when it finds nothing to read, so a
 * broken setup cannot pass as clean.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../demo/accounts.ts';
import { cookieProblems, scanLine, type Finding, type Needles } from './findings.ts';
import { readableText } from './mime.ts';

// Demo mode prints the published demo password (README) on purpose when it starts; only that line may hold it.
const ALLOWED = [`Demo accounts (password ${DEMO_PASSWORD}): `];

async function files(dir: string, match: (name: string) => boolean): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter(match).map((n) => join(dir, n));
  } catch {
    return [];
  }
}

export interface ScanReport {
  files: number;
  logLines: number;
  urls: number;
  mails: number;
  needles: { tokens: number; passwords: number; secrets: number };
  hits: { file: string; line: number; finding: Finding }[];
  /** Set-Cookie headers seen in the integration tests, and those missing an attribute. */
  cookies: number;
  badCookies: { file: string; line: number; problems: string[] }[];
}

export async function scanRun(root: string): Promise<ScanReport> {
  const tmp = join(root, '.tmp');
  const logDir = join(tmp, 'test-logs');
  const needles: Needles = {
    tokens: new Set(),
    passwords: [DEMO_PASSWORD],
    secrets: [DEMO_TOTP_SECRET],
  };
  for (const f of await files(logDir, (n) => n.endsWith('.secrets'))) {
    for (const line of (await readFile(f, 'utf8')).split('\n')) {
      const [kind, ...rest] = line.split(' ');
      const value = rest.join(' ');
      if (!value) continue;
      if (kind === 'token' && value.length >= 20) needles.tokens.add(value);
      else if (kind === 'password' && !needles.passwords.includes(value)) needles.passwords.push(value);
      else if (kind === 'secret' && !needles.secrets.includes(value)) needles.secrets.push(value);
    }
  }
  const e2eDirs = (await readdir(tmp).catch(() => [] as string[])).filter((n) => n.startsWith('e2e-data-'));
  const logFiles = [
    ...(await files(logDir, (n) => n.endsWith('.log'))),
    ...(await files(tmp, (n) => /^e2e-server-.*\.log$/.test(n))),
  ];
  const urlFiles = [
    ...(await files(logDir, (n) => n.endsWith('.urls'))),
    ...(await files(tmp, (n) => /^e2e-urls-.*\.log$/.test(n))),
  ];
  const mailFiles = [
    ...(await files(join(tmp, 'test-mail'), (n) => n.endsWith('.eml'))),
    ...(await files(join(tmp, 'test-data', 'mail'), (n) => n.endsWith('.eml'))),
    ...(await Promise.all(e2eDirs.map((d) => files(join(tmp, d, 'mail'), (n) => n.endsWith('.eml'))))).flat(),
  ];
  const report: ScanReport = {
    files: logFiles.length + urlFiles.length + mailFiles.length,
    logLines: 0,
    urls: 0,
    mails: mailFiles.length,
    needles: {
      tokens: needles.tokens.size,
      passwords: needles.passwords.length,
      secrets: needles.secrets.length,
    },
    hits: [],
    cookies: 0,
    badCookies: [],
  };
  for (const f of await files(logDir, (n) => n.endsWith('.cookies'))) {
    (await readFile(f, 'utf8')).split('\n').forEach((line, i) => {
      if (!line) return;
      report.cookies++;
      const problems = cookieProblems(line);
      if (problems.length > 0) report.badCookies.push({ file: relative(root, f), line: i + 1, problems });
    });
  }
  // URLs are scanned as written and percent-decoded, since a BSN may hide as %39%39%39...
  const decoded = (line: string) => {
    try {
      return decodeURIComponent(line);
    } catch {
      return line; // a malformed escape (a hostile-input test) stays as written
    }
  };
  const scanText = (file: string, text: string, count: (n: number) => void, url = false) => {
    const lines = text.split('\n');
    count(lines.filter(Boolean).length);
    lines.forEach((line, i) => {
      if (ALLOWED.some((a) => line.startsWith(a))) return;
      const seen = new Set<string>();
      for (const variant of url ? [line, decoded(line)] : [line]) {
        for (const finding of scanLine(variant, needles)) {
          const key = `${finding.kind} ${finding.masked}`;
          if (seen.has(key)) continue;
          seen.add(key);
          report.hits.push({ file: relative(root, file), line: i + 1, finding });
        }
      }
    });
  };
  for (const f of logFiles) scanText(f, await readFile(f, 'utf8'), (n) => (report.logLines += n));
  for (const f of urlFiles) scanText(f, await readFile(f, 'utf8'), (n) => (report.urls += n), true);
  // Mail hits name the line of the readable text (headers, then decoded text parts).
  for (const f of mailFiles) scanText(f, readableText(await readFile(f, 'utf8')), () => {});
  return report;
}

async function main() {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../../../../..'));
  const r = await scanRun(root);
  console.log(
    `log scan (R-ID-04): ${r.files} files: ${r.logLines} log lines, ${r.urls} URLs, ${r.mails} e-mails; ` +
      `looked for BSNs (11-test), ${r.needles.tokens} session tokens, ${r.needles.passwords} passwords, ` +
      `${r.needles.secrets} other secrets, and unredacted credentials`,
  );
  const byKind = new Map<string, number>();
  for (const h of r.hits) byKind.set(h.finding.kind, (byKind.get(h.finding.kind) ?? 0) + 1);
  for (const h of r.hits.slice(0, 50))
    console.log(`  ${h.file}:${h.line}: ${h.finding.kind} ${h.finding.masked}`);
  if (r.hits.length > 50) console.log(`  … and ${r.hits.length - 50} more`);
  if (r.logLines === 0) {
    console.log('FAIL: nothing to scan: run the tests first (they write .tmp/test-logs).');
    process.exit(1);
  }
  console.log(
    `cookie check: ${r.cookies} Set-Cookie headers, ${r.badCookies.length} without __Host-, Secure, HttpOnly, SameSite, Path=/`,
  );
  for (const c of r.badCookies.slice(0, 20)) console.log(`  ${c.file}:${c.line}: ${c.problems.join(', ')}`);
  if (r.cookies === 0) {
    console.log('FAIL: no Set-Cookie header seen: the harness did not record them.');
    process.exit(1);
  }
  if (r.badCookies.length > 0) {
    console.log(`FAIL: ${r.badCookies.length} cookies without the required attributes`);
    process.exit(1);
  }
  if (r.hits.length > 0) {
    console.log(`FAIL: ${r.hits.length} hits (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')})`);
    process.exit(1);
  }
  console.log('OK: 0 hits');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
