import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  findReferral,
  findUserIdByEmail,
  insertEvent,
  nextReferralReference,
  saveProfile,
  type Database,
  type ReferralRow,
} from '@loket/db';
import {
  accessKindOf,
  DraftInputSchema,
  draftOfPatientRequest,
  PatientSecondOpinionRequestSchema,
  type AccessKind,
  type Language,
  type LocalizedText,
  type ReferralState,
} from '@loket/domain';
import { hashPassword } from '../accounts/auth.ts';
import type { AuditTrail } from '../audit/trail.ts';
import type { CatalogService } from '../catalog/service.ts';
import { recordConsent } from '../consent/records.ts';
import { HttpError } from '../http/errors.ts';
import { claimIdempotency, type IdempotencyClaim } from '../http/idempotency.ts';
import type { ReferralActor } from '../referrals/actor.ts';
import type { ReferralService } from '../referrals/service.ts';
import { keepSecondOpinionRequest } from '../second-opinions/request.ts';
import {
  accountOfToken,
  awaitsConfirmation,
  confirmLink,
  endConfirmations,
  mails,
  newConfirmation,
  sendMail,
} from './confirmation.ts';

/**
 * The patient's own side of Loket: a second-opinion request that needs nobody's permission (R-SO-02), made with
 * the consent to obtain the records (R-CON-01) and, for a newcomer, their patient account, all in one transaction;
 * and the portal where the patient follows their requests and sees who looked at their data (R-SEC-02).
 *
 * Signed out, the answer never tells whether the address has an account (issue 7 part 7): a new address gets its
 * account and request and an e-mail to confirm the address (./confirmation.ts); an address with an account gets
 * the same work done and rolled back (the same checks, the same one Argon2id hash), nothing stored, and an e-mail
 * to its owner. Either way the caller hears only "check your e-mail".
 */

/** New accounts per address per hour: enough for a family at one address, too few to farm accounts or probe e-mails. */
export const REQUESTS_PER_HOUR = 10;

/** Audit event types of the public request; the rate limit counts them per address. */
const REQUEST_EVENT = 'patient-portal.request';
const REFUSED_EVENT = 'patient-portal.request-refused';

export type Requester =
  { kind: 'new'; accessPoint: string; locale: Language } | { kind: 'signed-in'; actor: ReferralActor };

type Executor = Kysely<Database> | Transaction<Database>;

/** The one answer to a signed-out request, whatever the address: the rest goes by e-mail. */
export const CHECK_EMAIL = { status: 'check-your-email' } as const;

/** Thrown to roll back the work done for an address that already has an account. */
class AccountExists extends Error {
  constructor() {
    super('account exists');
  }
}

function problem(path: string, message: string) {
  return new HttpError(400, 'invalid-input', { problems: [{ path, message }] });
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === '23505';
}

export interface AccessLogEntry {
  seq: number;
  at: Date;
  who: { name: string; roles: string[]; self: boolean; system: boolean };
  kind: AccessKind;
  eventType: string;
  objectType: string | null;
  reference: string | null;
}

