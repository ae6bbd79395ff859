export * from './schema.ts';
export * from './dossier.ts';
export * from './completeness.ts';
