export * from './age.ts';
export * from './screening.ts';
export * from './model.ts';
export * from './result.ts';
