export * from './schema.ts';
export * from './validate.ts';
export * from './search.ts';
export * from './call-now.ts';
export * from './phones.ts';
