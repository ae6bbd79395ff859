/** The tables of mdo (see migration 016). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MdoTables {}
