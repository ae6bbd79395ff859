import { createHash, randomBytes } from 'node:crypto';

/**
 * A referrer's client as a careful integration would write it (R-REF-10): every write carries an
 * Idempotency-Key, and is repeated with the same key, body and file until the server acknowledges it, whatever
 * happened in between (connection reset by a killed server, a 5xx while the database restarts, a timeout).
 * An answer the retry rule does not cover (a 4xx other than 401) is a harness failure, not something to retry.
 */

export interface Acknowledged {
  marker: string;
  referralId: string;
  documentId: string;
  sha256: string;
  size: number;
}

export interface ClientStats {
  /** Steps (draft, upload, submit) the server acknowledged. */
  acknowledgedSteps: number;
  requests: number;
  retries: number;
  networkErrors: number;
  serverErrors: number;
  signIns: number;
}

export class UnexpectedAnswer extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ReferrerClient {
  readonly #baseUrl: string;
  readonly #email: string;
  readonly #password: string;
  #cookie = '';
  readonly stats: ClientStats = {
    acknowledgedSteps: 0,
    requests: 0,
    retries: 0,
    networkErrors: 0,
    serverErrors: 0,
    signIns: 0,
  };

  constructor(baseUrl: string, email: string, password: string) {
    this.#baseUrl = baseUrl;
    this.#email = email;
    this.#password = password;
  }

  /** One request, repeated until it is answered with 2xx; 401 signs in again first. */
  async #untilAcknowledged(what: string, make: () => RequestInit & { path: string }): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
      }
      if (attempt > 2000) throw new Error(`${what}: still not acknowledged after 2000 attempts`);
      if (!this.#cookie) {
        try {
          await this.signIn();
        } catch {
          continue;
        }
      }
      const { path, ...init } = make();
      let res: Response;
      try {
        this.stats.requests++;
        res = await fetch(`${this.#baseUrl}${path}`, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), cookie: this.#cookie },
          signal: AbortSignal.timeout(15_000),
        });
      } catch {
        this.stats.networkErrors++;
        continue;
      }
      if (res.ok) {
        this.stats.acknowledgedSteps++;
        return res;
      }
      const body = await res.text().catch(() => '');
      if (res.status >= 500 || res.status === 429) {
        this.stats.serverErrors++;
        continue;
      }
      if (res.status === 401) {
        this.#cookie = '';
        continue;
      }
      throw new UnexpectedAnswer(`${what}: ${res.status} ${body.slice(0, 300)}`);
    }
  }

  async signIn(): Promise<void> {
    const res = await fetch(`${this.#baseUrl}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.#baseUrl },
      body: JSON.stringify({ email: this.#email, password: this.#password }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${text.slice(0, 200)}`);
    this.#cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .filter((c) => !c.endsWith('='))
      .join('; ');
    this.stats.signIns++;
  }

  /** Draft, document, submit: each step acknowledged before the next; returns what the server acknowledged. */
  async referOnce(marker: string): Promise<Acknowledged> {
    const draft = {
      departmentId: 'internal-medicine',
      kind: 'new-referral',
      urgency: 'routine',
      patient: {
        noBsnReason: 'Crash harness: synthetic patient without a BSN',
        givenName: 'Test',
        familyName: 'Crash',
        birthDate: '1950-03-01',
        street: 'Albinusdreef',
        houseNumber: '2',
        postcode: '2333 ZA',
        city: 'Leiden',
      },
      familyDoctor: { name: 'Dr. A. de Vries', agbCode: '01999001', email: 'huisarts@example.org' },
      letter: { reason: `Anaemia of unknown cause [${marker}]`, 'urgency-period': 'within 4 weeks' },
    };
    const created = await this.#untilAcknowledged('create', () => ({
      path: '/api/referrals',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `${marker}.create` },
      body: JSON.stringify(draft),
    }));
    const referralId = ((await created.json()) as { id: string }).id;

    // A letter of 16 to 48 KiB of random text: every document differs, so a mix-up shows as a hash mismatch.
    const content = Buffer.from(
      `Crash harness document ${marker}\n${randomBytes(12_000 + Math.floor(Math.random() * 24_000)).toString('base64')}\n`,
    );
    const sha256 = createHash('sha256').update(content).digest('hex');
    const uploaded = await this.#untilAcknowledged('upload', () => {
      const form = new FormData();
      form.append('kind', 'other');
      form.append('file', new Blob([content], { type: 'text/plain' }), `brief-${marker}.txt`);
      return {
        path: `/api/referrals/${referralId}/documents`,
        method: 'POST',
        headers: { 'idempotency-key': `${marker}.document` },
        body: form,
      };
    });
    const doc = (await uploaded.json()) as { id: string; sha256: string };
    if (doc.sha256 !== sha256) throw new UnexpectedAnswer(`upload: the server hashed ${doc.sha256}`);

    await this.#untilAcknowledged('submit', () => ({
      path: `/api/referrals/${referralId}/submit`,
      method: 'POST',
      headers: { 'idempotency-key': `${marker}.submit` },
    }));
    return { marker, referralId, documentId: doc.id, sha256, size: content.length };
  }
}
