import type { IncidentEventRow, IncidentRow } from '@loket/db';
import {
  availableIncidentActions,
  incidentActions,
  incidentCareSettings,
  incidentStates,
  mayWriteIncidentMessage,
  type IncidentAccess,
} from '@loket/domain';
import { z } from 'zod';

/** A report as its reporter and the transmural team see it: the report, its history and messages, the conclusion. */
export const IncidentViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  state: z.enum(incidentStates),
  access: z.enum(['team', 'reporter']),
  availableActions: z.array(z.enum(incidentActions)),
  mayWriteMessage: z.boolean(),
  reporter: z.object({
    name: z.string(),
    organisation: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string(),
  }),
  occurredOn: z.string(),
  occurredUntil: z.string().nullable(),
  description: z.string(),
  suggestions: z.string().nullable(),
  departmentId: z.string(),
  careSetting: z.enum(incidentCareSettings),
  patient: z.object({
    initials: z.string(),
    birthName: z.string(),
    birthDate: z.string(),
    hospitalNumber: z.string().nullable(),
  }),
  consequences: z.string(),
  actionTaken: z.string().nullable(),
  referral: z.object({ id: z.string(), reference: z.string() }).nullable(),
  conclusion: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  closedAt: z.date().nullable(),
  history: z.array(
    z.object({
      id: z.number(),
      at: z.date(),
      type: z.enum(['reported', 'state-changed', 'message']),
      side: z.enum(['reporter', 'team']),
      actorName: z.string(),
      fromState: z.string().nullable(),
      toState: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
});

export const IncidentListItemSchema = z.object({
  id: z.string(),
  reference: z.string(),
  state: z.enum(incidentStates),
  departmentId: z.string(),
  careSetting: z.enum(incidentCareSettings),
  occurredOn: z.string(),
  occurredUntil: z.string().nullable(),
  reporterName: z.string(),
  reporterOrganisation: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  closedAt: z.date().nullable(),
});

export function incidentView(
  r: IncidentRow,
  access: IncidentAccess,
  events: IncidentEventRow[],
  referral: { id: string; reference: string } | null,
) {
  return {
    id: r.id,
    reference: r.reference,
    state: r.state,
    access,
    availableActions: availableIncidentActions(access, r.state),
    mayWriteMessage: mayWriteIncidentMessage(access, r.state),
    reporter: r.reporter,
    occurredOn: r.occurred_on,
    occurredUntil: r.occurred_until,
    description: r.description,
    suggestions: r.suggestions,
    departmentId: r.department_id,
    careSetting: r.care_setting,
    patient: r.patient,
    consequences: r.consequences,
    actionTaken: r.action_taken,
    referral,
    conclusion: r.conclusion,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    history: events.map((e) => ({
      id: e.id,
      at: e.at,
      type: e.type,
      side: e.side,
      actorName: e.actor_name,
      fromState: e.from_state,
      toState: e.to_state,
      note: e.note,
    })),
  };
}
