/** The tables of apop (see migration 010). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ApopTables {}