export class PatientPortalService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;
  private readonly catalog: CatalogService;
  private readonly referrals: ReferralService;
  private readonly publicUrl: string;

  constructor(deps: {
    db: Kysely<Database>;
    audit: AuditTrail;
    catalog: CatalogService;
    referrals: ReferralService;
    /** For the links in the e-mails; only the public (signed-out) request sends them. */
    publicUrl?: string;
  }) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.catalog = deps.catalog;
    this.referrals = deps.referrals;
    this.publicUrl = deps.publicUrl ?? '';
  }

  /** Departments that take second opinions, for the request form. */
  async departments(): Promise<{ id: string; name: LocalizedText }[]> {
    const s = await this.catalog.snapshot();
    return s.departments
      .map((d) => d.department)
      .filter((d) => d.secondOpinion?.accepted)
      .map((d) => ({ id: d.id, name: d.name }));
  }

  private async recentAttempts(accessPoint: string): Promise<number> {
    const r = await this.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('event_type', 'in', [REQUEST_EVENT, REFUSED_EVENT])
      .where('access_point', '=', accessPoint)
      .where('occurred_at', '>', new Date(Date.now() - 3_600_000))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  private async keyUsed(idem: IdempotencyClaim): Promise<boolean> {
    const row = await this.db
      .selectFrom('idempotency_key')
      .select('key')
      .where('user_id', '=', idem.userId)
      .where('key', '=', idem.key)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * The address already has an account: nothing is stored but the key of the request (so that a retry is
   * answered as a retry, as for a new address), the refusal (counted by the per-address limit) and an e-mail to
   * the owner. Throws IdempotentReplay when a concurrent retry got here first; returns false if there is no
   * account after all.
   */
  private async tellOwner(
    email: string,
    who: Extract<Requester, { kind: 'new' }>,
    idem: IdempotencyClaim | null,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem, { status: 202, response: CHECK_EMAIL });
      const owner = await trx
        .selectFrom('auth.user')
        .select(['id', 'email'])
        .where('email', '=', email.toLowerCase())
        .executeTakeFirst();
      if (!owner) return false;
      const mail = (await awaitsConfirmation(trx, owner.id))
        ? mails.confirmAgain(who.locale, confirmLink(this.publicUrl, await newConfirmation(trx, owner.id)))
        : mails.accountExists(who.locale, `${this.publicUrl}/sign-in?next=%2Fsecond-opinion%2Frequest`);
      await sendMail(trx, owner.email, who.locale, mail);
      await this.audit.record(
        trx,
        { userId: null, userName: null, role: null, accessPoint: who.accessPoint },
        { eventType: REFUSED_EVENT, action: 'C', outcome: 'failure:account-exists' },
      );
      return true;
    });
  }

  /**
   * Makes and sends the request. A newcomer gets a patient account and a patient record in the same transaction,
   * and an e-mail to confirm the address; for an address that has an account the same work is done and rolled
   * back, and its owner is told by e-mail. A signed-in patient asks as themself and gets the request; a newcomer
   * gets null, whatever the address. Throws IdempotentReplay on a retry.
   */
  async request(input: unknown, who: Requester, idem: IdempotencyClaim | null): Promise<ReferralRow | null> {
    const parsed = PatientSecondOpinionRequestSchema.safeParse(input);
    if (!parsed.success)
      throw new HttpError(400, 'invalid-input', {
        problems: parsed.error.issues.map((i) => ({
          path: i.path.map(String).join('.'),
          message: i.message,
        })),
      });
    const req = parsed.data;
    if (!(await this.departments()).some((d) => d.id === req.departmentId))
      throw problem('departmentId', 'Choose a department that gives second opinions');
    const draft = DraftInputSchema.parse(draftOfPatientRequest(req));
    const p = draft.patient;
    const email = p.email!;
    const name = [p.givenName, p.familyName].filter(Boolean).join(' ');

    let actor: ReferralActor;
    let account: { userId: string; passwordHash: string; locale: Language } | null = null;
    let newPatientId: string | null = null;
    // An address that has an account: the work is done all the same, under a stand-in address, and rolled back.
    let exists = false;
    if (who.kind === 'new') {
      if (!req.password) throw problem('password', 'Choose a password for your patient account');
      // A retry of a request that went through is answered from its key (in the transaction), not refused.
      const retry = idem ? await this.keyUsed(idem) : false;
      if (!retry && (await this.recentAttempts(who.accessPoint)) >= REQUESTS_PER_HOUR)
        throw new HttpError(429, 'rate-limited');
      exists = (await findUserIdByEmail(this.db, email)) !== undefined;
      const userId = randomUUID();
      newPatientId = randomUUID();
      // One Argon2id hash for every first attempt, known address or not; none for a retry, known or not.
      account = { userId, passwordHash: retry ? '' : await hashPassword(req.password), locale: who.locale };
      actor = {
        userId,
        roles: ['patient'],
        departmentIds: [],
        organisationId: null,
        agbCode: null,
        patientIds: [newPatientId],
        name,
        email,
        specialism: null,
        referrerKind: null,
        audit: { userId, userName: name, role: 'patient', accessPoint: who.accessPoint },
      };
    } else {
      const own = who.actor.patientIds ?? [];
      if (own.length === 0) newPatientId = randomUUID();
      actor = { ...who.actor, patientIds: newPatientId ? [newPatientId] : own };
    }
    const patientId = actor.patientIds![0]!;
    const referralId = randomUUID();

    const prepare = async (trx: Transaction<Database>) => {
      const now = new Date();
      if (account) {
        // Made meanwhile by a concurrent request: from here on this is an address with an account.
        if (!exists && (await findUserIdByEmail(trx, email))) throw new AccountExists();
        // The account is written here rather than through the authentication library so that it commits with the
        // request; the rows are the library's own (credential account, same argon2id hash it verifies).
        await trx
          .insertInto('auth.user')
          .values({
            id: account.userId,
            name,
            // The stand-in keeps the unique address free; the transaction is rolled back anyway.
            email: exists ? `${account.userId}@account-exists.invalid` : email,
            emailVerified: false,
            image: null,
            createdAt: now,
            updatedAt: now,
            twoFactorEnabled: false,
          })
          .execute();
        await trx
          .insertInto('auth.account')
          .values({
            id: randomUUID(),
            accountId: account.userId,
            providerId: 'credential',
            userId: account.userId,
            password: account.passwordHash,
            createdAt: now,
            updatedAt: now,
          })
          .execute();
        await saveProfile(trx, account.userId, {
          roles: ['patient'],
          departmentIds: [],
          agbCode: null,
          specialism: null,
          organisationId: null,
          locale: account.locale,
        });
      }
      if (newPatientId) {
        await trx
          .insertInto('patient')
          .values({
            id: newPatientId,
            // A self-registered record never carries the BSN: nobody has checked the person's identity yet, and a
            // BSN here would link later referrals of that BSN to this account. Staff see it on the request.
            bsn: null,
            no_bsn_reason: p.bsn ? 'BSN on the request, identity not yet checked' : p.noBsnReason,
            given_name: p.givenName,
            family_name: p.familyName!,
            birth_date: p.birthDate!,
            street: p.street,
            house_number: p.houseNumber,
            postcode: p.postcode,
            city: p.city,
            country: p.country ?? 'NL',
            phone: p.phone,
            email,
            family_doctor_name: draft.familyDoctor?.name ?? null,
            family_doctor_agb: draft.familyDoctor?.agbCode ?? null,
            family_doctor_email: draft.familyDoctor?.email ?? null,
          })
          .execute();
        await trx
          .insertInto('patient_account')
          .values({ user_id: actor.userId, patient_id: newPatientId })
          .execute();
      }
      if (account)
        await this.audit.record(trx, actor.audit, {
          eventType: 'account.create',
          action: 'C',
          objectType: 'account',
          objectId: actor.userId,
          patientId,
          details: { roles: ['patient'], via: 'second-opinion request' },
        });
      const row = await trx
        .insertInto('referral')
        .values({
          id: referralId,
          reference: await nextReferralReference(trx, now.getFullYear()),
          kind: 'second-opinion',
          state: 'draft',
          department_id: draft.departmentId,
          care_path_id: null,
          sub_clinic_id: null,
          channel: 'portal',
          urgency_requested: 'routine',
          patient_id: patientId,
          patient: JSON.stringify({
            ...p,
            familyDoctorName: draft.familyDoctor?.name ?? null,
            familyDoctorAgb: draft.familyDoctor?.agbCode ?? null,
            familyDoctorEmail: draft.familyDoctor?.email ?? null,
          }),
          letter: JSON.stringify(draft.letter),
          confirmations: JSON.stringify([]),
          referrer_user_id: actor.userId,
          referrer_name: name,
          referrer_agb: null,
          referrer_specialism: null,
          referrer_kind: null,
          referrer_email: email,
          organisation_id: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          assigned_specialists: JSON.stringify([]),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await keepSecondOpinionRequest(trx, row.id, draft, actor);
      await insertEvent(trx, {
        referral_id: row.id,
        at: now,
        actor_user_id: actor.userId,
        actor_name: actor.name,
        actor_role: 'patient',
        type: 'created',
        from_state: null,
        to_state: 'draft',
        note: null,
        visibility: 'professionals',
      });
      await this.audit.record(trx, actor.audit, {
        eventType: REQUEST_EVENT,
        action: 'C',
        objectType: 'referral',
        objectId: row.id,
        patientId,
        details: { reference: row.reference, kind: 'second-opinion', newAccount: account !== null },
      });
    };

    // R-CON-01: the consent to obtain the records commits with the request, with who, when and the scope.
    const within = async (trx: Transaction<Database>, row: ReferralRow) => {
      const consentId = await recordConsent(trx, {
        patientId,
        referralId: row.id,
        scope: 'records-for-second-opinion',
        method: 'portal',
        givenBy: { userId: actor.userId, name: actor.name, role: 'patient' },
        note: 'Given with the patient\u2019s own second-opinion request, with the patient\u2019s responsibilities read',
      });
      await trx
        .updateTable('second_opinion')
        .set({ consent_record_id: consentId, updated_at: new Date() })
        .where('referral_id', '=', row.id)
        .execute();
      await this.audit.record(trx, actor.audit, {
        eventType: 'consent.record',
        action: 'C',
        objectType: 'consent',
        objectId: consentId,
        patientId,
        details: { referral: row.reference, scope: 'records-for-second-opinion', method: 'portal' },
      });
      // A newcomer confirms the address before the account signs in (accounts/auth.ts).
      if (account && who.kind === 'new') {
        const token = await newConfirmation(trx, actor.userId);
        await sendMail(
          trx,
          email,
          who.locale,
          mails.confirm(who.locale, row.reference, confirmLink(this.publicUrl, token)),
          row.id,
        );
      }
      if (exists) throw new AccountExists();
    };

    try {
      const row = await this.referrals.submit(actor, referralId, idem, { prepare, within });
      return who.kind === 'new' ? null : row;
    } catch (e) {
      if (who.kind === 'new' && (e instanceof AccountExists || isUniqueViolation(e))) {
        if (await this.tellOwner(email, who, idem)) return null;
      }
      throw e;
    }
  }

  /**
   * The link in the e-mail to a new address: the address is confirmed, the account may sign in. Answers the
   * address (the link came to it) and the reference of its newest request.
   */
  async confirm(token: string, accessPoint: string): Promise<{ email: string; reference: string | null }> {
    const userId = await accountOfToken(this.db, token);
    if (!userId) throw new HttpError(400, 'confirmation-link-invalid');
    return this.db.transaction().execute(async (trx) => {
      const user = await trx
        .updateTable('auth.user')
        .set({ emailVerified: true, updatedAt: new Date() })
        .where('id', '=', userId)
        .returning(['id', 'name', 'email'])
        .executeTakeFirst();
      if (!user) throw new HttpError(400, 'confirmation-link-invalid');
      await endConfirmations(trx, userId);
      const patient = await trx
        .selectFrom('patient_account')
        .select('patient_id')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const newest = patient
        ? await trx
            .selectFrom('referral')
            .select('reference')
            .where('patient_id', '=', patient.patient_id)
            .orderBy('created_at', 'desc')
            .executeTakeFirst()
        : undefined;
      await this.audit.record(
        trx,
        { userId, userName: user.name, role: 'patient', accessPoint },
        {
          eventType: 'account.confirm-email',
          action: 'U',
          objectType: 'account',
          objectId: userId,
          patientId: patient?.patient_id ?? null,
        },
      );
      return { email: user.email, reference: newest?.reference ?? null };
    });
  }

  async referral(id: string): Promise<ReferralRow | undefined> {
    return findReferral(this.db, id);
  }

  /** The patient's requests with what they may see of each (audited as a read of their file). */
  async overview(actor: ReferralActor) {
    const ids = actor.patientIds ?? [];
    if (ids.length === 0) return { requests: [] };
    const rows = await this.db
      .selectFrom('referral')
      .selectAll()
      .where('patient_id', 'in', ids)
      .where('state', '!=', 'draft')
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute();
    const referralIds = rows.map((r) => r.id);
    const [events, letters, secondOpinions] = referralIds.length
      ? await Promise.all([
          this.db
            .selectFrom('referral_event')
            .select(['referral_id', 'at', 'type', 'from_state', 'to_state'])
            .where('referral_id', 'in', referralIds)
            .where('visibility', '=', 'everyone')
            .orderBy('at')
            .orderBy('id')
            .execute(),
          this.db
            .selectFrom('letter')
            .select(['id', 'referral_id', 'type', 'language', 'created_at'])
            .where('referral_id', 'in', referralIds)
            // A patient who asked themself is the referrer of that request, so its referrer letters are theirs too.
            .where((eb) =>
              eb.or([
                eb('recipient_role', '=', 'patient'),
                eb.and([
                  eb('recipient_role', '=', 'referrer'),
                  eb(
                    'referral_id',
                    'in',
                    rows
                      .filter((r) => r.referrer_user_id === actor.userId)
                      .map((r) => r.id)
                      .concat(['']),
                  ),
                ]),
              ]),
            )
            .orderBy('created_at')
            .execute(),
          this.db
            .selectFrom('second_opinion')
            .select(['referral_id', 'question', 'review_due', 'consent_record_id'])
            .where('referral_id', 'in', referralIds)
            .execute(),
        ])
      : [[], [], []];
    const requests = [];
    for (const r of rows) {
      // What is still missing is worth showing only while the hospital waits for it.
      const waiting = r.state === 'received' || r.state === 'awaiting-information';
      // The patient gathers the file only for a second opinion or a request of their own (seeds/004); what a
      // referring doctor still owes is the doctor's business.
      const theirs = r.kind === 'second-opinion' || r.referrer_user_id === actor.userId;
      const evaluation = waiting && theirs ? await this.referrals.evaluate(r) : null;
      const so = secondOpinions.find((s) => s.referral_id === r.id);
      const appointment = r.appointment as {
        start?: string;
        location?: string | null;
        videoLink?: string | null;
        noShow?: boolean;
      } | null;
      requests.push({
        id: r.id,
        reference: r.reference,
        kind: r.kind,
        state: r.state as ReferralState,
        departmentId: r.department_id,
        submittedAt: r.submitted_at,
        updatedAt: r.updated_at,
        question: so?.question ?? null,
        reviewDue: so?.review_due ?? null,
        consentGiven: Boolean(so?.consent_record_id),
        missing: (evaluation?.missing ?? [])
          .filter((m) => !m.key.startsWith('referrer.'))
          .map((m) => ({ key: m.key, text: m.text })),
        missingRequested:
          r.state === 'awaiting-information' && theirs
            ? ((r.missing_requested as { missing?: string[]; message?: string | null } | null) ?? null)
            : null,
        appointment:
          (r.state === 'scheduled' || r.state === 'seen') && appointment?.start
            ? {
                start: appointment.start,
                location: appointment.location ?? null,
                videoLink: appointment.videoLink ?? null,
              }
            : null,
        timeline: events
          .filter((e) => e.referral_id === r.id)
          .map((e) => ({ at: e.at, type: e.type, from: e.from_state, to: e.to_state })),
        letters: letters
          .filter((l) => l.referral_id === r.id)
          .map((l) => ({ id: l.id, type: l.type, language: l.language, createdAt: l.created_at })),
      });
    }
    for (const patientId of ids)
      await this.audit.record(this.db, actor.audit, {
        eventType: 'patient-portal.overview',
        action: 'R',
        objectType: 'patient',
        objectId: patientId,
        patientId,
        details: { returned: requests.length },
      });
    return { requests };
  }

  /**
   * Who accessed the patient's data, newest first (R-SEC-02, Wabvpz art. 15e): every audit record with the
   * patient's id, as name and role, never internal ids or addresses. Reading it is itself recorded (first, so the
   * patient sees that too).
   */
  async accessLog(actor: ReferralActor, page: number, pageSize: number) {
    const ids = actor.patientIds ?? [];
    if (ids.length === 0) return { entries: [] as AccessLogEntry[], total: 0, page, pageSize };
    for (const patientId of ids)
      await this.audit.record(this.db, actor.audit, {
        eventType: 'patient-portal.access-log',
        action: 'R',
        objectType: 'patient',
        objectId: patientId,
        patientId,
        details: { page },
      });
    const [rows, count] = await Promise.all([
      this.db
        .selectFrom('audit_event')
        .select([
          'seq',
          'occurred_at',
          'event_type',
          'action',
          'user_id',
          'user_name',
          'user_role',
          'object_type',
          'object_id',
          'details',
        ])
        .where('patient_id', 'in', ids)
        .orderBy('seq', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      this.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('patient_id', 'in', ids)
        .executeTakeFirstOrThrow(),
    ]);
    // Records of a read name the referral by id only; the patient knows it by its reference.
    const referralIds = [
      ...new Set(rows.filter((r) => r.object_type === 'referral' && r.object_id).map((r) => r.object_id!)),
    ];
    const references = new Map(
      referralIds.length
        ? (
            await this.db
              .selectFrom('referral')
              .select(['id', 'reference'])
              .where('id', 'in', referralIds)
              .where('patient_id', 'in', ids)
              .execute()
          ).map((r) => [r.id, r.reference] as const)
        : [],
    );
    const entries: AccessLogEntry[] = rows.map((r) => {
      const system = r.user_id === null;
      const details = (r.details ?? {}) as Record<string, unknown>;
      const reference =
        typeof details.reference === 'string'
          ? details.reference
          : typeof details.referral === 'string'
            ? details.referral
            : (references.get(r.object_id ?? '') ?? null);
      return {
        seq: Number(r.seq),
        at: r.occurred_at,
        who: {
          name: system ? 'Loket' : (r.user_name ?? ''),
          roles: system ? [] : (r.user_role ?? '').split(',').filter(Boolean),
          self: r.user_id === actor.userId,
          system,
        },
        kind: accessKindOf(r.event_type, r.action),
        eventType: r.event_type,
        objectType: r.object_type,
        reference,
      };
    });
    return { entries, total: Number(count.n), page, pageSize };
  }
}

export async function patientName(db: Executor, patientIds: readonly string[]): Promise<string | null> {
  if (patientIds.length === 0) return null;
  const p = await db
    .selectFrom('patient')
    .select(['given_name', 'family_name'])
    .where('id', '=', patientIds[0]!)
    .executeTakeFirst();
  return p ? [p.given_name, p.family_name].filter(Boolean).join(' ') : null;
}
