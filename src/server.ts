import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { authRoutes } from './auth/routes.ts';
import type { Config } from './config.ts';
import { chatRoutes } from './chat/routes.ts';
import { connectionRoutes } from './connections/routes.ts';
import { sharingRoutes } from './connections/sharing-routes.ts';
import { RateLimited } from './errors.ts';
import { installErrorHandling, type PageFallback } from './http/errors.ts';
import { acceptEmptyJsonBodies } from './http/json-body.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerSpa } from './http/spa.ts';
import { rejectBadText } from './http/text-guard.ts';
import { intelligenceRoutes } from './intelligence/routes.ts';
import { createLogger } from './logger.ts';
import { mcpRoutes } from './mcp/routes.ts';
import { queryRoutes } from './query/routes.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import type { AppContext } from './context.ts';
import type { AppDatabase } from './db/client.ts';
import { metricsAccess } from './system/metrics-access.ts';
import { systemRoutes } from './system/routes.ts';
import { userRoutes } from './users/routes.ts';
import { version } from './version.ts';

export interface BuildOptions {
  /** An already open app database (tests share one per file); otherwise one is opened from config. */
  database?: AppDatabase;
  /** Where log lines go (tests read them to prove secrets never reach a log); stdout by default. */
  logStream?: NodeJS.WritableStream;
  /** Run the analysis worker in this process (default: unless WORKER=off). */
  worker?: boolean;
  /** Export process metrics (CPU, memory, event loop) at /metrics: on for `serve`, off in tests. */
  processMetrics?: boolean;
}

export interface Built {
  app: FastifyInstance;
  ctx: AppContext;
  runtime: Runtime;
}

/** Builds the whole HTTP app: plugins, error mapping, module routes. Opens and migrates the app DB. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<Built> {
  const app = Fastify({
    loggerInstance: createLogger(config, options.logStream) as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const runtime = await openRuntime(config, {
    log: app.log,
    worker: options.worker ?? config.WORKER === 'on',
    database: options.database,
    processMetrics: options.processMetrics,
    demo: config.DEMO === 'on' || (config.DEMO === 'auto' && config.embedded && config.NODE_ENV !== 'test'),
  });
  const { ctx } = runtime;

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    ctx.metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.addHook('onClose', () => runtime.close());

  const pages: PageFallback = {};
  installErrorHandling(app, pages);
  await registerSecurityHeaders(app);
  rejectBadText(app);
  await app.register(cors, { origin: config.corsOrigins, credentials: true });
  acceptEmptyJsonBodies(app);
  await app.register(formbody);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new RateLimited(`Too many attempts; try again in ${context.after}`),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'AskDB', version, description: 'Ask your PostgreSQL databases questions in plain language.' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          oauth2: { type: 'oauth2', flows: { password: { tokenUrl: '/auth/login', scopes: {} } } },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/metrics',
    { schema: { hide: true }, preHandler: metricsAccess(config.METRICS_TOKEN) },
    async (_request, reply) =>
      reply.header('content-type', ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics()),
  );

  await app.register(authRoutes(ctx), { prefix: '/auth' });
  await app.register(userRoutes(ctx), { prefix: '/users' });
  await app.register(connectionRoutes(ctx), { prefix: '/connections' });
  await app.register(sharingRoutes(ctx), { prefix: '/connections' });
  await app.register(queryRoutes(ctx), { prefix: '/connections' });
  await app.register(intelligenceRoutes(ctx), { prefix: '/intelligence' });
  await app.register(chatRoutes(ctx), { prefix: '/chat' });
  await app.register(mcpRoutes(ctx), { prefix: '/mcp' });
  pages.current = await registerSpa(app);
  await app.register(systemRoutes(ctx), { prefix: '/system' });

  await app.ready();
  return { app, ctx, runtime };
}
