export * from './templates.ts';
export { renderLetter, letterDocument } from './render.ts';
export * from './letters.ts';
