import { spawn } from 'node:child_process';

/**
 * `npm audit --omit=dev --json`, read carefully: npm exits non-zero both when it finds vulnerabilities and
 * when the audit endpoint cannot be reached, so the answer is told apart by its JSON, never by the exit code.
 */

export type NpmAuditResult =
  | {
      kind: 'report';
      /** Counts per severity over production dependencies. */
      counts: Record<'info' | 'low' | 'moderate' | 'high' | 'critical' | 'total', number>;
      dependencies: number;
      vulnerable: { name: string; severity: string; range: string; via: string[] }[];
    }
  | { kind: 'unreachable'; reason: string };

interface NpmAuditJson {
  auditReportVersion?: number;
  vulnerabilities?: Record<
    string,
    { name?: string; severity?: string; range?: string; via?: (string | { title?: string; url?: string })[] }
  >;
  metadata?: {
    vulnerabilities?: Partial<Record<'info' | 'low' | 'moderate' | 'high' | 'critical' | 'total', number>>;
    dependencies?: { prod?: number; total?: number };
  };
  message?: string;
  statusCode?: number;
  error?: { code?: string; summary?: string; detail?: string };
}

/** Turns npm's JSON output into a report, or says why there is none. */
export function parseNpmAudit(stdout: string): NpmAuditResult {
  let json: NpmAuditJson;
  try {
    json = JSON.parse(stdout) as NpmAuditJson;
  } catch {
    return {
      kind: 'unreachable',
      reason: `npm audit printed no JSON (${stdout.slice(0, 120).trim() || 'nothing'})`,
    };
  }
  if (json.auditReportVersion === 2 && json.metadata?.vulnerabilities) {
    const m = json.metadata.vulnerabilities;
    const counts = {
      info: m.info ?? 0,
      low: m.low ?? 0,
      moderate: m.moderate ?? 0,
      high: m.high ?? 0,
      critical: m.critical ?? 0,
      total: m.total ?? 0,
    };
    const vulnerable = Object.entries(json.vulnerabilities ?? {}).map(([name, v]) => ({
      name: v.name ?? name,
      severity: v.severity ?? 'unknown',
      range: v.range ?? '',
      via: (v.via ?? []).map((x) => (typeof x === 'string' ? x : (x.url ?? x.title ?? '?'))),
    }));
    return { kind: 'report', counts, dependencies: json.metadata.dependencies?.prod ?? 0, vulnerable };
  }
  const reason = json.message ?? json.error?.summary ?? json.error?.code ?? 'npm audit gave no report';
  return { kind: 'unreachable', reason };
}

export async function runNpmAudit(cwd: string, timeoutMs = 120_000): Promise<NpmAuditResult> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['audit', '--omit=dev', '--json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ kind: 'unreachable', reason: `npm could not be started: ${e.message}` });
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(parseNpmAudit(out));
    });
  });
}
