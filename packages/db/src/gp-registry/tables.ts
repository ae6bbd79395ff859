/** The tables of gp-registry (see migration 008). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GpRegistryTables {}
