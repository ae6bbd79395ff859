import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of quick-diagnosis. */
export async function quickDiagnosisRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
