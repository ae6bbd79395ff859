import type { Task } from '@medplum/fhirtypes';
import { fhirTaskStatus, letterItems, type ReferralState } from '@loket/domain';
import { FhirError } from './outcome.ts';

/**
 * A referring system changes its Task with a PUT (update). Loket is not a Task store: the new Task is read as a
 * request for one step of the referral state machine, taken through the ReferralService like the same button in
 * the web app. Two steps are open to the referrer:
 * - cancel: Task.status "cancelled" with Task.statusReason.text as the reason;
 * - supplement (answer a request for more information): the Task is on-hold (businessStatus
 *   awaiting-information) and the PUT sets Task.status back to "received", with the answers in Task.input
 *   (type.coding = letter item of LETTER_ITEM_SYSTEM, valueString) and an optional Task.note as the message.
 * Everything else in the PUT must be what Loket already says; a change Loket cannot make is refused.
 */
export const LETTER_ITEM_SYSTEM = 'https://loket.nl/fhir/CodeSystem/letter-item';

export type TaskChange =
  | { action: 'cancel'; input: { reason: string } }
  | {
      action: 'supplement';
      input: { letter?: Record<string, string>; message?: string | null };
    };

/** The version the client says it changed: If-Match `W/"3"` (or `"3"`), else meta.versionId. */
export function expectedVersion(ifMatch: string | undefined, task: Task): number {
  const raw = ifMatch ?? task.meta?.versionId;
  if (raw === undefined)
    throw new FhirError(
      428,
      'required',
      'Send If-Match: W/"<versionId>" with the version of the Task you read, so a change made meanwhile is not overwritten.',
    );
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(raw.trim());
  if (!m) throw new FhirError(400, 'invalid', `If-Match "${raw}" is not a version; send W/"<versionId>".`);
  return Number(m[1]);
}

export function taskChange(task: Task, id: string, state: ReferralState): TaskChange {
  if (task.resourceType !== 'Task') throw new FhirError(400, 'invalid', 'The body must be a Task.');
  if (task.id !== id)
    throw new FhirError(400, 'invalid', `Task.id "${task.id ?? ''}" is not the id in the URL (${id}).`);
  const current = fhirTaskStatus[state].status;
  if (task.status === 'cancelled' && current !== 'cancelled') {
    const reason = task.statusReason?.text?.trim();
    if (!reason) throw new FhirError(400, 'required', 'To cancel, say why in Task.statusReason.text.');
    return { action: 'cancel', input: { reason } };
  }
  if (state === 'awaiting-information' && (task.status === 'received' || task.status === 'requested')) {
    const letter: Record<string, string> = {};
    for (const [i, input] of (task.input ?? []).entries()) {
      const code = input.type?.coding?.find((c) => c.system === LETTER_ITEM_SYSTEM)?.code;
      if (!code || !(letterItems as readonly string[]).includes(code))
        throw new FhirError(
          400,
          'invalid',
          `Task.input[${i}].type: use a coding of ${LETTER_ITEM_SYSTEM} with one of: ${letterItems.join(', ')}.`,
        );
      if (typeof input.valueString !== 'string')
        throw new FhirError(400, 'invalid', `Task.input[${i}] needs valueString.`);
      letter[code] = input.valueString;
    }
    const message = (task.note ?? []).map((n) => n.text).join('\n') || null;
    return {
      action: 'supplement',
      input: { ...(Object.keys(letter).length ? { letter } : {}), message },
    };
  }
  if (task.status === current)
    throw new FhirError(
      422,
      'business-rule',
      'Nothing to do: the Task already has this status. A referrer can cancel (status "cancelled") or, while the Task is on-hold for more information, answer (status "received" with Task.input).',
    );
  throw new FhirError(
    422,
    'business-rule',
    `A referring system cannot move the Task from "${current}" to "${task.status}". It can cancel (status "cancelled" with statusReason.text) or, while the Task is on-hold for more information, answer it (status "received" with Task.input).`,
  );
}
