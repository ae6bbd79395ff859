import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database } from '@loket/db';
import { exampleLetter } from '../letters/fixtures.ts';
import { readLetterPdf, storeLetter } from '../letters/letters.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../testing/harness.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { BsnInMessageError, enqueueMessage } from './outbox.ts';
import { OutboxWorker, deliveryState } from './worker.ts';

/** A real SMTP server on a random local port that keeps what it receives. */
interface Received {
  to: string[];
  raw: string;
}

interface TestSmtp {
  url: string;
  received: Received[];
  /** Rejects the next n recipients with a temporary error (451). */
  rejectNext(n: number): void;
  close(): Promise<void>;
}

async function startSmtp(options: { delayMs?: number } = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  let reject = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (reject > 0) {
        reject--;
        return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        setTimeout(() => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('latin1'),
          });
          callback();
        }, options.delayMs ?? 0);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    rejectNext(n) {
      reject = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The decoded parts of a MIME message: headers (lower-cased names) and body. */
function mimeParts(raw: string): { headers: string; body: Buffer }[] {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const chunks = boundary ? raw.split(`--${boundary}`).slice(1, -1) : [raw];
  return chunks.map((chunk) => {
    const split = chunk.indexOf('\r\n\r\n');
    const headers = chunk.slice(0, split).replace(/\r\n\s+/g, ' ');
    const content = chunk.slice(split + 4);
    const body = /content-transfer-encoding:\s*base64/i.test(headers)
      ? Buffer.from(content.replace(/\s+/g, ''), 'base64')
      : /content-transfer-encoding:\s*quoted-printable/i.test(headers)
        ? Buffer.from(
            content
              .replace(/=\r\n/g, '')
              .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          )
        : Buffer.from(content, 'latin1');
    return { headers, body };
  });
}

function header(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n\s+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1];
}

let database: TestDatabase;
let db: Kysely<Database>;
let smtp: TestSmtp;
let mailer: Mailer;
const quiet = { log: () => {} };

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
  await migrateToLatest(db);
  smtp = await startSmtp({ delayMs: 10 });
  mailer = createMailer({
    smtpUrl: smtp.url,
    mailFrom: 'Loket Test <loket@test.loket.nl>',
    dataDir: tmpdir(),
  });
});

afterAll(async () => {
  mailer?.close();
  await smtp?.close();
  await database?.drop();
});

afterEach(async () => {
  // Each test starts with an empty outbox, so one test's failures are not another's due messages.
  await db.deleteFrom('outbox_message').execute();
  smtp.rejectNext(0);
  smtp.received.length = 0;
});

let counter = 0;

