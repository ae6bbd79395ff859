import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  findReferral,
  lockReferral,
  type ConsentRecordTable,
  type Database,
  type ReferralRow,
} from '@loket/db';
import {
  canView,
  consentMethodRefusal,
  ConsentInputSchema,
  ConsentWithdrawalSchema,
  methodsFor,
  mayWithdraw,
  relationships,
  rolePermissions,
  type ConsentMethod,
  type ConsentRecorder,
} from '@loket/domain';
import type { z } from 'zod';
import type { AuditTrail } from '../audit/trail.ts';
import type { StoredFile } from '../documents/index.ts';
import { HttpError, localizedIssues } from '../http/errors.ts';
import { claimIdempotency, recordIdempotency, type IdempotencyClaim } from '../http/idempotency.ts';
import type { ReferralActor } from '../referrals/actor.ts';
import { referralFacts } from '../referrals/service.ts';
import { heldLettersOf, type WaitingLetter } from './holds.ts';
import { consentRecordsFor, recordConsent } from './records.ts';

/**
 * Consent on a referral (R-CON-01, R-CON-03): who may see and give it follows who may see the referral; anyone
 * else gets a 404, so not even the referral's existence leaks. Every read and change is audited with the patient.
 */
export interface ConsentOverview {
  records: ConsentRecordTable[];
  letters: WaitingLetter[];
  recorder: ConsentRecorder;
  methods: readonly ConsentMethod[];
  mayWithdraw: boolean;
}

/** How the actor stands to the referral's patient, as far as consent goes; null when they may not see it. */
export function recorderOf(actor: ReferralActor, r: ReferralRow): ConsentRecorder | null {
  const rel = relationships(actor, referralFacts(r));
  if (rel.some((x) => x === 'back-office' || x === 'triage-supervisor' || x === 'specialist')) return 'staff';
  if (rel.includes('patient-self')) return 'patient';
  if (rel.includes('referrer-owner') || rel.includes('family-doctor')) return 'referrer';
  return null;
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  // The routes validate first (in the reader's language); this guards other callers.
  if (!result.success)
    throw new HttpError(400, 'invalid-input', { problems: localizedIssues(result.error.issues, 'nl') });
  return result.data;
}

