import type { MigrationStatements } from './types.ts';

/** A professional's UZI number (CIBG's UZI register), beside the AGB code, for FHIR and the national platforms. */
export const statements: MigrationStatements = [
  `alter table user_profile add column uzi_number text check (uzi_number ~ '^[0-9]{9}$')`,
];
