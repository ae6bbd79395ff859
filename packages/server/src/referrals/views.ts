import type { Kysely, Selectable } from 'kysely';
import { listEvents, type Database, type ReferralDocumentTable, type ReferralRow } from '@loket/db';
import {
  availableActions,
  deadlineStatus,
  fhirTaskStatus,
  relationships,
  type Department,
  type Hospital,
  type ReferralPolicy,
  type ReferralState,
} from '@loket/domain';
import { quickDiagnosisView } from '../quick-diagnosis/clock.ts';
import { secondOpinionDraftOf } from '../second-opinions/request.ts';
import type { ReferralActor } from './actor.ts';
import { referralFacts, type ReferralService } from './service.ts';

/** How much of a referral a viewer sees: staff everything, referrers and the family doctor the professional view, the patient what concerns them. */
export type ViewerLevel = 'staff' | 'professional' | 'patient';

export function viewerLevel(actor: ReferralActor, r: ReferralRow): ViewerLevel {
  const rel = relationships(actor, referralFacts(r));
  if (rel.some((x) => x === 'back-office' || x === 'triage-supervisor' || x === 'specialist')) return 'staff';
  if (rel.some((x) => x === 'referrer-owner' || x === 'family-doctor')) return 'professional';
  return 'patient';
}

const visibleTo: Record<ViewerLevel, readonly string[]> = {
  staff: ['everyone', 'professionals', 'staff'],
  professional: ['everyone', 'professionals'],
  patient: ['everyone'],
};

/** For an urgent referral, the phone route to a direct consultation (R-REF-07). */
function urgentRoute(department: Department, hospital: Hospital) {
  const contact =
    department.contacts.find((c) => c.phone && c.purposes.includes('urgent-consultation')) ??
    department.contacts.find((c) => c.phone && c.purposes.includes('peer-consultation'));
  return {
    phone: contact?.phone ?? department.outOfHours?.phone ?? hospital.mainPhone,
    label: contact?.label ?? department.outOfHours?.text ?? hospital.mainPhoneText,
    phoneNote: contact?.phoneNote ?? null,
    outOfHoursPhone: department.outOfHours?.phone ?? hospital.mainPhone,
  };
}

