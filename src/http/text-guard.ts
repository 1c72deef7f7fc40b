import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Invalid } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route refuses bad text in its body itself; params and query are still checked here. POST
     * /connections/{id}/sql does, so a refused NUL lands in the SQL history.
     */
    checksBodyText?: boolean;
  }
}

/**
 * Text no field may hold: NUL (PostgreSQL text cannot store it) and unpaired UTF-16 surrogates (not
 * Unicode at all). Checked once for every route, before its schema, in whatever arrives as text:
 * JSON and form bodies, query strings and path parameters, keys as well as values.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const badText = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path (`a.b.0`) of the first string in `value` that holds bad text; '' for the value itself. Iterative: any depth. */
export function findBadText(value: unknown): string | undefined {
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (badText.test(item)) return path;
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        const childPath = path ? `${path}.${key}` : key;
        if (badText.test(key)) return childPath;
        pending.push([child, childPath]);
      }
    }
  }
  return undefined;
}

const locations = [
  ['body', (request: FastifyRequest) => request.body],
  ['querystring', (request: FastifyRequest) => request.query],
  ['params', (request: FastifyRequest) => request.params],
] as const;

export function rejectBadText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const ownBodyCheck = request.routeOptions.config.checksBodyText === true;
    for (const [location, read] of locations) {
      if (location === 'body' && ownBodyCheck) continue;
      const field = findBadText(read(request));
      if (field === undefined) continue;
      const message = 'must not contain NUL characters or unpaired surrogates';
      throw new Invalid(`Invalid ${location}: ${field ? `${field}: ` : ''}${message}`, [
        { location, field: field || null, message },
      ]);
    }
  });
}
