import type { MigrationStatements } from './types.ts';

/** Tables of costs. */
export const statements: MigrationStatements = [];
