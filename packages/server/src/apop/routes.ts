import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of apop. */
export async function apopRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
