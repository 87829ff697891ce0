// Serves the staff web app (web/dist, built by `npm run build` or by `rapport serve` when stale) at /
// with a single-page fallback: any GET outside /api answers index.html and the app routes itself.
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
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    // scripts/build.mjs writes .br and .gz beside each asset.
    preCompressed: true,
    // Vite names assets by content hash, so they never change; index.html must always be re-read.
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes(join('dist', 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Every other GET outside /api is an app route (/contacts/123): answer index.html. app.ts keeps
  // the not-found handler for everything else; static files above win as more specific routes.
  app.get('/*', { config: { public: true }, schema: { hide: true } }, (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (path.startsWith('/api/') || path === '/api') {
      return problem(reply, req, 404, 'Not Found', `No route ${req.method} ${path}`, { code: 'no_route' });
    }
    // Assets of a build made after start-up (the static routes above were listed at start-up);
    // send() keeps the path inside dist and answers 404 for a missing file, never index.html.
    if (path.startsWith('/assets/')) return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(path.slice(1));
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