export async function referralView(
  db: Kysely<Database>,
  service: ReferralService,
  actor: ReferralActor,
  r: ReferralRow,
  context: {
    department: Department;
    hospital: Hospital;
    policy: ReferralPolicy;
    holidays: ReadonlySet<string>;
    today: string;
    /** Made in this very request (a new draft). */
    fresh?: boolean;
  },
) {
  const level = viewerLevel(actor, r);
  // A draft made in this request has no documents, letters or messages yet: no need to ask.
  const none = <T>(): Promise<T[]> => Promise.resolve([]);
  const [events, documents, letters, messages, duplicate, quickDiagnosis] = await Promise.all([
    listEvents(db, r.id),
    context.fresh
      ? none<Selectable<ReferralDocumentTable>>()
      : db
          .selectFrom('referral_document')
          .selectAll()
          .where('referral_id', '=', r.id)
          .orderBy('uploaded_at')
          .execute(),
    context.fresh
      ? none<never>()
      : db
          .selectFrom('letter')
          // R-CON-03: a letter that waits for consent says so, and since when (see consent/holds.ts).
          .leftJoin('letter_hold as hold', 'hold.letter_id', 'letter.id')
          .select([
            'letter.id',
            'letter.type',
            'letter.language',
            'letter.recipient_role',
            'letter.recipient_name',
            'letter.created_at',
            'letter.channel',
            'hold.held_at',
            'hold.released_at',
          ])
          .where('letter.referral_id', '=', r.id)
          .orderBy('letter.created_at')
          .execute(),
    context.fresh
      ? none<never>()
      : db
          .selectFrom('outbox_message')
          .select([
            'id',
            'letter_id',
            'recipient',
            'subject',
            'status',
            'attempts',
            'last_error',
            'created_at',
            'sent_at',
            'next_attempt_at',
          ])
          .where('referral_id', '=', r.id)
          .orderBy('id')
          .execute(),
    r.duplicate_of
      ? db
          .selectFrom('referral')
          .select(['id', 'reference'])
          .where('id', '=', r.duplicate_of)
          .executeTakeFirst()
      : undefined,
    quickDiagnosisView(db, r, context),
  ]);
  const evaluation = await service.evaluate(
    r,
    db,
    context.department,
    documents.map((d) => d.kind),
  );
  const status = (due: string | null) =>
    due ? deadlineStatus(due, context.today, context.policy, context.holidays) : null;
  const open = !['draft', 'rejected', 'completed', 'cancelled'].includes(r.state);
  const triageOpen = ['received', 'in-triage', 'awaiting-information'].includes(r.state);
  const seenOpen = ['accepted', 'scheduled'].includes(r.state);
  const patientLetters =
    level === 'patient' ? letters.filter((l) => l.recipient_role === 'patient') : letters;
  const urgent = (r.urgency ?? r.urgency_requested) === 'urgent';
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    state: r.state as ReferralState,
    fhir: fhirTaskStatus[r.state as ReferralState],
    departmentId: r.department_id,
    carePathId: r.care_path_id,
    subClinicId: r.sub_clinic_id,
    channel: r.channel,
    urgencyRequested: r.urgency_requested,
    urgency: r.urgency,
    patient: r.patient,
    letter: level === 'patient' ? {} : r.letter,
    confirmations: r.confirmations,
    referrer: {
      name: r.referrer_name,
      agbCode: r.referrer_agb,
      specialism: r.referrer_specialism,
      email: level === 'patient' ? null : r.referrer_email,
    },
    createdAt: r.created_at,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    triage: {
      due: r.triage_due,
      status: triageOpen ? status(r.triage_due) : null,
      deadline: r.triage_deadline,
    },
    seenWithin: {
      due: r.seen_within,
      status: seenOpen ? status(r.seen_within) : null,
      deadline: r.seen_within_deadline,
    },
    assignedSpecialists: r.assigned_specialists,
    claimedBy: level === 'staff' ? { id: r.claimed_by, name: r.claimed_by_name } : null,
    decision: r.decision,
    appointment: r.appointment,
    missingRequested: r.missing_requested,
    duplicateOf: level === 'staff' && duplicate ? duplicate : null,
    mergedInto: r.merged_into,
    closedReason: r.closed_reason,
    quickDiagnosis,
    secondOpinion: await secondOpinionDraftOf(db, r),
    version: r.version,
    viewer: level,
    evaluation: level === 'patient' ? null : evaluation,
    urgentRoute:
      urgent && open && level !== 'patient' ? urgentRoute(context.department, context.hospital) : null,
    timeline: events
      .filter((e) => visibleTo[level].includes(e.visibility))
      .map((e) => ({
        id: e.id,
        at: e.at,
        type: e.type,
        actorName: e.actor_name,
        actorRole: level === 'patient' ? null : e.actor_role,
        from: e.from_state,
        to: e.to_state,
        note: e.note,
        data: level === 'patient' ? {} : e.data,
      })),
    documents:
      level === 'patient'
        ? []
        : documents.map((d) => ({
            id: d.id,
            kind: d.kind,
            origin: d.origin,
            filename: d.filename,
            mediaType: d.media_type,
            size: d.size,
            sha256: d.sha256,
            uploadedAt: d.uploaded_at,
            uploadedBy: d.uploaded_by_name,
          })),
    letters: patientLetters.map((l) => ({
      id: l.id,
      type: l.type,
      language: l.language,
      recipientRole: l.recipient_role,
      recipientName: l.recipient_name,
      createdAt: l.created_at,
      channel: l.channel,
      waitingForConsentSince: l.held_at && !l.released_at ? l.held_at : null,
    })),
    messages:
      level === 'patient'
        ? []
        : messages.map((m) => ({
            id: m.id,
            letterId: m.letter_id,
            recipient: m.recipient,
            subject: m.subject,
            status: m.status,
            attempts: m.attempts,
            lastError: level === 'staff' ? m.last_error : null,
            createdAt: m.created_at,
            sentAt: m.sent_at,
            nextAttemptAt: m.status === 'sent' ? null : m.next_attempt_at,
          })),
    availableActions: availableActions(actor, referralFacts(r), {
      missing: r.state === 'draft' ? evaluation.essentialMissing : evaluation.missing.length,
      blockers: evaluation.blocking,
    }),
  };
}

export type ReferralView = Awaited<ReturnType<typeof referralView>>;
