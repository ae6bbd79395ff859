import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { readAccount, type Database } from '@loket/db';
import { referrerKindOf, type ActorFacts, type ReferrerKind } from '@loket/domain';
import type { AuditActor } from '../audit/trail.ts';
import { HttpError } from '../http/errors.ts';

/** Who is acting on referrals: the access facts plus what letters and the timeline need. */
export interface ReferralActor extends ActorFacts {
  name: string;
  email: string;
  specialism: string | null;
  referrerKind: ReferrerKind | null;
  audit: AuditActor;
}

export async function referralActor(db: Kysely<Database>, request: FastifyRequest): Promise<ReferralActor> {
  const p = request.principal;
  if (!p) throw new HttpError(401, 'sign-in-required');
  const [account, patients] = await Promise.all([
    readAccount(db, p.userId),
    db.selectFrom('patient_account').select('patient_id').where('user_id', '=', p.userId).execute(),
  ]);
  if (!account) throw new HttpError(401, 'sign-in-required');
  return {
    userId: p.userId,
    roles: p.roles,
    departmentIds: p.departmentIds,
    organisationId: p.organisationId,
    agbCode: account.agbCode,
    patientIds: patients.map((x) => x.patient_id),
    name: account.name,
    email: account.email,
    specialism: account.specialism,
    referrerKind: p.roles.includes('referrer') ? referrerKindOf(account.agbCode) : null,
    audit: request.actor,
  };
}
