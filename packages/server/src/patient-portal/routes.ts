import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of patient-portal. */
export async function patientPortalRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
