import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';

const base = {
  LOKET_MODE: 'production',
  LOKET_SECRET: 'test-secret-0123456789-0123456789-abcdef',
  LOKET_AUDIT_KEY: 'test-audit-key-0123456789-0123456789-abc',
  LOKET_PUBLIC_URL: 'http://localhost:3000',
};

describe('retention settings', () => {
  it('R-SEC-04: records 20 years and audit 5 years by default; longer is allowed', async () => {
    expect((await loadConfig(base)).retention).toEqual({ recordYears: 20, auditYears: 5 });
    const longer = await loadConfig({
      ...base,
      LOKET_RECORD_RETENTION_YEARS: '30',
      LOKET_AUDIT_RETENTION_YEARS: '7',
    });
    expect(longer.retention).toEqual({ recordYears: 30, auditYears: 7 });
  });

  it('R-SEC-04: a period shorter than the law stops Loket with the variable named', async () => {
    await expect(loadConfig({ ...base, LOKET_RECORD_RETENTION_YEARS: '19' })).rejects.toThrow(
      /LOKET_RECORD_RETENTION_YEARS must be a whole number between 20 and 115/,
    );
    await expect(loadConfig({ ...base, LOKET_AUDIT_RETENTION_YEARS: '4' })).rejects.toThrow(ConfigError);
  });
});
