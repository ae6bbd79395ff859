import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cookieProblems, scanLine, type Needles } from './findings.ts';
import { readableText } from './mime.ts';
import { scanRun } from './scan.ts';

const none: Needles = { tokens: new Set(), passwords: [], secrets: [] };
const TOKEN = 'Xq3vTzR8pLm2Nw7YkHc4Bd9Fs6Gj1Ae5';

describe('the log scan finds what must not be there', () => {
  it('R-ID-04: a BSN passing the 11-test is found, plain or in groups; other numbers are not', () => {
    expect(scanLine('{"msg":"patient 999990019 created"}', none).map((f) => f.kind)).toEqual(['bsn']);
    expect(scanLine('bsn=9999.90.019', none).map((f) => f.kind)).toEqual(['bsn']);
    expect(scanLine('/api/patients?bsn=999990019', none)).toHaveLength(1);
    // 999990018 fails the 11-test; timestamps, fractions, hex hashes and UUIDs are not BSNs.
    expect(scanLine('nr 999990018', none)).toEqual([]);
    expect(scanLine('"time":1795475616462,"responseTime":3.999990019', none)).toEqual([]);
    expect(scanLine('hash a999990019b and 20af17b4-a70a-4804-8b40-d88d39399794', none)).toEqual([]);
  });

  it('R-ID-04: a session token, a password, a secret and an unredacted credential are found and masked', () => {
    const needles: Needles = {
      tokens: new Set([TOKEN]),
      passwords: ['correct horse battery staple'],
      secrets: ['JBSWY3DPEHPK3PXP'],
    };
    const kinds = (line: string) => scanLine(line, needles).map((f) => f.kind);
    expect(kinds(`cookie __Host-loket.session_token=${TOKEN}.c2lnbmF0dXJl`)).toEqual(
      expect.arrayContaining(['token', 'unredacted']),
    );
    expect(kinds(`GET /x?t=${TOKEN}`)).toEqual(['token']);
    expect(kinds('{"password":"correct horse battery staple"}')).toEqual(['password', 'unredacted']);
    expect(kinds('{"password":"[redacted]"}')).toEqual([]);
    expect(kinds('otpauth secret JBSWY3DPEHPK3PXP')).toEqual(['secret']);
    expect(kinds('authorization: Bearer abcdefghijklmnopqrstuvwxyz')).toEqual(['unredacted']);
    expect(scanLine(`t=${TOKEN}`, needles)[0]!.masked).not.toContain(TOKEN.slice(2, -2));
  });

  it('R-ID-04: e-mail bodies are decoded before the scan (quoted-printable, base64, encoded subjects)', () => {
    const b64 = Buffer.from('Geachte collega, BSN 999990019.').toString('base64');
    const raw = [
      'Subject: =?UTF-8?Q?Verwijzing_999990019?=',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Pati=C3=ABnt 99999=',
      '0019',
      '--b1',
      'Content-Type: text/html',
      'Content-Transfer-Encoding: base64',
      '',
      b64,
      '--b1',
      'Content-Type: application/pdf',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('999990019 in a letter').toString('base64'),
      '--b1--',
    ].join('\r\n');
    const text = readableText(raw);
    expect(text).toContain('Verwijzing 999990019');
    expect(text).toContain('Patiënt 999990019');
    expect(text).toContain('BSN 999990019.');
    expect(text).not.toContain('in a letter');
  });

  it('R-ID-04: a run with a planted BSN in a log, a token in a URL and a password in a mail fails; an empty run fails', async () => {
    const root = await mkdtemp(join(tmpdir(), 'log-scan-'));
    try {
      expect((await scanRun(root)).logLines).toBe(0);
      const logs = join(root, '.tmp/test-logs');
      await mkdir(logs, { recursive: true });
      await mkdir(join(root, '.tmp/test-mail'), { recursive: true });
      await writeFile(join(logs, 'a.secrets'), `token ${TOKEN}\npassword hunter2-but-longer\n`);
      await writeFile(join(logs, 'a.log'), '{"msg":"ok"}\n{"msg":"saved 999990019"}\n');
      await writeFile(
        join(logs, 'a.urls'),
        `GET /api/x?session=${TOKEN}\nGET /api/y?q=%39%39%39%39%39%30%30%31%39\n`,
      );
      await writeFile(
        join(root, '.tmp/test-mail/m.eml'),
        'Subject: hi\r\n\r\nyour password: hunter2-but-longer\r\n',
      );
      const r = await scanRun(root);
      expect(r.logLines).toBe(2);
      expect(r.hits.map((h) => `${h.file}:${h.line}:${h.finding.kind}`).sort()).toEqual(
        [
          '.tmp/test-logs/a.log:2:bsn',
          '.tmp/test-logs/a.urls:1:token',
          '.tmp/test-logs/a.urls:2:bsn',
          '.tmp/test-mail/m.eml:2:password',
        ].sort(),
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('a Set-Cookie without __Host-, Secure, HttpOnly or SameSite is named; a correct one passes', () => {
    expect(
      cookieProblems('__Host-loket.session_token=…; Max-Age=1800; Path=/; HttpOnly; Secure; SameSite=Lax'),
    ).toEqual([]);
    expect(cookieProblems('loket.session_token=…; Path=/; HttpOnly; SameSite=Lax')).toEqual([
      'no __Host- prefix',
      'not Secure',
    ]);
    expect(cookieProblems('__Host-x=…; Path=/app; Domain=example.org; Secure')).toEqual([
      'not HttpOnly',
      'no SameSite',
      'Path is not /',
      'has a Domain',
    ]);
    expect(cookieProblems('__Host-x=…; Path=/; HttpOnly; Secure; SameSite=None')).toEqual(['no SameSite']);
  });
});
