import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { multipartBody, multipartContentType } from '../../testing/multipart.ts';

/**
 * The crash harness retries every write until it is acknowledged; a document upload whose answer was lost
 * (the server was killed after the commit) must then not become a second document. Found by the harness:
 * uploads took no Idempotency-Key, so each retry added another copy.
 */
let t: TestApp;
let gp: string;
let referralId: string;

const draft = {
  departmentId: 'internal-medicine',
  kind: 'new-referral',
  urgency: 'routine',
  patient: { noBsnReason: 'Test patient', familyName: 'Crash', birthDate: '1950-03-01' },
  letter: { reason: 'Anaemia of unknown cause', 'urgency-period': 'within 4 weeks' },
};

const upload = (content: string, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/referrals/${referralId}/documents`,
    headers: {
      cookie: gp,
      'content-type': multipartContentType,
      ...(key ? { 'idempotency-key': key } : {}),
    },
    payload: multipartBody([
      { name: 'kind', value: 'other' },
      { name: 'file', filename: 'brief.txt', type: 'text/plain', data: Buffer.from(content) },
    ]),
  });

const documentCount = async () => {
  const { n } = await t.app.loket.db
    .selectFrom('referral_document')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('referral_id', '=', referralId)
    .executeTakeFirstOrThrow();
  return Number(n);
};

beforeAll(async () => {
  t = await createTestApp();
  gp = await t.signIn((await t.createUser(['referrer'])).email);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/referrals',
    headers: { cookie: gp },
    payload: draft,
  });
  expect(created.statusCode).toBe(201);
  referralId = created.json().id;
});
afterAll(() => t?.close());

describe('document uploads retried after a crash', () => {
  it('R-REF-10: an upload repeated with the same Idempotency-Key and file adds one document and answers the first answer again', async () => {
    const first = await upload('Letter one, the original.\n', 'crash-upload-0001');
    expect(first.statusCode).toBe(201);
    const again = await upload('Letter one, the original.\n', 'crash-upload-0001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await documentCount()).toBe(1);
  });

  it('R-REF-10: the same Idempotency-Key with another file is refused, and stores nothing new', async () => {
    const other = await upload('Letter two, another file.\n', 'crash-upload-0001');
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency-conflict');
    expect(await documentCount()).toBe(1);
  });

  it('R-REF-10: without a key every upload is a document of its own, as before', async () => {
    expect((await upload('Letter three.\n')).statusCode).toBe(201);
    expect((await upload('Letter three.\n')).statusCode).toBe(201);
    expect(await documentCount()).toBe(3);
  });

  it('a malformed Idempotency-Key is refused before anything is stored', async () => {
    const bad = await upload('Letter four.\n', 'short');
    expect(bad.statusCode).toBe(400);
    expect(await documentCount()).toBe(3);
  });
});
