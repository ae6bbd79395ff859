import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendProblem } from './errors.ts';

/**
 * Serves the built web app: hashed assets with long caching, and index.html for every other page path so the
 * browser router can take over. API paths that match nothing get a JSON 404.
 */
export async function webRoutes(app: FastifyInstance) {
  const { webDir } = app.loket.config;
  const built = existsSync(join(webDir, 'index.html'));
  // The build writes .br and .gz copies of its text files (packages/web/vite.config.ts): sent when accepted.
  await app.register(fastifyStatic, { root: webDir, serve: false, preCompressed: true });

  app.get('/assets/*', { config: { access: 'public' }, schema: { hide: true } }, (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    // A missing asset is a 404, not the app's index page: a stale page asking for an old chunk must see it fail.
    if (!/^[\w.-]+$/.test(file) || !existsSync(join(webDir, 'assets', file)))
      return sendProblem(request, reply, 404, 'not-found');
    return reply.sendFile(file, join(webDir, 'assets'), { maxAge: '365d', immutable: true });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    if (request.method !== 'GET' || path.startsWith('/api/') || path.startsWith('/fhir/')) {
      return sendProblem(request, reply, 404, 'not-found');
    }
    if (!built) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The web app has not been built. Run "npm run build" (npm start does this for you).');
    }
    const file = path.slice(1);
    if (/^[\w.-]+\.(ico|png|svg|txt|webmanifest)$/.test(file) && existsSync(join(webDir, file))) {
      return reply.sendFile(file, { maxAge: '1d' });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
