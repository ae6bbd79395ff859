/** A migration is a list of SQL statements run in order, one at a time (PGlite runs one per query). */
export type MigrationStatements = readonly string[];
