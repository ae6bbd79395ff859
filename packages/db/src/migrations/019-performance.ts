import type { MigrationStatements } from './types.ts';

/**
 * Indexes found with the benchmarks at a million referrals (bench/README.md, issue 8).
 *
 * - The worklist reads the open referrals of a department in due order. Over the years nearly all referrals are
 *   closed, and the (department, state, due) index still made PostgreSQL fetch every referral of the department
 *   and sort. A partial index over open referrals only, in the worklist's own order (the same expressions as
 *   `worklist()` in referrals/repository.ts), lets one department's first page be read in order and stop at the
 *   limit.
 * - Patient lookup by the start of a family name: with a database collation other than "C" (C.UTF-8 is not "C"
 *   to PostgreSQL 15) a LIKE prefix cannot use an ordinary text index, so the name index was scanned whole.
 *   text_pattern_ops compares byte-wise and serves `like 'jans%'` under any collation.
 */
export const statements: MigrationStatements = [
  `create index referral_open_worklist_idx on referral (
     department_id,
     coalesce(case when state in ('received', 'in-triage', 'awaiting-information') then triage_due else seen_within end, '9999-12-31'),
     (case coalesce(urgency, urgency_requested) when 'urgent' then 0 else 1 end),
     submitted_at
   ) where state not in ('draft', 'rejected', 'completed', 'cancelled')`,
  `create index patient_family_name_prefix_idx on patient (lower(family_name) text_pattern_ops, birth_date)`,
];
