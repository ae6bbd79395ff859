import type { Kysely, Transaction } from 'kysely';
import { insertEvent, lockReferral, type Database, type ReferralRow } from '@loket/db';
import {
  canView,
  deadlineStatus,
  dossierChecklist,
  familyDoctorRouteFlag,
  relationships,
  resolveText,
  ReviewOutcomeInputSchema,
  routeNeedsMoreData,
  type DocumentKind,
  type Hospital,
  type Language,
  type ReferralPolicy,
  type ReviewOutcome,
  type SecondOpinionRoute,
} from '@loket/domain';
import type { AuditTrail } from '../audit/trail.ts';
import type { CatalogService } from '../catalog/service.ts';
import { HttpError } from '../http/errors.ts';
import { storeLetter, type LetterChannel, type LetterRecipientRole } from '../letters/letters.ts';
import { enqueueMessage } from '../messages/outbox.ts';
import type { ReferralActor } from '../referrals/actor.ts';
import { referralFacts } from '../referrals/service.ts';
import { viewerLevel } from '../referrals/views.ts';
import { todayInAmsterdam, type SettingsService } from '../settings/service.ts';

/**
 * The second opinion's own reads and its review outcome (R-SO-03, R-SO-06, R-SO-08). The outcome is one transaction:
 * the referral's state and decision, the timeline, the audit record, and the letters to the patient and requester.
 */
const json = (v: unknown) => JSON.stringify(v);

const noConsultWords: Record<string, Record<Language, string>> = {
  'agrees-with-treatment': {
    nl: 'Geen second-opiniongesprek: wij zijn het eens met de voorgestelde behandeling en hebben daar geen aanvullingen op.',
    en: 'No second-opinion consult: we agree with the proposed treatment and have nothing to add to it.',
  },
  'urgency-cannot-be-met': {
    nl: 'Geen second-opiniongesprek: er is een snelheid van handelen nodig waaraan wij op dit moment niet kunnen voldoen.',
    en: 'No second-opinion consult: the treatment needs a speed we cannot meet at this moment.',
  },
  other: { nl: 'Geen second-opiniongesprek.', en: 'No second-opinion consult.' },
};

function outcomeWords(o: ReviewOutcome, lang: Language): string {
  const nl = lang === 'nl';
  switch (o.kind) {
    case 'invite':
      return o.form === 'video'
        ? nl
          ? 'Uitnodiging voor een videoconsult'
          : 'Invitation for a video consult'
        : nl
          ? 'Uitnodiging voor een gesprek op de polikliniek'
          : 'Invitation for a consult in person';
    case 'extra-examinations':
      return nl
        ? 'Eerst is aanvullend onderzoek nodig; daarna volgt de afspraak'
        : 'Extra examinations are needed first; the appointment follows';
    case 'no-consult':
      return noConsultWords[o.reason]![lang];
    case 'refusal':
      return nl
        ? `De second opinion wordt geweigerd om een zwaarwegende reden: ${o.weightyReason}`
        : `The second opinion is refused for a weighty reason: ${o.weightyReason}`;
  }
}

