import type { FastifyInstance } from 'fastify';

/**
 * JSON bodies through Fastify's own parser (prototype-poisoning checks included), except that an
 * empty body reads as no body: many clients send `Content-Type: application/json` on a bodiless POST
 * or DELETE. A route that needs a body still answers 400 from its schema.
 */
export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') return done(null, undefined);
    return parseJson(request, text, done);
  });
}
