import type { MigrationStatements } from './types.ts';

/** Tables of incidents. */
export const statements: MigrationStatements = [];
