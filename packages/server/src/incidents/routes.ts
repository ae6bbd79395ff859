import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of incidents. */
export async function incidentsRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
