import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { readAccount, type AccountRecord, type Database } from '@loket/db';
import { referrerKindOf, type ActorFacts, type ReferrerKind, type Role } from '@loket/domain';
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
  if (!request.principal || !request.account) throw new HttpError(401, 'sign-in-required');
  return actorFor(
    db,
    request.principal.userId,
    request.actor.accessPoint,
    request.account,
    request.patientIds,
  );
}

/**
 * The acting user: for requests (with the account the access check already read), and for jobs and demo data
 * that act as someone.
 */
export async function actorFor(
  db: Kysely<Database>,
  userId: string,
  accessPoint: string | null,
  known?: AccountRecord,
  knownPatientIds?: string[] | null,
): Promise<ReferralActor> {
  const [account, patientIds] = await Promise.all([
    known ?? readAccount(db, userId),
    knownPatientIds ??
      db
        .selectFrom('patient_account')
        .select('patient_id')
        .where('user_id', '=', userId)
        .execute()
        .then((rows) => rows.map((x) => x.patient_id)),
  ]);
  if (!account || account.disabledAt) throw new HttpError(401, 'sign-in-required');
  const roles = account.roles as Role[];
  return {
    userId,
    roles,
    departmentIds: account.departmentIds,
    organisationId: account.organisationId,
    agbCode: account.agbCode,
    patientIds,
    name: account.name,
    email: account.email,
    specialism: account.specialism,
    referrerKind: roles.includes('referrer') ? referrerKindOf(account.agbCode) : null,
    audit: { userId, userName: account.name, role: roles.join(','), accessPoint },
  };
}
