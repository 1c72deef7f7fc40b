import type { FastifyBaseLogger } from 'fastify';
import type { AccessTokens } from './auth/tokens.ts';
import type { Config } from './config.ts';
import type { AppDatabase, Db } from './db/client.ts';

/** What services need from the running app; built once in server.ts, built the same way by tests. */
export interface AppContext {
  config: Config;
  database: AppDatabase;
  db: Db;
  tokens: AccessTokens;
  log: FastifyBaseLogger;
}
