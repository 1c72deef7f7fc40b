import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, bearerSecurity, currentUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { clientGone } from '../http/client-gone.ts';
import { executeSqlQuery } from './service.ts';

const resultOut = z.object({
  sql: z.string(),
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(z.unknown())),
  row_count: z.number(),
  truncated: z.boolean(),
  truncated_reason: z.string().nullable(),
  execution_ms: z.number(),
  relations: z.array(z.object({ schema: z.string().nullable(), name: z.string() })),
});

export function queryRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preHandler', authenticate(ctx));

    app.post(
      '/:id/sql',
      {
        // The guard refuses SQL holding NUL itself (400), so that the refusal is kept in the SQL history.
        config: { checksBodyText: true },
        schema: {
          tags: ['connections'],
          security: bearerSecurity,
          summary: 'Run one read-only SELECT (view permission); refused SQL gets 422 with the reason',
          params: z.object({ id: z.uuid('Connection id must be a UUID') }),
          body: z.object({
            sql: z.string().min(1, 'Send the SQL to run').max(100_000),
            max_rows: z.number().int().min(1).max(100_000).optional(),
          }),
          response: { 200: resultOut },
        },
      },
      async (request, reply) => {
        return executeSqlQuery(ctx, {
          userId: currentUser(request).id,
          connectionId: request.params.id,
          sql: request.body.sql,
          source: 'user',
          signal: clientGone(reply),
          maxRows: request.body.max_rows,
        });
      },
    );
  };
}
