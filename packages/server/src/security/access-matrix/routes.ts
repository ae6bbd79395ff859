import type { FastifyInstance, RouteOptions } from 'fastify';

/** A route as the app serves it: one HTTP method on one URL pattern, with the access rule it declares. */
export interface ServedRoute {
  method: string;
  url: string;
  access: string | undefined;
}

/**
 * Collects every route the app registers, through an onRoute hook added the moment the Fastify instance is made
 * (see the `vi.mock('fastify')` in the matrix test): `buildApp` makes its own instance, and `printRoutes` drops
 * wildcard routes, so reading the router back afterwards would miss routes. HEAD is left out: Fastify derives it
 * from GET, with the same handler and hooks.
 */
export function routeCollector() {
  const routes: ServedRoute[] = [];
  return {
    routes,
    attach(app: FastifyInstance) {
      app.addHook('onRoute', (route: RouteOptions) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods) {
          if (method === 'HEAD') continue;
          routes.push({ method, url: route.url, access: route.config?.access });
        }
      });
    },
  };
}

export const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