export class SecondOpinionService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private readonly catalog: CatalogService;
  private readonly settings: SettingsService;
  private readonly publicUrl: string;

  constructor(deps: {
    db: Kysely<Database>;
    audit: AuditTrail;
    catalog: CatalogService;
    settings: SettingsService;
    publicUrl: string;
  }) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.catalog = deps.catalog;
    this.settings = deps.settings;
    this.publicUrl = deps.publicUrl;
  }

  /** What the panel shows; every viewer of the referral sees the dossier state, staff the whole request. */
  async view(actor: ReferralActor, referralId: string) {
    const r = await this.db
      .selectFrom('referral')
      .selectAll()
      .where('id', '=', referralId)
      .executeTakeFirst();
    if (!r || !canView(actor, referralFacts(r as ReferralRow))) throw new HttpError(404, 'not-found');
    if (r.kind !== 'second-opinion') throw new HttpError(404, 'not-found');
    const so = await this.db
      .selectFrom('second_opinion')
      .selectAll()
      .where('referral_id', '=', referralId)
      .executeTakeFirst();
    const docs = await this.db
      .selectFrom('referral_document as d')
      .leftJoin('second_opinion_document as s', 's.document_id', 'd.id')
      .select(['d.id', 'd.kind', 'd.filename', 'd.media_type', 'd.uploaded_at', 's.language', 's.dicom'])
      .where('d.referral_id', '=', referralId)
      .orderBy('d.uploaded_at')
      .execute();
    const level = viewerLevel(actor, r as ReferralRow);
    const rel = relationships(actor, referralFacts(r as ReferralRow));
    const staffReview =
      r.state === 'in-triage' && rel.some((x) => x === 'triage-supervisor' || x === 'specialist');
    const canUpload =
      (r.state === 'draft' && rel.includes('referrer-owner')) ||
      (r.state === 'received' && (rel.includes('referrer-owner') || rel.includes('patient-self'))) ||
      (r.state === 'awaiting-information' &&
        (rel.includes('referrer-owner') || rel.includes('patient-self'))) ||
      (level === 'staff' && !['rejected', 'completed', 'cancelled'].includes(r.state));
    await this.audit.record(this.db, actor.audit, {
      eventType: 'second-opinion.read',
      action: 'R',
      objectType: 'referral',
      objectId: r.id,
      patientId: r.patient_id,
      details: { reference: r.reference },
    });
    const policy = await this.settings.referralPolicy();
    const holidays = await this.settings.holidays(new Date(), policy);
    const facts = so ? { treatedAbroad: so.treated_abroad, imagingDone: so.imaging_done } : null;
    const kinds = docs.map((d) => d.kind as DocumentKind);
    return {
      referralId: r.id,
      state: r.state,
      request: so
        ? {
            question: level === 'patient' || level === 'professional' || level === 'staff' ? so.question : '',
            route: so.route as SecondOpinionRoute,
            routeFlag: routeNeedsMoreData(so.route as SecondOpinionRoute) ? familyDoctorRouteFlag : null,
            treatingSpecialist: so.treating_specialist,
            treatedAbroad: so.treated_abroad,
            imagingDone: so.imaging_done,
            patientConsulted: so.patient_consulted,
            consentRecorded: so.consent_record_id !== null,
          }
        : null,
      checklist: facts ? dossierChecklist(facts, kinds) : [],
      documents: docs.map((d) => ({
        id: d.id,
        kind: d.kind,
        filename: d.filename,
        mediaType: d.media_type,
        uploadedAt: new Date(d.uploaded_at).toISOString(),
        language: d.language ?? null,
        dicom: d.dicom ?? null,
      })),
      review: so?.review_due
        ? {
            dossierCompleteAt: so.dossier_complete_at ? new Date(so.dossier_complete_at).toISOString() : null,
            due: String(so.review_due),
            status: deadlineStatus(String(so.review_due), todayInAmsterdam(), policy, holidays),
          }
        : null,
      outcome: so?.outcome ?? null,
      canUpload,
      canRecordOutcome: staffReview,
    };
  }

  /** The department's triage supervisor or specialist records the review's outcome (R-SO-06, R-SO-08). */
  async recordOutcome(actor: ReferralActor, referralId: string, input: unknown): Promise<ReferralRow> {
    const parsed = ReviewOutcomeInputSchema.safeParse(input);
    if (!parsed.success)
      throw new HttpError(400, 'invalid-input', {
        problems: parsed.error.issues.map((i) => ({
          path: i.path.map(String).join('.'),
          message: i.message,
        })),
      });
    const o = parsed.data;
    const snapshot = await this.catalog.snapshot();
    return this.db.transaction().execute(async (trx) => {
      const r = await lockReferral(trx, referralId);
      if (!r || !canView(actor, referralFacts(r))) throw new HttpError(404, 'not-found');
      const rel = relationships(actor, referralFacts(r));
      if (!rel.some((x) => x === 'triage-supervisor' || x === 'specialist'))
        throw new HttpError(403, 'not-permitted');
      if (r.kind !== 'second-opinion' || r.state !== 'in-triage')
        throw new HttpError(409, 'second-opinion-outcome-not-allowed', { state: r.state });
      const now = new Date();
      const closes = o.kind === 'no-consult' || o.kind === 'refusal';
      const to = closes ? 'rejected' : 'accepted';
      const outcome = { ...o, by: actor.name, at: now.toISOString() };
      const row = await trx
        .updateTable('referral')
        .set({
          state: to,
          decision: json({
            kind: closes ? 'rejected' : 'accepted',
            secondOpinion: outcome,
            by: actor.name,
            at: now.toISOString(),
          }),
          ...(closes
            ? { closed_reason: o.kind === 'refusal' ? 'second-opinion-refused' : `no-consult:${o.reason}` }
            : {}),
          updated_at: now,
          version: r.version + 1,
        })
        .where('id', '=', r.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('second_opinion')
        .set({ outcome: json(outcome), updated_at: now })
        .where('referral_id', '=', r.id)
        .execute();
      await insertEvent(trx, {
        referral_id: r.id,
        at: now,
        actor_user_id: actor.userId,
        actor_name: actor.name,
        actor_role: actor.roles.join(','),
        type: 'second-opinion-outcome',
        from_state: r.state,
        to_state: to,
        note: o.kind === 'refusal' ? o.weightyReason : null,
        visibility: 'everyone',
        data: {
          outcome: o.kind,
          ...(o.kind === 'invite' ? { form: o.form } : {}),
          ...(o.kind === 'no-consult' ? { reason: o.reason } : {}),
        },
      });
      await this.audit.record(trx, actor.audit, {
        eventType: 'second-opinion.outcome',
        action: 'U',
        objectType: 'referral',
        objectId: r.id,
        patientId: r.patient_id,
        details: { reference: r.reference, outcome: o.kind, from: r.state, to },
      });
      await this.inform(trx, row, actor, o, snapshot.hospital, snapshot.departments);
      return row;
    });
  }

  /** The patient and the requester are always told (R-SO-06): a letter each, e-mailed where there is an address. */
  private async inform(
    trx: Transaction<Database>,
    r: ReferralRow,
    actor: ReferralActor,
    o: ReviewOutcome,
    hospital: Hospital,
    departments: { department: { id: string; name: Parameters<typeof resolveText>[0] } }[],
  ) {
    const profile = r.referrer_user_id
      ? await trx
          .selectFrom('user_profile')
          .select('locale')
          .where('user_id', '=', r.referrer_user_id)
          .executeTakeFirst()
      : undefined;
    const lang: Language = profile?.locale === 'en' ? 'en' : 'nl';
    const p = r.patient as Record<string, string | null>;
    const dept = departments.find((d) => d.department.id === r.department_id)?.department;
    const department = dept ? resolveText(dept.name, lang).text : r.department_id;
    const patientName = [p.givenName, p.familyName].filter(Boolean).join(' ');
    const recipients: { role: LetterRecipientRole; name: string; email: string | null }[] = [
      { role: 'patient', name: patientName, email: p.email ?? null },
    ];
    // For a patient's own request the patient is the requester: one letter.
    if (r.referrer_user_id && r.referrer_email !== (p.email ?? null))
      recipients.push({ role: 'referrer', name: r.referrer_name ?? '', email: r.referrer_email });
    const explanation =
      o.kind === 'refusal'
        ? o.reasoning
        : o.kind === 'no-consult'
          ? (o.explanation ?? undefined)
          : (o.note ?? undefined);
    const examinations = o.kind === 'invite' || o.kind === 'extra-examinations' ? o.examinations : [];
    for (const to of recipients) {
      const channel: LetterChannel = to.email ? 'email' : 'none';
      const stored = await storeLetter(trx, {
        referralId: r.id,
        recipientRole: to.role,
        createdBy: actor.userId,
        channel,
        input: {
          type: 'second-opinion-outcome',
          details: {
            outcome: outcomeWords(o, lang),
            ...(examinations.length ? { examinations } : {}),
            ...(explanation ? { explanation } : {}),
          },
          language: lang,
          date: todayInAmsterdam(),
          hospital: { name: resolveText(hospital.name, lang).text },
          department,
          reference: r.reference,
          recipient: { name: to.name || (lang === 'nl' ? 'Geachte heer/mevrouw' : 'Dear Sir or Madam') },
          patient: { name: patientName, birthDate: p.birthDate ?? '', bsn: p.bsn ?? null },
        },
      });
      if (!to.email) continue;
      await enqueueMessage(trx, {
        referralId: r.id,
        letterId: stored.id,
        recipient: to.email,
        subject:
          lang === 'nl'
            ? `Second opinion ${r.reference}: uitkomst van de beoordeling`
            : `Second opinion ${r.reference}: outcome of the review`,
        body:
          lang === 'nl'
            ? `De beoordeling van de second opinion ${r.reference} is afgerond. De brief staat in de bijlage en in Loket:\n${this.publicUrl}/referrals/${r.id}\n\nDit bericht is automatisch verstuurd door Loket.`
            : `The review of second opinion ${r.reference} is done. The letter is attached and in Loket:\n${this.publicUrl}/referrals/${r.id}\n\nThis message was sent automatically by Loket.`,
      });
    }
  }

  /** Reads the policy for the referral's deadline status; exported for the routes' settings endpoint. */
  referralPolicy(): Promise<ReferralPolicy> {
    return this.settings.referralPolicy();
  }
}
