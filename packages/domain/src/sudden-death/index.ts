export * from './advice.ts';
export * from './request.ts';
export * from './steps.ts';
