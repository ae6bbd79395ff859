import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  AUDIT_RETENTION_MIN_YEARS,
  RECORD_RETENTION_MIN_YEARS,
  RETENTION_MAX_YEARS,
  type RetentionSettings,
} from '@loket/domain';

/** Configuration comes from environment variables, validated at start with a message that names the bad one. */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const intIn = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number between ${min} and ${max}` })
    .int({ error: `must be a whole number between ${min} and ${max}` })
    .min(min, { error: `must be a whole number between ${min} and ${max}` })
    .max(max, { error: `must be a whole number between ${min} and ${max}` });

const secret = z
  .string()
  .min(32, { error: 'must be at least 32 characters (generate one with: openssl rand -hex 32)' });

const EnvSchema = z.object({
  LOKET_MODE: z
    .enum(['production', 'demo'], { error: 'must be "production" or "demo"' })
    .default('production'),
  PORT: intIn(1, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must start with postgres:// or postgresql://' })
    .optional(),
  LOKET_DATA_DIR: z.string().min(1).default('./data'),
  LOKET_PUBLIC_URL: z.url({ error: 'must be a URL such as https://loket.example.org' }).optional(),
  LOKET_SECRET: secret.optional(),
  LOKET_AUDIT_KEY: secret.optional(),
  LOKET_CATALOG_DIR: z.string().min(1).default(join(repoRoot, 'catalog')),
  LOKET_WEB_DIR: z.string().min(1).default(join(repoRoot, 'packages/web/dist')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOKET_DB_POOL_SIZE: intIn(1, 200).default(10),
  LOKET_DB_WAIT_SECONDS: intIn(0, 3600).default(30),
  LOKET_TRUST_PROXY: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).default('false'),
  LOKET_SIGNIN_ATTEMPTS_PER_MINUTE: intIn(1, 1000).default(5),
  LOKET_SESSION_IDLE_MINUTES: intIn(1, 24 * 60).default(30),
  LOKET_SESSION_MAX_HOURS: intIn(1, 24 * 7).default(12),
  LOKET_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, {
      error: 'must start with smtp:// or smtps://, for example smtp://mail.example.org:587',
    })
    .optional(),
  LOKET_MAIL_FROM: z.string().min(3).default('Loket <loket@localhost>'),
  LOKET_HOSPITAL_URA: z
    .string()
    .regex(/^[0-9]{8}$/, { error: "must be the hospital's URA number from the UZI register: 8 digits" })
    .optional(),
  // R-SEC-04: the law's minimums are the lower bounds; a hospital may keep longer, never shorter.
  LOKET_RECORD_RETENTION_YEARS: intIn(RECORD_RETENTION_MIN_YEARS, RETENTION_MAX_YEARS).default(
    RECORD_RETENTION_MIN_YEARS,
  ),
  LOKET_AUDIT_RETENTION_YEARS: intIn(AUDIT_RETENTION_MIN_YEARS, RETENTION_MAX_YEARS).default(
    AUDIT_RETENTION_MIN_YEARS,
  ),
  LOKET_CLAMD_SOCKET: z.string().min(1).optional(),
  LOKET_CLAMD_HOST: z.string().min(1).optional(),
  LOKET_CLAMD_PORT: intIn(1, 65535).default(3310),
  LOKET_CLAMD_TIMEOUT_SECONDS: intIn(1, 3600).default(60),
  LOKET_METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
});

export interface Config {
  mode: 'production' | 'demo';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  secret: string;
  auditKey: string;
  catalogDir: string;
  webDir: string;
  logLevel: string;
  dbPoolSize: number;
  /** How long a start waits for PostgreSQL to accept connections (a reboot brings both up at once). */
  dbWaitSeconds: number;
  trustProxy: boolean;
  signInAttemptsPerMinute: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** SMTP server for outgoing mail; without it mail is written as .eml files under the data folder. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The hospital's URA number (UZI register), its identifier as an Organization in FHIR. */
  hospitalUra: string | null;
  /** R-SEC-04: years a dossier is kept after its last change, and the audit trail's minimum (never deleted). */
  retention: RetentionSettings;
  /** ClamAV's clamd (Unix socket, or host and port): when set, every upload is scanned and refused without a verdict. */
  clamd: { socket: string } | { host: string; port: number } | undefined;
  clamdTimeoutMs: number;
  /** Bearer token for /metrics; without it, /metrics answers only direct requests from this machine. */
  metricsToken: string | undefined;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parseEnv(env: Record<string, string | undefined>): z.infer<typeof EnvSchema> {
  // An empty variable means "not set", as in most shells' `FOO= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = String(i.path[0]);
      const given = present[name];
      const shown =
        name.includes('SECRET') || name.includes('KEY') || name.endsWith('_URL') ? '' : ` (got "${given}")`;
      return `  ${name} ${i.message}${given === undefined ? '' : shown}`;
    });
    throw new ConfigError(`Loket cannot start: the configuration is not valid.\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Demo mode keeps generated secrets in the data folder, so sessions and the audit chain survive a restart. */
async function demoSecrets(dataDir: string): Promise<{ secret: string; auditKey: string }> {
  const file = join(dataDir, 'demo-secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    const secrets = { secret: randomBytes(32).toString('hex'), auditKey: randomBytes(32).toString('hex') };
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(secrets), { mode: 0o600 });
    return secrets;
  }
}

export async function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: { mode?: 'production' | 'demo' } = {},
): Promise<Config> {
  const e = parseEnv(env);
  const mode = overrides.mode ?? e.LOKET_MODE;
  let secretValue = e.LOKET_SECRET;
  let auditKey = e.LOKET_AUDIT_KEY;
  if (mode === 'production') {
    const missing = [
      ...(secretValue ? [] : ['LOKET_SECRET']),
      ...(auditKey ? [] : ['LOKET_AUDIT_KEY']),
      ...(e.LOKET_PUBLIC_URL ? [] : ['LOKET_PUBLIC_URL']),
    ];
    if (missing.length > 0) {
      throw new ConfigError(
        `Loket cannot start: the configuration is not valid.\n` +
          missing
            .map((m) => `  ${m} is required in production mode (or start with --demo to try Loket)`)
            .join('\n'),
      );
    }
  } else if (!secretValue || !auditKey) {
    const generated = await demoSecrets(resolve(e.LOKET_DATA_DIR));
    secretValue ??= generated.secret;
    auditKey ??= generated.auditKey;
  }
  return {
    mode,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.LOKET_DATA_DIR),
    publicUrl: (e.LOKET_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    secret: secretValue!,
    auditKey: auditKey!,
    catalogDir: resolve(e.LOKET_CATALOG_DIR),
    webDir: resolve(e.LOKET_WEB_DIR),
    logLevel: e.LOG_LEVEL,
    dbPoolSize: e.LOKET_DB_POOL_SIZE,
    dbWaitSeconds: e.LOKET_DB_WAIT_SECONDS,
    trustProxy: e.LOKET_TRUST_PROXY === 'true',
    signInAttemptsPerMinute: e.LOKET_SIGNIN_ATTEMPTS_PER_MINUTE,
    sessionIdleMinutes: e.LOKET_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.LOKET_SESSION_MAX_HOURS,
    smtpUrl: e.LOKET_SMTP_URL,
    mailFrom: e.LOKET_MAIL_FROM,
    hospitalUra: e.LOKET_HOSPITAL_URA ?? null,
    retention: { recordYears: e.LOKET_RECORD_RETENTION_YEARS, auditYears: e.LOKET_AUDIT_RETENTION_YEARS },
    clamd: e.LOKET_CLAMD_SOCKET
      ? { socket: e.LOKET_CLAMD_SOCKET }
      : e.LOKET_CLAMD_HOST
        ? { host: e.LOKET_CLAMD_HOST, port: e.LOKET_CLAMD_PORT }
        : undefined,
    clamdTimeoutMs: e.LOKET_CLAMD_TIMEOUT_SECONDS * 1000,
    metricsToken: e.LOKET_METRICS_TOKEN,
  };
}
