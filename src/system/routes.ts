import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, bearerSecurity, currentUser } from '../auth/guard.ts';
import { authorize } from '../connections/access.ts';
import type { AppContext } from '../context.ts';
import { checkHealth } from './health.ts';
import { listHistory } from './history.ts';
import { usageStats } from './stats.ts';

const check = z.object({ ok: z.boolean(), latency_ms: z.number().nullable(), error: z.string().optional() });
const healthOut = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  mode: z.enum(['server', 'embedded']),
  database: check,
  migrations: z.object({ ok: z.boolean(), applied: z.number(), expected: z.number() }),
  jobs: check.extend({ queued: z.number(), active: z.number() }),
  llm: z.union([
    check.extend({ provider: z.string(), url: z.string().nullable() }),
    z.object({ provider: z.literal('builtin'), ok: z.literal(true) }),
  ]),
  demo: z.object({ status: z.enum(['off', 'starting', 'ready', 'failed']), url: z.string().nullable() }),
});

const connectionParams = z.object({ id: z.uuid('Connection id must be a UUID') });

export function systemRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const tags = ['system'];
  const security = bearerSecurity;
  return async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags,
          summary: 'Can the service work: app database, migrations, job queue, LLM endpoint (503 when degraded)',
          response: { 200: healthOut, 503: healthOut },
        },
      },
      async (_request, reply) => {
        const health = await checkHealth(ctx);
        return reply.status(health.status === 'ok' ? 200 : 503).send(health);
      },
    );

    app.register(async (plain) => {
      const secured = plain.withTypeProvider<ZodTypeProvider>();
      secured.addHook('preHandler', authenticate(ctx));

      secured.get(
        '/connections/:id/status',
        {
          schema: {
            tags,
            security,
            summary: 'Analysis status of a connection: status, progress, last analysis, last error',
            params: connectionParams,
            response: {
              200: z.object({
                id: z.uuid(),
                status: z.string(),
                analysis_progress: z.number(),
                status_message: z.string().nullable(),
                last_analyzed_at: z.string().nullable(),
                last_error: z.string().nullable(),
              }),
            },
          },
        },
        async (request) => {
          const { connection } = await authorize(ctx, currentUser(request).id, request.params.id, 'read');
          return {
            id: connection.id,
            status: connection.status,
            analysis_progress: connection.analysisProgress,
            status_message: connection.statusMessage,
            last_analyzed_at: connection.lastAnalyzedAt?.toISOString() ?? null,
            last_error: connection.status === 'error' ? connection.statusMessage : null,
          };
        },
      );

      secured.get(
        '/connections/:id/sql-history',
        {
          schema: {
            tags,
            security,
            summary: 'Queries run or refused on this connection, newest first (view permission)',
            params: connectionParams,
            querystring: z.object({
              limit: z.coerce.number().int().min(1).max(500).default(50),
              offset: z.coerce.number().int().min(0).default(0),
            }),
            response: {
              200: z.array(
                z.object({
                  id: z.number(),
                  user_id: z.string().nullable(),
                  source: z.enum(['llm', 'builtin', 'user', 'mcp']),
                  sql: z.string(),
                  ok: z.boolean(),
                  error: z.string().nullable(),
                  reason: z.string().nullable(),
                  row_count: z.number().nullable(),
                  execution_ms: z.number().nullable(),
                  created_at: z.string(),
                }),
              ),
            },
          },
        },
        async (request) => {
          const { connection } = await authorize(ctx, currentUser(request).id, request.params.id, 'read-history');
          return (await listHistory(ctx, connection.id, request.query)).map((h) => ({
            id: h.id,
            user_id: h.userId,
            source: h.source,
            sql: h.sql,
            ok: h.ok,
            error: h.error,
            reason: h.reason,
            row_count: h.rowCount,
            execution_ms: h.executionMs,
            created_at: h.createdAt.toISOString(),
          }));
        },
      );

      secured.get(
        '/stats',
        {
          schema: {
            tags,
            security,
            summary: 'Users, connections by status, questions and queries per day, latency (superusers see all)',
            querystring: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
            response: {
              200: z.object({
                scope: z.enum(['all', 'own']),
                days: z.number(),
                users: z.number(),
                connections: z.object({ total: z.number(), by_status: z.record(z.string(), z.number()) }),
                queries: z.object({
                  total: z.number(),
                  failed: z.number(),
                  p50_ms: z.number().nullable(),
                  p95_ms: z.number().nullable(),
                }),
                per_day: z.array(z.object({ day: z.string(), questions: z.number(), queries: z.number() })),
              }),
            },
          },
        },
        async (request) => usageStats(ctx, currentUser(request), request.query.days),
      );
    });
  };
}
