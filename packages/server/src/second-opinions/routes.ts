import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of second-opinions. */
export async function secondOpinionsRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
