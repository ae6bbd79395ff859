import type { MigrationStatements } from './types.ts';

/** Tables of mdo. */
export const statements: MigrationStatements = [];
