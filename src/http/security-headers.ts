import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * One Content-Security-Policy for the SPA, the Swagger UI at /docs and every API answer: scripts only
 * from this origin (charts run their expressions through Vega's interpreter, so no eval), no plugins,
 * never framed. Styles allow inline because vega-embed and its tooltips inject <style> elements and
 * set style attributes on the SVG they draw; no script can come in that way.
 */
const cspDirectives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/**
 * Security headers on every response: the CSP above, X-Frame-Options DENY, nosniff, and
 * Referrer-Policy no-referrer (page URLs such as /share/<token> carry secrets). Register before routes.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
