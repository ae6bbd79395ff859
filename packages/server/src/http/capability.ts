import type { DocumentStore } from '../documents/index.ts';

/** What the app hands each capability's routes besides `app.loket`. */
export interface CapabilityOptions {
  /** Content-addressed storage for uploaded files (consent declarations, forms). */
  store: DocumentStore;
}
