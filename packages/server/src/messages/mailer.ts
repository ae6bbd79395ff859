import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

/**
 * Sends e-mail with nodemailer: over SMTP when an SMTP URL is configured; otherwise each message is written as
 * an .eml file to `<dataDir>/mail/`, so a demo desk shows exactly what would have been sent. The files hold
 * personal data (letters are attached), so they are readable by the owner only.
 */

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text body. */
  text: string;
  attachments?: MailAttachment[];
  /**
   * A stable key of this message (letters, digits, "." and "-"). It becomes the Message-ID
   * "<key@domain-of-the-sender>", the same on every attempt, so a receiving system can recognise a message
   * that was delivered twice.
   */
  key?: string;
}

export interface Mailer {
  /** "smtp" or "file". */
  readonly kind: 'smtp' | 'file';
  send(msg: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailerConfig {
  smtpUrl?: string | undefined;
  mailFrom: string;
  dataDir: string;
}

/** The domain of the sender's address, for Message-IDs. */
export function senderDomain(mailFrom: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom);
  return m?.[1] ?? 'localhost';
}

function toNodemailer(from: string, msg: MailMessage) {
  if (msg.key !== undefined && !/^[A-Za-z0-9.-]+$/.test(msg.key))
    throw new Error('mailer: invalid message key');
  return {
    from,
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    ...(msg.key ? { messageId: `<${msg.key}@${senderDomain(from)}>` } : {}),
    attachments: (msg.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
  };
}

export function createMailer(config: MailerConfig): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport({
      url: config.smtpUrl,
      // Fail within a minute rather than hang the outbox worker (which holds a row lock while sending).
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    return {
      kind: 'smtp',
      async send(msg) {
        const info = await transport.sendMail(toNodemailer(config.mailFrom, msg));
        return { messageId: info.messageId };
      },
      close() {
        transport.close();
      },
    };
  }

  const dir = join(config.dataDir, 'mail');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'file',
    async send(msg) {
      const info = await transport.sendMail(toNodemailer(config.mailFrom, msg));
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const name = `${stamp}-${randomBytes(4).toString('hex')}.eml`;
      await writeFile(join(dir, name), info.message as Buffer, { mode: 0o600, flag: 'wx' });
      return { messageId: info.messageId };
    },
    close() {
      transport.close();
    },
  };
}
