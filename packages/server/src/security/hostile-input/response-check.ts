/**
 * What an answer to hostile input must never show: a server error, a stack trace, a file path of the server,
 * database error text or a JavaScript runtime message. Returns the reasons found, empty when the answer is clean.
 */
const leaks: { name: string; pattern: RegExp }[] = [
  { name: 'stack trace', pattern: /\n\s+at [^\n]+[(:]\d+:\d+\)?/ },
  { name: 'stack frame', pattern: /\bat (?:async )?[\w.<>$]+ \((?:file:|node:|\/)[^)]*\)/ },
  {
    name: 'server path',
    pattern: /(?:file:\/\/|\/work\/|\/home\/|\/usr\/|\/app\/|node_modules|node:internal)/,
  },
  { name: 'source file', pattern: /\b[\w-]+\.(?:ts|js|mjs|cjs):\d+/ },
  {
    name: 'SQL error',
    pattern:
      /(?:syntax error at or near|invalid input syntax for|unterminated quoted string|violates (?:not-null|foreign key|unique|check) constraint|duplicate key value|(?:relation|column) \\?"[^"\\]*\\?" does not exist|operator does not exist|value too long for type|out of range for type|invalid byte sequence for encoding|null value in column|current transaction is aborted|could not determine data type|bind message supplies)/i,
  },
  { name: 'database driver', pattern: /\b(?:PGlite|pg-protocol|kysely|SQLSTATE|DatabaseError)\b/ },
  {
    name: 'runtime error',
    pattern:
      /(?:Cannot read propert(?:y|ies) of|is not a function|is not iterable|Maximum call stack|Unexpected end of JSON input|is not defined\b|TypeError|ReferenceError|RangeError|SyntaxError: )/,
  },
  { name: 'fastify internals', pattern: /\bFST_[A-Z_]+\b|\bERR_[A-Z_]{4,}\b/ },
];

export interface AnswerFinding {
  status: number;
  problems: string[];
  /** Where in the body each leak was found, so a failure shows the offending text and not only its name. */
  excerpts: string[];
}

export function checkAnswer(status: number, body: string): AnswerFinding {
  const problems: string[] = [];
  const excerpts: string[] = [];
  if (status >= 500) problems.push(`server error ${status}`);
  for (const leak of leaks) {
    const m = leak.pattern.exec(body);
    if (!m) continue;
    problems.push(leak.name);
    excerpts.push(body.slice(Math.max(0, m.index - 160), m.index + m[0].length + 160));
  }
  return { status, problems, excerpts };
}

/**
 * Answers may echo what the client sent (a name it stored, a search it made). Those echoes are not leaks, so
 * the strings the test sent are cut out before the answer is checked.
 */
export function withoutEchoes(body: string, sent: readonly string[]): string {
  let out = body;
  for (const s of sent) {
    if (s.length < 3) continue;
    out = out.split(s).join('');
    const json = JSON.stringify(s).slice(1, -1);
    if (json !== s) out = out.split(json).join('');
  }
  return out;
}