export class ConsentService {
  private readonly db: Kysely<Database>;
  private readonly audit: AuditTrail;

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail }) {
    this.db = deps.db;
    this.audit = deps.audit;
  }

  private async visible(
    executor: Transaction<Database> | Kysely<Database>,
    actor: ReferralActor,
    id: string,
    lock: boolean,
  ): Promise<{ r: ReferralRow; recorder: ConsentRecorder; patientId: string }> {
    const r = lock
      ? await lockReferral(executor as Transaction<Database>, id)
      : await findReferral(executor, id);
    if (!r || !canView(actor, referralFacts(r))) throw new HttpError(404, 'not-found');
    const recorder = recorderOf(actor, r);
    // A draft has no patient in the registry yet: there is nothing to consent to, nobody to consent.
    if (!recorder || !r.patient_id) throw new HttpError(404, 'not-found');
    return { r, recorder, patientId: r.patient_id };
  }

  private async overview(
    executor: Transaction<Database> | Kysely<Database>,
    actor: ReferralActor,
    r: ReferralRow,
    patientId: string,
    recorder: ConsentRecorder,
  ): Promise<ConsentOverview> {
    const [records, letters] = await Promise.all([
      consentRecordsFor(executor, patientId, r.id),
      heldLettersOf(executor, r.id),
    ]);
    // Triage and specialists read consent; recording it is for the back office, the patient and the referrer.
    const mayRecord = actor.roles.some((role) => rolePermissions(role).includes('consent.record'));
    return {
      records,
      letters,
      recorder,
      methods: mayRecord ? methodsFor[recorder] : [],
      mayWithdraw: mayRecord && mayWithdraw(recorder),
    };
  }

  /** The consent records of the referral's patient that bear on it, and the letters that wait for consent. */
  async read(actor: ReferralActor, referralId: string): Promise<ConsentOverview> {
    const { r, recorder, patientId } = await this.visible(this.db, actor, referralId, false);
    const out = await this.overview(this.db, actor, r, patientId, recorder);
    await this.audit.record(this.db, actor.audit, {
      eventType: 'consent.read',
      action: 'R',
      objectType: 'referral',
      objectId: r.id,
      patientId,
      details: { reference: r.reference, records: out.records.length, waiting: out.letters.length },
    });
    return out;
  }

  /** Records consent on the referral; the letters that waited for it go to the outbox in this transaction. */
  async give(
    actor: ReferralActor,
    referralId: string,
    input: unknown,
    idem: IdempotencyClaim | null,
    declaration: StoredFile | null = null,
  ): Promise<ConsentOverview> {
    const parsed = parse(ConsentInputSchema, input);
    if (declaration && parsed.method !== 'signed-form')
      throw new HttpError(400, 'invalid-input', {
        problems: [{ path: 'file', message: 'Only a signed form comes with a declaration' }],
      });
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const { r, recorder, patientId } = await this.visible(trx, actor, referralId, true);
      if (consentMethodRefusal(recorder, parsed.method))
        throw new HttpError(403, 'consent-method-not-allowed', { allowed: methodsFor[recorder] });
      const now = new Date();
      const id = randomUUID();
      // The consent comes first on the timeline, then the letters it released.
      await this.event(trx, r, actor, 'consent-given', now, {
        consentId: id,
        scope: parsed.scope,
        method: parsed.method,
      });
      await recordConsent(trx, {
        id,
        patientId,
        referralId: r.id,
        scope: parsed.scope,
        method: parsed.method,
        givenBy: { userId: actor.userId, name: actor.name, role: recorder },
        note: parsed.note ?? null,
        at: now,
        declaration,
      });
      const released = await trx
        .selectFrom('letter_hold')
        .select('letter_id')
        .where('released_by_consent_id', '=', id)
        .execute();
      await this.audit.record(trx, actor.audit, {
        eventType: 'consent.record',
        action: 'C',
        objectType: 'consent',
        objectId: id,
        patientId,
        details: {
          referral: r.reference,
          scope: parsed.scope,
          method: parsed.method,
          declaration: declaration ? declaration.sha256 : null,
          releasedLetters: released.map((x) => x.letter_id),
        },
      });
      await recordIdempotency(trx, idem, 201, { id });
      return this.overview(trx, actor, r, patientId, recorder);
    });
  }

  /** Withdraws a consent; letters still waiting keep waiting, letters already sent cannot be recalled. */
  async withdraw(
    actor: ReferralActor,
    referralId: string,
    consentId: string,
    input: unknown,
    idem: IdempotencyClaim | null,
  ): Promise<ConsentOverview> {
    const parsed = parse(ConsentWithdrawalSchema, input);
    return this.db.transaction().execute(async (trx) => {
      await claimIdempotency(trx, idem);
      const { r, recorder, patientId } = await this.visible(trx, actor, referralId, true);
      const record = await trx
        .selectFrom('consent_record')
        .selectAll()
        .where('id', '=', consentId)
        .where('patient_id', '=', patientId)
        .where((eb) => eb.or([eb('referral_id', '=', r.id), eb('referral_id', 'is', null)]))
        .forUpdate()
        .executeTakeFirst();
      if (!record) throw new HttpError(404, 'not-found');
      if (!mayWithdraw(recorder)) throw new HttpError(403, 'not-permitted');
      if (record.withdrawn_at) throw new HttpError(409, 'consent-already-withdrawn');
      const now = new Date();
      await trx
        .updateTable('consent_record')
        .set({
          withdrawn_at: now,
          withdrawn_by_user_id: actor.userId,
          withdrawn_by_name: actor.name,
          withdrawn_reason: parsed.reason,
        })
        .where('id', '=', consentId)
        .execute();
      await this.event(
        trx,
        r,
        actor,
        'consent-withdrawn',
        now,
        {
          consentId,
          scope: record.scope,
        },
        parsed.reason,
      );
      await this.audit.record(trx, actor.audit, {
        eventType: 'consent.withdraw',
        action: 'U',
        objectType: 'consent',
        objectId: consentId,
        patientId,
        details: { referral: r.reference, scope: record.scope },
      });
      await recordIdempotency(trx, idem, 200, { id: consentId });
      return this.overview(trx, actor, r, patientId, recorder);
    });
  }

  /** The signed declaration behind a record, for those who may see the referral. */
  async declaration(actor: ReferralActor, referralId: string, consentId: string) {
    const { r, patientId } = await this.visible(this.db, actor, referralId, false);
    const record = await this.db
      .selectFrom('consent_record')
      .selectAll()
      .where('id', '=', consentId)
      .where('patient_id', '=', patientId)
      .where((eb) => eb.or([eb('referral_id', '=', r.id), eb('referral_id', 'is', null)]))
      .executeTakeFirst();
    if (!record?.declaration_storage_key) throw new HttpError(404, 'not-found');
    await this.audit.record(this.db, actor.audit, {
      eventType: 'consent.declaration.download',
      action: 'R',
      objectType: 'consent',
      objectId: consentId,
      patientId,
      details: { referral: r.reference },
    });
    return {
      storageKey: record.declaration_storage_key,
      filename: record.declaration_filename ?? 'declaration',
      mediaType: record.declaration_media_type ?? 'application/octet-stream',
      size: Number(record.declaration_size ?? 0),
    };
  }

  /** Checks access before a declaration is streamed in, so nobody uploads into a referral they cannot see. */
  async checkMayGive(actor: ReferralActor, referralId: string, method: ConsentMethod) {
    const { recorder } = await this.visible(this.db, actor, referralId, false);
    if (consentMethodRefusal(recorder, method))
      throw new HttpError(403, 'consent-method-not-allowed', { allowed: methodsFor[recorder] });
  }

  private async event(
    trx: Transaction<Database>,
    r: ReferralRow,
    actor: ReferralActor,
    type: string,
    at: Date,
    data: Record<string, unknown>,
    note: string | null = null,
  ) {
    await trx
      .insertInto('referral_event')
      .values({
        referral_id: r.id,
        at,
        actor_user_id: actor.userId,
        actor_name: actor.name,
        actor_role: actor.roles.join(','),
        type,
        from_state: null,
        to_state: null,
        note,
        data: JSON.stringify(data),
        // The patient sees what happened to their consent, whoever recorded it.
        visibility: 'everyone',
      })
      .execute();
  }
}
