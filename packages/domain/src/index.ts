export * from './i18n/localized-text.ts';
export * from './i18n/localized-text-schema.ts';
export * from './identifiers/index.ts';
export * from './catalog/index.ts';
export * from './calendar/local-time.ts';
export * from './access/index.ts';
export * from './accounts/schema.ts';
