import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of sudden-death. */
export async function suddenDeathRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
