import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { checkHealth } from './health.ts';

const healthOut = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  mode: z.enum(['server', 'embedded']),
  database: z.object({ ok: z.boolean(), latency_ms: z.number().nullable(), error: z.string().optional() }),
  migrations: z.object({ ok: z.boolean(), applied: z.number(), expected: z.number() }),
});

export function systemRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags: ['system'],
          summary: 'Is the service able to work (app database reachable, migrations applied)',
          response: { 200: healthOut, 503: healthOut },
        },
      },
      async (_request, reply) => {
        const health = await checkHealth(ctx);
        return reply.status(health.status === 'ok' ? 200 : 503).send(health);
      },
    );
  };
}
