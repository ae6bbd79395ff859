import type { MigrationStatements } from './types.ts';

/** Tables of gp-registry. */
export const statements: MigrationStatements = [];
