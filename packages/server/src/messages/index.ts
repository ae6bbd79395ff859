export * from './outbox.ts';
export * from './mailer.ts';
export * from './worker.ts';
