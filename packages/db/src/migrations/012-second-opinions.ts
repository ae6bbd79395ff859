import type { MigrationStatements } from './types.ts';

/** Tables of second-opinions. */
export const statements: MigrationStatements = [];
