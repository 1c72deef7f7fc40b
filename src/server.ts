import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authRoutes } from './auth/routes.ts';
import { AccessTokens } from './auth/tokens.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase, type AppDatabase } from './db/client.ts';
import { AppError } from './errors.ts';
import { installErrorHandling } from './http/errors.ts';
import { persistentSecret } from './secrets.ts';
import { systemRoutes } from './system/routes.ts';
import { userRoutes } from './users/routes.ts';
import { version } from './version.ts';

export interface BuildOptions {
  /** An already open app database (tests share one per file); otherwise one is opened from config. */
  database?: AppDatabase;
  logger?: boolean;
}

export interface Built {
  app: FastifyInstance;
  ctx: AppContext;
}

const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.current_password',
  '*.new_password',
  '*.refresh_token',
  '*.access_token',
];

/** Builds the whole HTTP app: plugins, error mapping, module routes. Opens and migrates the app DB. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<Built> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { level: config.LOG_LEVEL, redact: { paths: redactedPaths, censor: '[redacted]' } },
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ownsDatabase = !options.database;
  const database =
    options.database ??
    (await openDatabase({ databaseUrl: config.DATABASE_URL, embeddedPath: path.join(config.dataDir, 'app') }));
  if (ownsDatabase) await database.migrate();

  const jwtSecret =
    config.JWT_SECRET ??
    persistentSecret(config.dataDir, 'jwt-secret', 48, (file) =>
      app.log.warn({ file }, 'JWT_SECRET is not set: generated one for this data folder; set JWT_SECRET in production'),
    );
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    tokens: new AccessTokens(jwtSecret, config.JWT_EXPIRE_MINUTES),
    log: app.log,
  };

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  if (ownsDatabase) app.addHook('onClose', async () => database.close());

  installErrorHandling(app);
  await app.register(cors, { origin: config.corsOrigins, credentials: true });
  await app.register(formbody);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'rate_limited', `Too many attempts; try again in ${context.after}`),
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
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes(ctx), { prefix: '/auth' });
  await app.register(userRoutes(ctx), { prefix: '/users' });
  await app.register(systemRoutes(ctx), { prefix: '/system' });

  await app.ready();
  return { app, ctx };
}
