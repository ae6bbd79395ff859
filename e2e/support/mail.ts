import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from '@playwright/test';

/**
 * The e-mails the e2e server sent. Without an SMTP URL Loket's mailer writes every message it delivers as an .eml
 * file to `<LOKET_DATA_DIR>/mail/` (packages/server/src/messages/mailer.ts); playwright.config.ts sets that folder
 * to `.tmp/e2e-data-<port>`, wiped at every run. The outbox worker delivers within a few seconds.
 */
const port = Number(process.env.LOKET_E2E_PORT ?? 3100);
const mailDir = join(import.meta.dirname, '..', '..', '.tmp', `e2e-data-${port}`, 'mail');

interface Mail {
  to: string;
  subject: string;
  text: string;
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const raw = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '=' && /^[0-9A-F]{2}$/i.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(raw[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A single-part plain-text message as nodemailer writes it. */
function parse(eml: string): Mail {
  const split = eml.indexOf('\r\n\r\n');
  const head = eml.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = eml.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return { to: header('To'), subject: header('Subject'), text };
}

/** The messages delivered to an address so far. */
export async function mailsTo(address: string): Promise<Mail[]> {
  const names = await readdir(mailDir).catch(() => [] as string[]);
  const mails = await Promise.all(
    names.filter((n) => n.endsWith('.eml')).map(async (n) => parse(await readFile(join(mailDir, n), 'utf8'))),
  );
  return mails.filter((m) => m.to.toLowerCase().includes(address.toLowerCase()));
}

/** Waits for the e-mail with the link to confirm the address, and returns the link as a path in the app. */
export async function confirmLinkFor(address: string): Promise<string> {
  let link: string | undefined;
  await expect(async () => {
    for (const m of await mailsTo(address)) {
      const found = /https?:\/\/[^\s/]+(\/second-opinion\/confirm#[\w-]+)/.exec(m.text)?.[1];
      if (found) link = found;
    }
    expect(link, `an e-mail to ${address} with a confirmation link`).toBeDefined();
  }).toPass({ timeout: 30_000 });
  return link!;
}
