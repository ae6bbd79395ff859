import type { MigrationStatements } from './types.ts';

/** Tables of sudden-death. */
export const statements: MigrationStatements = [];
