import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of takeover. */
export async function takeoverRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
