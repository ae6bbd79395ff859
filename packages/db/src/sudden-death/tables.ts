/** The tables of sudden-death (see migration 011). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SuddenDeathTables {}
