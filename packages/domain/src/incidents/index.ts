export * from './schema.ts';
export * from './model.ts';
