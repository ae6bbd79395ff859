/** The tables of quick-diagnosis (see migration 009). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface QuickDiagnosisTables {}
