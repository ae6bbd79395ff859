/** The tables of takeover (see migration 015). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TakeoverTables {}
