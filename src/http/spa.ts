import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths that belong to the API: never answered with the SPA, so their 404s stay JSON. */
const apiPrefixes = [
  '/auth',
  '/users',
  '/connections',
  '/intelligence',
  '/chat',
  '/system',
  '/docs',
  '/openapi.json',
  '/metrics',
];

const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

export type HtmlFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

const notBuilt = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AskDB</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:3rem auto"><h1>AskDB</h1>
<p>The web UI has not been built in this checkout. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload.</p>
<p>The API is running: see <a href="/docs">/docs</a>.</p></body></html>`;

function wantsPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    (request.headers.accept ?? '').includes('text/html') &&
    !apiPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))
  );
}

/**
 * Serves the built SPA (dist/web): its files at their paths, and index.html for any other page a
 * browser asks for (client-side routes such as /db/… and /share/…). Returns the fallback the
 * not-found handler uses.
 */
export async function registerSpa(app: FastifyInstance, root = webRoot): Promise<HtmlFallback> {
  const built = existsSync(`${root}/index.html`);
  if (built) {
    await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: 'index.html' });
    // Browsers and tools ask for /favicon.ico whatever the page says; the icon is an SVG.
    app.get('/favicon.ico', { schema: { hide: true } }, (_request, reply) => reply.redirect('/favicon.svg', 301));
  }
  return (request, reply) => {
    if (!wantsPage(request)) return undefined;
    return built ? reply.type('text/html').sendFile('index.html') : reply.type('text/html').send(notBuilt);
  };
}
