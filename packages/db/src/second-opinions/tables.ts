/** The tables of second-opinions (see migration 012). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SecondOpinionsTables {}
