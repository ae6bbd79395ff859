import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of mdo. */
export async function mdoRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
