import type { MigrationStatements } from './types.ts';

/**
 * Legal holds (R-SEC-04): a dossier under a hold (a claim, a complaint, an investigation) is kept past its
 * retention period until the hold is lifted. A hold names the dossier's root: a patient, or a referral made
 * without a known patient. No foreign key, so a hold can be placed on what the review lists and outlives nothing.
 */
export const statements: MigrationStatements = [
  `create table retention_hold (
    root_table text not null check (root_table in ('patient', 'referral')),
    root_id text not null,
    reason text not null,
    placed_by text,
    placed_at timestamptz not null default now(),
    primary key (root_table, root_id)
  )`,
];
