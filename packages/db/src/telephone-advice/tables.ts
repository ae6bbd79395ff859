/** The tables of telephone-advice (see migration 006). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TelephoneAdviceTables {}
