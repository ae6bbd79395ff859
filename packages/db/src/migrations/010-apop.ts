import type { MigrationStatements } from './types.ts';

/** Tables of apop. */
export const statements: MigrationStatements = [];
