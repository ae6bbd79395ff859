import fc from 'fast-check';

/**
 * The values an attacker or a broken client sends. Kept as data so the property tests, the SQL probes and the
 * markup checks draw from one list, and a reader sees exactly what was tried.
 */

/** SQL injection probes: quote breaking, tautologies, stacked queries, comments, casts and time delays. */
export const sqlProbes = [
  "'",
  "''",
  '"',
  '\\',
  "' OR '1'='1",
  "' OR 1=1--",
  '" OR ""="',
  "') OR ('1'='1",
  '1 OR 1=1',
  "1' AND 1=CAST((SELECT version()) AS int)--",
  "'; DROP TABLE referral; --",
  "'; CREATE TABLE hostile_probe (x int); --",
  '1; CREATE TABLE hostile_probe (x int)',
  "' UNION SELECT NULL, NULL, NULL--",
  "' UNION SELECT id, email, name FROM auth.user--",
  "'||(SELECT pg_sleep(0))||'",
  '$1',
  '$$; DROP TABLE referral; $$',
  "E'\\x27'",
  '%',
  '_',
  "%%' OR '%'='",
  '*/ OR 1=1 /*',
  "admin'--",
  '1e309',
  '-0',
  '00000000-0000-0000-0000-000000000000',
  "00000000-0000-0000-0000-000000000000' OR '1'='1",
] as const;

/** The table the stacked-query probes try to create; a test proves it never appears. */
export const PROBE_TABLE = 'hostile_probe';

/** Unicode that breaks naive code: controls, bidi overrides, zero-width, surrogates, combining marks, emoji. */
export const oddUnicode = [
  '\u0000',
  'a\u0000b',
  '\u202Egnp.exe',
  '\u200B\u200C\u200D\uFEFF',
  '\uD800',
  '\uDFFF',
  'e\u0301\u0301\u0301\u0301',
  '👩‍⚕️🏥',
  '\u{10FFFF}',
  '\r\n\r\nX-Injected: 1',
  '\u2028\u2029',
  'ǅ ß ﬃ İ',
  '\u00A0\u1680\u3000',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("return 1")()}}',
  '${7*7}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '%2e%2e%2f',
  'Ş̷̛̙a̸h̶i̵n̴',
] as const;

/** Keys that poison prototypes or reach object internals. */
export const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'] as const;

/** Numbers at and past the edges of what JSON and JavaScript carry. */
export const oddNumbers = [
  0,
  -0,
  -1,
  1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER + 2,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1.5,
  1e-7,
  1e21,
] as const;

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...sqlProbes) },
  { weight: 3, arbitrary: fc.constantFrom(...oddUnicode) },
  { weight: 1, arbitrary: fc.constantFrom(...prototypeKeys) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', 'undefined', 'NaN', 'true', '[]', '{}') },
);

/** A JSON value of any shape, including shapes no schema expects. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.constantFrom(...oddNumbers),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom(...prototypeKeys)), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/**
 * An object with `__proto__` as its own key, as JSON.parse makes it from a hostile body. (An object literal
 * would set the prototype instead, and JSON.stringify would then drop the key.)
 */
export function withPrototypeKey(target: unknown, key: string, value: unknown): unknown {
  const base = target !== null && typeof target === 'object' && !Array.isArray(target) ? target : {};
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}
