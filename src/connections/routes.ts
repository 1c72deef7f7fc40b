import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, bearerSecurity, currentUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { RateLimited } from '../errors.ts';
import { sslModes } from '../targets/postgres.ts';
import { authorize } from './access.ts';
import { demoTerms } from '../demo/terms.ts';
import { seedTerms } from '../intelligence/terms/service.ts';
import { addDemoConnection } from './demo.ts';
import { connectionOut, presentConnection } from './present.ts';
import * as service from './service.ts';
import { parseConnectionUrl } from './url.ts';

export const connectionParams = z.object({ id: z.uuid('Connection id must be a UUID') });
const skipTestQuery = z.object({
  skip_test: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});

const sslMode = z.enum(sslModes as [string, ...string[]]).transform((v) => v as (typeof sslModes)[number]);
const fields = {
  name: z.string().trim().min(1, 'Give the connection a name').max(100),
  description: z.string().trim().max(2000).nullish(),
  host: z.string().trim().min(1, 'Host is required').max(255),
  port: z.number().int().min(1).max(65535),
  database: z.string().min(1, 'Database is required').max(63),
  username: z.string().min(1, 'User name is required').max(63),
  password: z.string().max(1024),
  ssl_mode: sslMode,
};

/** Functions off the built-in allowlist the owner lets queries call: `name` or `schema.name`. */
const allowedFunctions = z
  .array(
    z
      .string()
      .trim()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_$]{0,62}(\.[A-Za-z_][A-Za-z0-9_$]{0,62})?$/,
        'Each allowed function is a name or schema.name, e.g. my_func or reports.fiscal_year',
      ),
  )
  .max(200, 'At most 200 allowed functions');

const testOut = z.object({
  ok: z.boolean(),
  message: z.string(),
  server_version: z.string().nullable(),
  latency_ms: z.number().nullable(),
  reason: z.string().optional(),
  warnings: z
    .array(z.string())
    .describe('Advice about the login, e.g. that it is a superuser or can write: use a read-only role'),
});

const createdOut = connectionOut.extend({
  warnings: z
    .array(z.string())
    .describe('Advice from the live test about the login, e.g. that it is a superuser or can write'),
});

