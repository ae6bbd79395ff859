export * from './model.ts';
export * from './machine.ts';
export * from './completeness.ts';
export * from './deadlines.ts';
export * from './schema.ts';
