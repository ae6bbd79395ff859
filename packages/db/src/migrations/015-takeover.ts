import type { MigrationStatements } from './types.ts';

/** Tables of takeover. */
export const statements: MigrationStatements = [];
