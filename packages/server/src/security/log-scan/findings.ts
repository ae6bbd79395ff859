import { isValidBsn } from '@loket/domain';

/**
 * What must never appear in a log line, a URL or an e-mail (R-ID-04): a BSN (any 9-digit number that passes the
 * 11-test, also written in groups), a session token or password the tests used, or a credential the logger should
 * have redacted. Pure functions; scan.ts reads the files.
 */
export type FindingKind = 'bsn' | 'token' | 'password' | 'secret' | 'unredacted';

export interface Finding {
  kind: FindingKind;
  /** Where in the line, and the match with its middle masked, so the report itself leaks nothing. */
  index: number;
  masked: string;
}

export interface Needles {
  /** Session tokens handed out in the run (exact values, 32 characters or more). */
  tokens: Set<string>;
  /** Passwords and other secrets as plain substrings. */
  passwords: string[];
  secrets: string[];
}

export function mask(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  return `${value.slice(0, 2)}${'*'.repeat(Math.min(12, value.length - 4))}${value.slice(-2)}`;
}

// Nine digits not inside a longer word or number and not the fraction of a decimal (responseTime: 3.123456789).
const NINE_DIGITS = /(?<![0-9A-Za-z_.])(\d{9})(?![0-9A-Za-z_])/g;
// The same written in groups, as people do: 1234.56.789 or 1234 56 789.
const GROUPED = /(?<![0-9A-Za-z_.])(\d{4})([ .])(\d{2})\2(\d{3})(?![0-9A-Za-z_])/g;
const LONG_WORD = /[A-Za-z0-9_-]{20,}/g;
// Credentials that the logger must redact: a cookie, an authorization header or a password field with a value.
const UNREDACTED = [
  /session_token=(?!;|\s|$)[^;\s"]{8,}/g,
  /"(?:password|newPassword|currentPassword)"\s*:\s*"(?!\[redacted\])[^"]+"/gi,
  /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/g,
];

export function scanLine(line: string, needles: Needles): Finding[] {
  const found: Finding[] = [];
  for (const m of line.matchAll(NINE_DIGITS)) {
    if (isValidBsn(m[1]!)) found.push({ kind: 'bsn', index: m.index, masked: mask(m[1]!) });
  }
  for (const m of line.matchAll(GROUPED)) {
    const digits = `${m[1]}${m[3]}${m[4]}`;
    if (isValidBsn(digits)) found.push({ kind: 'bsn', index: m.index, masked: mask(digits) });
  }
  if (needles.tokens.size > 0) {
    for (const m of line.matchAll(LONG_WORD)) {
      // A token may sit inside a longer word (token.signature, or a cookie value).
      for (const t of m[0].split(/[._-]/))
        if (needles.tokens.has(t)) found.push({ kind: 'token', index: m.index, masked: mask(t) });
    }
  }
  for (const p of needles.passwords) {
    const i = line.indexOf(p);
    if (i >= 0) found.push({ kind: 'password', index: i, masked: mask(p) });
  }
  for (const s of needles.secrets) {
    const i = line.indexOf(s);
    if (i >= 0) found.push({ kind: 'secret', index: i, masked: mask(s) });
  }
  for (const re of UNREDACTED) {
    for (const m of line.matchAll(re)) found.push({ kind: 'unredacted', index: m.index, masked: mask(m[0]) });
  }
  return found;
}

/**
 * What is wrong with a Set-Cookie header (the check of the sessions part): every cookie is `__Host-` (so Secure,
 * Path=/ and no Domain, bound to this origin), HttpOnly and SameSite Lax or Strict. An empty list means fine.
 */
export function cookieProblems(setCookie: string): string[] {
  const [pair = '', ...attrs] = setCookie.split(';').map((p) => p.trim());
  const names = new Map(
    attrs.map((a) => {
      const i = a.indexOf('=');
      return [(i < 0 ? a : a.slice(0, i)).toLowerCase(), i < 0 ? '' : a.slice(i + 1)] as const;
    }),
  );
  const problems: string[] = [];
  if (!pair.startsWith('__Host-')) problems.push('no __Host- prefix');
  if (!names.has('secure')) problems.push('not Secure');
  if (!names.has('httponly')) problems.push('not HttpOnly');
  if (!['lax', 'strict'].includes((names.get('samesite') ?? '').toLowerCase())) problems.push('no SameSite');
  if (names.get('path') !== '/') problems.push('Path is not /');
  if (names.has('domain')) problems.push('has a Domain');
  return problems;
}
