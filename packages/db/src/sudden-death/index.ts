export type * from './tables.ts';
export * from './repository.ts';
