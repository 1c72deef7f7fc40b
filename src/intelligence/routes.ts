import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, bearerSecurity, currentUser } from '../auth/guard.ts';
import { authorize } from '../connections/access.ts';
import type { AppContext } from '../context.ts';
import { searchTables } from '../retrieval/search.ts';
import { engineTerms } from './terms/service.ts';
import { insightOut, presentInsight } from './present.ts';
import { analysisStats, editInsight, listInsights } from './service.ts';
import { termRoutes } from './terms/routes.ts';

const connectionParams = z.object({ connection_id: z.uuid('Connection id must be a UUID') });

export function intelligenceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const tags = ['intelligence'];
  const security = bearerSecurity;
  return async (app) => {
    app.addHook('preHandler', authenticate(ctx));
    await app.register(termRoutes(ctx));

    app.get(
      '/:connection_id/insights',
      {
        schema: {
          tags,
          security,
          summary: 'What analysis learned, table by table (view permission)',
          params: connectionParams,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: {
            200: z.object({ items: z.array(insightOut), total: z.number(), limit: z.number(), offset: z.number() }),
          },
        },
      },
      async (request) => {
        const { connection } = await authorize(
          ctx,
          currentUser(request).id,
          request.params.connection_id,
          'read-intelligence',
        );
        const { items, total } = await listInsights(ctx, connection.id, request.query);
        return { items: items.map(presentInsight), total, ...request.query };
      },
    );

    app.get(
      '/:connection_id/stats',
      {
        schema: {
          tags,
          security,
          summary: 'Counts of tables, columns by strategy, rows, and the last analysis (view permission)',
          params: connectionParams,
          response: {
            200: z.object({
              status: z.string(),
              analysis_progress: z.number(),
              last_analyzed_at: z.string().nullable(),
              last_duration_ms: z.number().nullable(),
              tables: z.number(),
              views: z.number(),
              columns: z.number(),
              columns_by_strategy: z.record(z.string(), z.number()),
              rows: z.number(),
              row_counts: z.object({ exact: z.number(), estimated: z.number() }),
              values_indexed: z.number(),
            }),
          },
        },
      },
      async (request) => {
        const { connection } = await authorize(
          ctx,
          currentUser(request).id,
          request.params.connection_id,
          'read-intelligence',
        );
        return analysisStats(ctx, connection);
      },
    );

    app.put(
      '/:connection_id/insights/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Edit a table insight (owner); the edit is kept across re-analysis',
          params: connectionParams.extend({ id: z.uuid('Insight id must be a UUID') }),
          body: z
            .object({
              summary: z.string().trim().min(1).max(2000).optional(),
              document: z.string().trim().min(1).max(50_000).optional(),
              column_notes: z.record(z.string().min(1).max(63), z.string().max(2000)).optional(),
            })
            .refine((b) => b.summary !== undefined || b.document !== undefined || b.column_notes !== undefined, {
              message: 'Nothing to change: send summary, document or column_notes',
            }),
          response: { 200: insightOut },
        },
      },
      async (request) => {
        const { connection } = await authorize(
          ctx,
          currentUser(request).id,
          request.params.connection_id,
          'edit-intelligence',
        );
        const { summary, document, column_notes } = request.body;
        return presentInsight(
          await editInsight(ctx, connection.id, request.params.id, { summary, document, columnNotes: column_notes }),
        );
      },
    );

    app.get(
      '/:connection_id/search',
      {
        schema: {
          tags,
          security,
          summary: 'Hybrid search over tables, columns and stored values (view permission)',
          params: connectionParams,
          querystring: z.object({
            q: z.string().trim().min(1, 'Type something to search for').max(500),
            limit: z.coerce.number().int().min(1).max(50).default(10),
          }),
          response: {
            200: z.array(
              z.object({
                schema: z.string(),
                table: z.string(),
                summary: z.string(),
                score: z.number(),
                reasons: z.array(z.string()),
              }),
            ),
          },
        },
      },
      async (request) => {
        const { connection } = await authorize(
          ctx,
          currentUser(request).id,
          request.params.connection_id,
          'read-intelligence',
        );
        const terms = await ctx.knowledge.remember(connection, 'terms', () => engineTerms(ctx, connection.id));
        return searchTables(ctx, connection.id, request.query.q, request.query.limit, ctx.embedder, terms);
      },
    );
  };
}
