export * from './config.ts';
export * from './schema.ts';
export * from './clock.ts';
