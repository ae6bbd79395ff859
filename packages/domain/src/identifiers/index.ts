export * from './bsn.ts';
export * from './agb.ts';
export * from './postcode.ts';
export * from './phone.ts';
export * from './phone-format.ts';
export * from './uzi-ura.ts';