async function createReferral(): Promise<{ id: string; reference: string }> {
  const id = randomUUID();
  const reference = `VW-2026-${String(++counter).padStart(6, '0')}`;
  const now = new Date();
  await db
    .insertInto('referral')
    .values({
      id,
      reference,
      kind: 'referral',
      state: 'accepted',
      department_id: 'cardiology',
      channel: 'portal',
      urgency_requested: 'routine',
      patient: '{}',
      letter: '{}',
      confirmations: '[]',
      assigned_specialists: '[]',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, reference };
}

async function referralWithLetter(recipientRole: 'patient' | 'family-doctor' = 'family-doctor') {
  const referral = await createReferral();
  const letter = await db.transaction().execute((trx) =>
    storeLetter(trx, {
      referralId: referral.id,
      input: { ...exampleLetter('appointment-confirmation', 'nl'), reference: referral.reference },
      recipientRole,
      createdBy: null,
    }),
  );
  return { referral, letter };
}

async function outboxRow(id: number) {
  return db.selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('letters on the referral', () => {
  it('R-COM-03: a letter is kept as a PDF on the referral, with its SHA-256', async () => {
    const { referral, letter } = await referralWithLetter();
    const stored = await readLetterPdf(db, letter.id);
    expect(stored).toMatchObject({
      referralId: referral.id,
      reference: referral.reference,
      type: 'appointment-confirmation',
      language: 'nl',
      recipientRole: 'family-doctor',
      recipientName: 'Dr. J. de Vries',
      sha256: letter.sha256,
      filename: `appointment-confirmation-${referral.reference}.pdf`,
    });
    expect(createHash('sha256').update(stored!.pdf).digest('hex')).toBe(letter.sha256);
    const text = (
      await extractText(await getDocumentProxy(new Uint8Array(stored!.pdf)), { mergePages: true })
    ).text;
    expect(text).toContain(referral.reference);
    expect(text).toContain('999990019'); // a letter to the family doctor carries the BSN
    expect(await readLetterPdf(db, randomUUID())).toBeNull();
  });

  it('leaves the BSN out of a letter to the patient', async () => {
    const { letter } = await referralWithLetter('patient');
    const stored = await readLetterPdf(db, letter.id);
    const text = (
      await extractText(await getDocumentProxy(new Uint8Array(stored!.pdf)), { mergePages: true })
    ).text;
    expect(text).not.toContain('999990019');
  });
});

describe('the outbox', () => {
  it('R-COM-03: delivers a queued letter over SMTP to its recipient, with the PDF attached', async () => {
    const { referral, letter } = await referralWithLetter();
    const id = await enqueueMessage(db, {
      referralId: referral.id,
      letterId: letter.id,
      recipient: 'huisarts@praktijk.test',
      subject: `Bevestiging eerste afspraak ${referral.reference}`,
      body: `Geachte collega,\n\nIn de bijlage vindt u de bevestiging van de eerste afspraak (${referral.reference}).`,
    });
    expect((await outboxRow(id)).status).toBe('pending');

    const worker = new OutboxWorker(db, mailer, quiet);
    expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0, dead: 0 });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['huisarts@praktijk.test']);
    expect(header(mail.raw, 'subject')).toBe(`Bevestiging eerste afspraak ${referral.reference}`);
    expect(header(mail.raw, 'message-id')).toMatch(
      new RegExp(`^<loket-outbox-${id}\\.\\d+@test\\.loket\\.nl>$`),
    );
    const parts = mimeParts(mail.raw);
    expect(parts.find((p) => /text\/plain/i.test(p.headers))?.body.toString('utf8')).toContain(
      'In de bijlage vindt u de bevestiging',
    );
    const pdf = parts.find((p) => /application\/pdf/i.test(p.headers));
    expect(pdf?.headers).toContain(`appointment-confirmation-${referral.reference}.pdf`);
    expect(createHash('sha256').update(pdf!.body).digest('hex')).toBe(letter.sha256);

    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(row.sent_at).toBeInstanceOf(Date);

    // Delivery is visible on the referral.
    expect(await deliveryState(db, referral.id)).toEqual([
      expect.objectContaining({
        id,
        letterId: letter.id,
        letterType: 'appointment-confirmation',
        recipient: 'huisarts@praktijk.test',
        status: 'sent',
        attempts: 1,
        lastError: null,
        nextAttemptAt: null,
        sentAt: row.sent_at,
      }),
    ]);

    // Sent is sent: a later run does not send it again.
    expect(await worker.runOnce(new Date(Date.now() + 86_400_000))).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('R-COM-03: retries a message the server refused, not before its time, until it is delivered', async () => {
    const referral = await createReferral();
    const t0 = new Date();
    const id = await enqueueMessage(
      db,
      {
        referralId: referral.id,
        letterId: null,
        recipient: 'verwijzer@praktijk.test',
        subject: `Verwijzing ${referral.reference}`,
        body: 'Er is nieuws over uw verwijzing.',
      },
      t0,
    );
    const worker = new OutboxWorker(db, mailer, { ...quiet, baseDelayMs: 60_000 });

    smtp.rejectNext(1);
    expect(await worker.runOnce(t0)).toEqual({ sent: 0, failed: 1, dead: 0 });
    let row = await outboxRow(id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/451/);
    expect(row.last_error).not.toContain('verwijzer@praktijk.test');
    const wait = row.next_attempt_at.getTime() - t0.getTime();
    expect(wait).toBeGreaterThanOrEqual(60_000);
    expect(wait).toBeLessThanOrEqual(66_000);
    expect(smtp.received).toHaveLength(0);
    const [state] = await deliveryState(db, referral.id);
    expect(state).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: row.next_attempt_at });

    // Not before its time.
    expect(await worker.runOnce(new Date(t0.getTime() + 59_000))).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect((await outboxRow(id)).attempts).toBe(1);

    // A later run delivers it.
    expect(await worker.runOnce(new Date(t0.getTime() + 67_000))).toEqual({ sent: 1, failed: 0, dead: 0 });
    row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(smtp.received.map((m) => m.to)).toEqual([['verwijzer@praktijk.test']]);
  });

  it('R-COM-03: backs off exponentially, up to the longest delay', () => {
    const worker = new OutboxWorker(db, mailer, {
      baseDelayMs: 1000,
      maxDelayMs: 10_000,
      random: () => 0,
    });
    expect([1, 2, 3, 4, 5, 10].map((n) => worker.retryDelayMs(n))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    const jittered = new OutboxWorker(db, mailer, { baseDelayMs: 1000, random: () => 0.999 });
    expect(jittered.retryDelayMs(1)).toBe(1100);
  });

  it('R-COM-03: gives a message up as dead after the most attempts, and shows it', async () => {
    const referral = await createReferral();
    let now = new Date();
    const id = await enqueueMessage(
      db,
      {
        referralId: referral.id,
        letterId: null,
        recipient: 'onbereikbaar@praktijk.test',
        subject: `Verwijzing ${referral.reference}`,
        body: 'Er is nieuws over uw verwijzing.',
      },
      now,
    );
    const worker = new OutboxWorker(db, mailer, { ...quiet, maxAttempts: 3, baseDelayMs: 1000 });
    smtp.rejectNext(100);
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(await worker.runOnce(now));
      now = new Date(now.getTime() + 3_600_000);
    }
    expect(results).toEqual([
      { sent: 0, failed: 1, dead: 0 },
      { sent: 0, failed: 1, dead: 0 },
      { sent: 0, failed: 0, dead: 1 },
      { sent: 0, failed: 0, dead: 0 },
    ]);
    expect(await outboxRow(id)).toMatchObject({ status: 'dead', attempts: 3 });
    expect(await deliveryState(db, referral.id)).toEqual([
      expect.objectContaining({ status: 'dead', attempts: 3, nextAttemptAt: null, sentAt: null }),
    ]);
    expect(smtp.received).toHaveLength(0);
  });

  it('R-ID-04: refuses a message whose subject or body contains a BSN', async () => {
    const referral = await createReferral();
    const base = {
      referralId: referral.id,
      letterId: null,
      recipient: 'verwijzer@praktijk.test',
      subject: 'Verwijzing',
      body: 'Er is nieuws over uw verwijzing.',
    };
    for (const bsn of ['999990019', '999 99 0019', '9999.90.019', '999.990.019']) {
      const attempt = enqueueMessage(db, { ...base, body: `Patiënt met BSN ${bsn} is uitgenodigd.` });
      await expect(attempt).rejects.toThrow(BsnInMessageError);
      await expect(attempt).rejects.toThrow(/R-ID-04/);
      await expect(attempt).rejects.not.toThrow(bsn);
    }
    await expect(enqueueMessage(db, { ...base, subject: 'BSN 999990019' })).rejects.toThrow(
      BsnInMessageError,
    );
    expect(await deliveryState(db, referral.id)).toEqual([]);
    // The reference and telephone numbers are fine.
    await expect(
      enqueueMessage(db, {
        ...base,
        body: `Kenmerk ${referral.reference}, bel 020 123 4567 of 06-12345672.`,
      }),
    ).resolves.toBeTypeOf('number');
  });

  it('refuses a recipient that is not an e-mail address, and a subject of more than one line', async () => {
    const base = { referralId: null, letterId: null, recipient: 'a@b.test', subject: 'S', body: 'B' };
    await expect(enqueueMessage(db, { ...base, recipient: 'not an address' })).rejects.toThrow(/recipient/);
    await expect(enqueueMessage(db, { ...base, subject: 'S\r\nBcc: x@y.test' })).rejects.toThrow(/subject/);
  });

  it('R-COM-03: two workers deliver each message exactly once', async () => {
    const referral = await createReferral();
    const ids: number[] = [];
    for (let i = 0; i < 12; i++)
      ids.push(
        await enqueueMessage(db, {
          referralId: referral.id,
          letterId: null,
          recipient: `ontvanger${i}@praktijk.test`,
          subject: `Bericht ${i}`,
          body: `Bericht nummer ${i}.`,
        }),
      );
    const a = new OutboxWorker(db, mailer, { ...quiet, batchSize: 50 });
    const b = new OutboxWorker(db, mailer, { ...quiet, batchSize: 50 });
    // PGlite has a single connection, so there the runs take turns; PostgreSQL runs them side by side.
    const [ra, rb] =
      testEngine === 'postgres'
        ? await Promise.all([a.runOnce(), b.runOnce()])
        : [await a.runOnce(), await b.runOnce()];
    expect(ra.sent + rb.sent).toBe(12);
    if (testEngine === 'postgres') {
      expect(ra.sent).toBeGreaterThan(0);
      expect(rb.sent).toBeGreaterThan(0);
    }
    expect(smtp.received).toHaveLength(12);
    expect(new Set(smtp.received.map((m) => m.to[0])).size).toBe(12);
    const states = await deliveryState(db, referral.id);
    expect(states.map((s) => [s.id, s.status, s.attempts])).toEqual(ids.map((id) => [id, 'sent', 1]));
  });

  it('R-COM-03: the polling loop delivers without being asked, and stops cleanly', async () => {
    const referral = await createReferral();
    const id = await enqueueMessage(db, {
      referralId: referral.id,
      letterId: null,
      recipient: 'verwijzer@praktijk.test',
      subject: 'Verwijzing',
      body: 'Er is nieuws over uw verwijzing.',
    });
    const worker = new OutboxWorker(db, mailer, quiet);
    worker.start(20);
    try {
      await expect.poll(async () => (await outboxRow(id)).status, { timeout: 10_000 }).toBe('sent');
    } finally {
      await worker.stop();
    }
    expect(smtp.received).toHaveLength(1);
  });

  it('R-COM-03: without an SMTP server, mail is written as .eml files under the data folder', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'loket-mail-'));
    const fileMailer = createMailer({ mailFrom: 'Loket <loket@demo.loket.nl>', dataDir });
    try {
      expect(fileMailer.kind).toBe('file');
      const { referral, letter } = await referralWithLetter();
      await enqueueMessage(db, {
        referralId: referral.id,
        letterId: letter.id,
        recipient: 'huisarts@praktijk.test',
        subject: `Bevestiging eerste afspraak ${referral.reference}`,
        body: 'In de bijlage vindt u de bevestiging.',
      });
      expect(await new OutboxWorker(db, fileMailer, quiet).runOnce()).toEqual({
        sent: 1,
        failed: 0,
        dead: 0,
      });
      const files = await readdir(join(dataDir, 'mail'));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const raw = await readFile(join(dataDir, 'mail', files[0]!), 'latin1');
      expect(header(raw, 'to')).toBe('huisarts@praktijk.test');
      expect(header(raw, 'from')).toBe('Loket <loket@demo.loket.nl>');
      expect(header(raw, 'subject')).toBe(`Bevestiging eerste afspraak ${referral.reference}`);
      const pdf = mimeParts(raw).find((p) => /application\/pdf/i.test(p.headers));
      expect(createHash('sha256').update(pdf!.body).digest('hex')).toBe(letter.sha256);
      expect(smtp.received).toHaveLength(0);
    } finally {
      fileMailer.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
