import type { MigrationStatements } from './types.ts';

/** Tables of telephone-advice. */
export const statements: MigrationStatements = [];
