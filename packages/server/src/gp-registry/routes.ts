import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of gp-registry. */
export async function gpRegistryRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
