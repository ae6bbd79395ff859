import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { canonicalJson, type Database } from '@loket/db';
import { HttpError } from './errors.ts';

/**
 * Idempotency-Key (R-REF-10): a retried POST with the same key and body gets the first answer; the same key with
 * another body is refused. The key is claimed inside the business transaction: a concurrent request with the same
 * key waits on the row, then replays; a crash before commit leaves no trace, so the retry simply does the work.
 */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  scope: string;
  bodyHash: string;
}

export class IdempotentReplay extends Error {
  readonly status: number;
  readonly response: unknown;
  constructor(status: number, response: unknown) {
    super('idempotent replay');
    this.status = status;
    this.response = response;
  }
}

export function idempotencyOf(request: FastifyRequest, scope: string): IdempotencyClaim | null {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !request.principal) return null;
  if (!/^[\w.:-]{8,200}$/.test(key))
    throw new HttpError(400, 'invalid-input', {
      problems: [
        {
          path: 'Idempotency-Key',
          message: 'must be 8 to 200 letters, digits, dots, colons, dashes or underscores',
        },
      ],
    });
  const bodyHash = createHash('sha256')
    .update(scope)
    .update('\n')
    .update(canonicalJson(request.body ?? null))
    .digest('hex');
  return { userId: request.principal.userId, key, scope, bodyHash };
}

/**
 * Claims the key in this transaction, or throws the earlier answer (IdempotentReplay) or a conflict. When the answer
 * is known before the work (a create whose id is chosen up front), it is stored with the claim, which saves
 * `recordIdempotency`'s round trip: if the work fails, the claim and its answer roll back together.
 */
export async function claimIdempotency(
  trx: Transaction<Database>,
  claim: IdempotencyClaim | null,
  answer?: { status: number; response: unknown },
): Promise<void> {
  if (!claim) return;
  const inserted = await trx
    .insertInto('idempotency_key')
    .values({
      user_id: claim.userId,
      key: claim.key,
      scope: claim.scope,
      body_hash: claim.bodyHash,
      status: answer?.status ?? null,
      response: answer ? JSON.stringify(answer.response) : null,
      created_at: new Date(),
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return;
  const existing = await trx
    .selectFrom('idempotency_key')
    .selectAll()
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow();
  if (existing.body_hash !== claim.bodyHash || existing.scope !== claim.scope)
    throw new HttpError(422, 'idempotency-conflict');
  throw new IdempotentReplay(existing.status ?? 200, existing.response);
}

export async function recordIdempotency(
  trx: Transaction<Database>,
  claim: IdempotencyClaim | null,
  status: number,
  response: unknown,
): Promise<void> {
  if (!claim) return;
  await trx
    .updateTable('idempotency_key')
    .set({ status, response: JSON.stringify(response) })
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .execute();
}
