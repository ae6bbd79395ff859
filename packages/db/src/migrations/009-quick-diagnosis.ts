import type { MigrationStatements } from './types.ts';

/**
 * Quick cancer diagnosis (R-QD-01): per referral of that kind, the tumour type and the patient's choice, the
 * next-day first-visit target, the diagnosis clock that starts at the first visit, and the plan of examinations on
 * that one day. Each deadline keeps the policy that produced it (R-WD-02).
 */
export const statements: MigrationStatements = [
  `create table quick_diagnosis (
    referral_id text primary key references referral (id),
    tumour_type_id text,
    patient_choice boolean not null default false,
    first_visit_due date,
    first_visit_deadline jsonb,
    first_visit_on date,
    diagnosis_due date,
    diagnosis_deadline jsonb,
    day_plan jsonb,
    updated_at timestamptz not null default now()
  )`,
  `create index quick_diagnosis_due_idx on quick_diagnosis (diagnosis_due)`,
];
