// Serves the staff web app (web/dist, built by `npm run build`) at / with a single-page fallback.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { packageRoot } from './db/migrate.ts';
import { problem } from './platform/http.ts';

export async function registerWeb(app: FastifyInstance) {
  const dist = join(packageRoot(), 'web', 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    app.get('/', { config: { public: true }, schema: { hide: true } }, (_req, reply) =>
      reply.type('text/html').send(
        '<!doctype html><meta charset="utf-8"><title>Rapport</title><h1>Rapport</h1>' +
          '<p>The API is running. Read <a href="/api/docs">the API documentation</a>.</p>',
      ),
    );
    return;
  }
  await app.register(fastifyStatic, { root: dist, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return problem(reply, req, 404, 'Not Found', `No route ${req.method} ${req.url.split('?')[0]}`, { code: 'no_route' });
  });
}
