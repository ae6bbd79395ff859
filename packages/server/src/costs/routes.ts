import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of costs. */
export async function costsRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
