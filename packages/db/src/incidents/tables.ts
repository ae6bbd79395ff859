/** The tables of incidents (see migration 007). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IncidentsTables {}
