import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/trail.ts';
import { HttpError } from '../http/errors.ts';

/** The signed-in member of staff, with what the relationship checks and the records need. */
export interface StaffActor {
  userId: string;
  name: string;
  departmentIds: readonly string[];
  audit: AuditActor;
}

export function staffActor(request: FastifyRequest): StaffActor {
  if (!request.principal || !request.account) throw new HttpError(401, 'sign-in-required');
  return {
    userId: request.principal.userId,
    name: request.account.name,
    departmentIds: request.principal.departmentIds,
    audit: request.actor,
  };
}
