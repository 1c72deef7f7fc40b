import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import type { Runtime } from '../../src/runtime.ts';
import { buildApp } from '../../src/server.ts';
import { createScratchDatabase, testServerUrl } from './pg.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  runtime: Runtime;
  close(): Promise<void>;
}

/**
 * A fully built app on its own fresh database on the test server (or embedded PGlite in memory
 * when `embedded` is set). `env` overrides settings.
 */
export async function startApp(
  env: Record<string, string> = {},
  options: { embedded?: boolean; logStream?: NodeJS.WritableStream } = {},
): Promise<TestApp> {
  const scratch = options.embedded || env.DATABASE_URL ? undefined : await createScratchDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'askdb-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256',
    DATA_DIR: dataDir,
    AUTH_RATE_LIMIT: '10000',
    CONNECTION_TEST_RATE_LIMIT: '10000',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...env,
  });
  const { app, ctx, runtime } = await buildApp(config, { logStream: options.logStream });
  return {
    app,
    ctx,
    runtime,
    async close() {
      await app.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

let counter = 0;

/** Registers a user (unique name unless given) and logs in; returns the tokens and the user. */
export async function signUp(app: FastifyInstance, name?: string) {
  const username = name ?? `user${Date.now().toString(36)}${counter++}`;
  const password = 'correct horse battery';
  const registered = await app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { username, email: `${username}@example.com`, password },
  });
  if (registered.statusCode !== 201) throw new Error(`register failed: ${registered.body}`);
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { username, password } });
  const tokens = login.json() as { access_token: string; refresh_token: string };
  return {
    user: registered.json() as { id: string; username: string; email: string },
    password,
    ...tokens,
    headers: bearer(tokens.access_token),
  };
}

/** Adds `database` on the test server as a connection of the signed-in user (optionally with a query such as ?skip_test=true). */
export function connectTarget(
  app: FastifyInstance,
  headers: Record<string, string>,
  database: string,
  query = '',
  name = database,
) {
  const server = new URL(testServerUrl());
  return app.inject({
    method: 'POST',
    url: `/connections${query}`,
    headers,
    payload: {
      name,
      host: server.hostname,
      port: Number(server.port || 5432),
      database,
      username: 'postgres',
      password: 'x',
      ssl_mode: 'disable',
    },
  });
}
