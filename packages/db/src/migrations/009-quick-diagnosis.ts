import type { MigrationStatements } from './types.ts';

/** Tables of quick-diagnosis. */
export const statements: MigrationStatements = [];
