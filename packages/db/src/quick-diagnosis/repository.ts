import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { QuickDiagnosisTable } from './tables.ts';

type Executor = Kysely<Database> | Transaction<Database>;
export type QuickDiagnosisRow = Selectable<QuickDiagnosisTable>;

export async function findQuickDiagnosis(
  db: Executor,
  referralId: string,
): Promise<QuickDiagnosisRow | undefined> {
  return db
    .selectFrom('quick_diagnosis')
    .selectAll()
    .where('referral_id', '=', referralId)
    .executeTakeFirst();
}

export async function quickDiagnosesOf(
  db: Executor,
  referralIds: readonly string[],
): Promise<QuickDiagnosisRow[]> {
  if (referralIds.length === 0) return [];
  return db.selectFrom('quick_diagnosis').selectAll().where('referral_id', 'in', referralIds).execute();
}

/** Keeps the referrer's choice on a draft (or a registered referral); the clocks are set later. */
export async function saveQuickDiagnosisChoice(
  trx: Transaction<Database>,
  referralId: string,
  choice: { tumourTypeId: string | null; patientChoice: boolean },
): Promise<void> {
  await trx
    .insertInto('quick_diagnosis')
    .values({
      referral_id: referralId,
      tumour_type_id: choice.tumourTypeId,
      patient_choice: choice.patientChoice,
    })
    .onConflict((oc) =>
      oc.column('referral_id').doUpdateSet({
        tumour_type_id: choice.tumourTypeId,
        patient_choice: choice.patientChoice,
        updated_at: new Date(),
      }),
    )
    .execute();
}

export async function updateQuickDiagnosis(
  trx: Transaction<Database>,
  referralId: string,
  set: Partial<{
    first_visit_due: string | null;
    first_visit_deadline: string | null;
    first_visit_on: string | null;
    diagnosis_due: string | null;
    diagnosis_deadline: string | null;
    day_plan: string | null;
  }>,
): Promise<QuickDiagnosisRow | undefined> {
  return trx
    .updateTable('quick_diagnosis')
    .set({ ...set, updated_at: new Date() })
    .where('referral_id', '=', referralId)
    .returningAll()
    .executeTakeFirst();
}
