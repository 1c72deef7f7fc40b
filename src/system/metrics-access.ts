import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Unauthorized } from '../errors.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** preHandler of /metrics: open when no METRICS_TOKEN is configured, otherwise it must come as the bearer token. */
export function metricsAccess(token: string | undefined) {
  const expected = token ? digest(token) : undefined;
  return async (request: FastifyRequest): Promise<void> => {
    if (!expected) return;
    const [scheme, given] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !given || !timingSafeEqual(digest(given), expected))
      throw new Unauthorized('Metrics need "Authorization: Bearer <METRICS_TOKEN>"');
  };
}
