import type { FastifyInstance } from 'fastify';
import type { CapabilityOptions } from '../http/capability.ts';

/** The API of telephone-advice. */
export async function telephoneAdviceRoutes(app: FastifyInstance, options: CapabilityOptions) {
  void app;
  void options;
}
