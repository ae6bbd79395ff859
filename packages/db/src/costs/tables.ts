/** The tables of costs (see migration 014). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CostsTables {}