export function connectionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const tags = ['connections'];
  const security = bearerSecurity;
  return async (app) => {
    app.addHook('preHandler', authenticate(ctx));

    // Every live test (create, from-url, test, credential edits) shares one budget per user, so the
    // endpoints cannot scan ports or enumerate roles at speed.
    const liveTests = app.rateLimit({
      max: ctx.config.CONNECTION_TEST_RATE_LIMIT,
      timeWindow: ctx.config.CONNECTION_TEST_RATE_WINDOW_SECONDS * 1000,
      keyGenerator: (request) => currentUser(request).id,
      errorResponseBuilder: (_request, context) =>
        new RateLimited(`Too many connection attempts; try again in ${context.after}`),
    });

    app.get(
      '/',
      {
        schema: {
          tags,
          security,
          summary: 'Connections you own or that are shared with you',
          response: { 200: z.array(connectionOut) },
        },
      },
      async (request) =>
        (await service.listConnections(ctx, currentUser(request).id)).map((c) =>
          presentConnection(c.connection, c.permission, c.ownerUsername),
        ),
    );

    app.post(
      '/',
      {
        schema: {
          tags,
          security,
          summary: 'Add a PostgreSQL connection (tested first unless skip_test=true)',
          querystring: skipTestQuery,
          body: z.object({
            ...fields,
            description: fields.description.optional(),
            port: fields.port.default(5432),
            password: fields.password.default(''),
            ssl_mode: fields.ssl_mode.default('prefer'),
          }),
          response: { 201: createdOut },
        },
        preHandler: liveTests,
      },
      async (request, reply) => {
        const user = currentUser(request);
        const { ssl_mode, ...rest } = request.body;
        const { connection, warnings } = await service.addConnection(
          ctx,
          user.id,
          { ...rest, sslMode: ssl_mode },
          { skipTest: request.query.skip_test },
        );
        return reply.status(201).send({ ...presentConnection(connection, 'owner', user.username), warnings });
      },
    );

    app.post(
      '/from-url',
      {
        schema: {
          tags,
          security,
          summary: 'Add a connection from a postgres:// URL (sslmode and percent-encoded passwords understood)',
          querystring: skipTestQuery,
          body: z.object({
            url: z.string().min(1).max(4096),
            name: fields.name.optional(),
            description: fields.description.optional(),
          }),
          response: { 201: createdOut },
        },
        preHandler: liveTests,
      },
      async (request, reply) => {
        const user = currentUser(request);
        const parsed = parseConnectionUrl(request.body.url);
        const { connection, warnings } = await service.addConnection(
          ctx,
          user.id,
          {
            ...parsed,
            name: request.body.name ?? `${parsed.database} on ${parsed.host}`,
            description: request.body.description,
          },
          { skipTest: request.query.skip_test },
        );
        return reply.status(201).send({ ...presentConnection(connection, 'owner', user.username), warnings });
      },
    );

    app.post(
      '/demo',
      {
        schema: {
          tags,
          security,
          summary: 'Try the demo database: adds the embedded demo as your connection (409 with its id if you have it)',
          response: { 201: connectionOut },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const connection = await addDemoConnection(ctx, user.id);
        // The demo ships the words its people use for their figures, already accepted.
        await seedTerms(ctx.db, connection.id, demoTerms);
        return reply.status(201).send(presentConnection(connection, 'owner', user.username));
      },
    );

    app.get(
      '/:id',
      {
        schema: {
          tags,
          security,
          summary: 'One connection, with status and analysis progress',
          params: connectionParams,
          response: { 200: connectionOut },
        },
      },
      async (request) => {
        const { connection, permission } = await authorize(ctx, currentUser(request).id, request.params.id, 'read');
        return presentConnection(connection, permission, await service.ownerName(ctx, connection));
      },
    );

    app.put(
      '/:id',
      {
        schema: {
          tags,
          security,
          summary:
            'Edit a connection (owner); new credentials are re-tested and trigger re-analysis. Changing host, port, database, username or ssl_mode needs the password again',
          params: connectionParams,
          querystring: skipTestQuery,
          body: z.object(fields).partial().extend({ allowed_functions: allowedFunctions.optional() }),
          response: { 200: connectionOut },
        },
        preHandler: liveTests,
      },
      async (request) => {
        const { connection, permission } = await authorize(ctx, currentUser(request).id, request.params.id, 'edit');
        const { ssl_mode, allowed_functions, ...rest } = request.body;
        const changes = { ...rest, sslMode: ssl_mode, allowedFunctions: allowed_functions };
        const updated = await service.updateConnection(ctx, connection, changes, { skipTest: request.query.skip_test });
        return presentConnection(updated, permission, await service.ownerName(ctx, updated));
      },
    );

    app.delete(
      '/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Delete a connection and everything learned about it (owner)',
          params: connectionParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { connection } = await authorize(ctx, currentUser(request).id, request.params.id, 'delete');
        await service.deleteConnection(ctx, connection);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/:id/test',
      {
        schema: {
          tags,
          security,
          summary:
            'Test the connection live (owner): the stored values, or the values being edited when a body is sent (nothing is saved; a new host, port, database, username or ssl_mode needs the password)',
          params: connectionParams,
          body: z
            .object({
              host: fields.host,
              port: fields.port,
              database: fields.database,
              username: fields.username,
              password: fields.password,
              ssl_mode: sslMode,
            })
            .partial()
            .nullish(),
          response: { 200: testOut },
        },
        preHandler: liveTests,
      },
      async (request) => {
        const { connection } = await authorize(ctx, currentUser(request).id, request.params.id, 'test');
        if (!request.body) return service.testStoredConnection(ctx, connection);
        const { ssl_mode, ...rest } = request.body;
        return service.testEditedConnection(ctx, connection, { ...rest, sslMode: ssl_mode });
      },
    );

    app.post(
      '/:id/reanalyze',
      {
        schema: {
          tags,
          security,
          summary: 'Queue a fresh analysis of the database (owner)',
          params: connectionParams,
          response: { 202: z.object({ status: z.literal('queued'), requested_at: z.string() }) },
        },
      },
      async (request, reply) => {
        const { connection } = await authorize(ctx, currentUser(request).id, request.params.id, 'reanalyze');
        const updated = await service.requestAnalysis(ctx, connection);
        return reply
          .status(202)
          .send({ status: 'queued' as const, requested_at: updated.analysisRequestedAt!.toISOString() });
      },
    );
  };
}
