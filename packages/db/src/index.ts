export * from './connect.ts';
export * from './migrate.ts';
export * from './audit/chain.ts';
export * from './catalog/repository.ts';
export * from './accounts/repository.ts';
export * from './referrals/repository.ts';
export type * from './schema.ts';
