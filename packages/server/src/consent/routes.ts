import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of consent. */
export async function consentRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
