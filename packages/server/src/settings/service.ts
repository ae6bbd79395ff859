import type { Kysely, Transaction } from 'kysely';
import type { Database } from '@loket/db';
import { defaultReferralPolicy, localTime, ReferralPolicySchema, type ReferralPolicy } from '@loket/domain';
import { holidayDates } from '@loket/domain/holidays';

/** Hospital policy settings (working-day rules, upload limit, duplicate window), with the shipped defaults. */
export class SettingsService {
  private readonly db: Kysely<Database>;
  private readonly calendars = new Map<string, ReadonlySet<string>>();

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Read fresh each time: one small query, and every server process sees a change at once. */
  async referralPolicy(): Promise<ReferralPolicy> {
    const row = await this.db
      .selectFrom('setting')
      .select('value')
      .where('key', '=', 'referral-policy')
      .executeTakeFirst();
    const parsed = ReferralPolicySchema.safeParse({
      ...defaultReferralPolicy,
      ...((row?.value as object | undefined) ?? {}),
    });
    return parsed.success ? parsed.data : defaultReferralPolicy;
  }

  async saveReferralPolicy(
    policy: ReferralPolicy,
    by: string | null,
    executor: Kysely<Database> | Transaction<Database> = this.db,
  ): Promise<void> {
    const value = JSON.stringify(ReferralPolicySchema.parse(policy));
    await executor
      .insertInto('setting')
      .values({ key: 'referral-policy', value, updated_by: by })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_by: by, updated_at: new Date() }))
      .execute();
  }

  /** Public holidays of last year, this year and the next two under the policy, as ISO dates. */
  async holidays(now = new Date(), policy?: ReferralPolicy): Promise<ReadonlySet<string>> {
    const { holidays } = policy ?? (await this.referralPolicy());
    const year = Number(localTime(now, 'Europe/Amsterdam').date.slice(0, 4));
    // The calendar computation is not free and every referral step needs it: keep one per year and policy.
    const key = `${year}|${holidays.goodFriday}|${holidays.liberationDay}`;
    let dates = this.calendars.get(key);
    if (!dates) {
      dates = holidayDates([year - 1, year, year + 1, year + 2], holidays);
      this.calendars.set(key, dates);
    }
    return dates;
  }
}

export function todayInAmsterdam(now = new Date()): string {
  return localTime(now, 'Europe/Amsterdam').date;
}
