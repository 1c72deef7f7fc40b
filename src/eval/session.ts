import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { register } from '../auth/service.ts';
import { loadConfig, type Config } from '../config.ts';
import { createConnection } from '../connections/service.ts';
import { parseConnectionUrl } from '../connections/url.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { connections, type Connection } from '../db/schema.ts';
import { runAnalysis } from '../intelligence/run.ts';
import { createLogger } from '../logger.ts';
import { openRuntime } from '../runtime.ts';

export interface EvalSessionOptions {
  /** Where each benchmark database lives: a postgres:// URL with `{db}` in place of its name. */
  dbUrl: string;
  env?: NodeJS.ProcessEnv;
  /** Settings that win over `env` (e.g. LLM_PROVIDER). */
  overrides?: Record<string, string>;
  /** The app database; unset → an embedded one in a temporary folder, removed on close. */
  appDatabaseUrl?: string;
  /**
   * Analyse in this process, one connection at a time as it is first asked for, instead of through
   * the job queue's worker (no polling delay: what a benchmark over many databases wants).
   */
  analyseInline?: boolean;
}

/** An in-memory AskDB with one user, connected on demand to each benchmark database and analysed to ready. */
export interface EvalSession {
  ctx: AppContext;
  config: Config;
  userId: string;
  connect(db: string): Promise<Connection>;
  close(): Promise<void>;
}

export async function openEvalSession(options: EvalSessionOptions): Promise<EvalSession> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'askdb-eval-'));
  const config = loadConfig({
    ...(options.env ?? process.env),
    DATABASE_URL: options.appDatabaseUrl ?? '',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    MAX_ROWS: '100000',
    ...options.overrides,
  });
  const log = createLogger(config) as FastifyBaseLogger;
  const runtime = await openRuntime(config, { log, worker: !options.analyseInline, database: undefined });
  const { ctx } = runtime;
  const user = await register(ctx, { username: 'eval', email: 'eval@askdb.local', password: 'evaluation-only' });
  const pending = new Map<string, Promise<Connection>>();
  let inline: Promise<unknown> = Promise.resolve();

  const analyse = async (db: string): Promise<Connection> => {
    const url = options.dbUrl.replaceAll('{db}', db);
    const created = await createConnection(ctx, user.id, { ...parseConnectionUrl(url), name: db }, { skipTest: false });
    if (options.analyseInline) {
      // One analysis at a time, as the worker would run them.
      // The pool is closed afterwards: a run over a hundred databases must not hold a hundred pools open.
      const run = inline.then(() => runAnalysis(ctx, created.id)).finally(() => ctx.targets.drop(created.id));
      inline = run.catch(() => {});
      await run;
    }
    return waitUntilAnalysed(ctx.db, created.id);
  };

  return {
    ctx,
    config,
    userId: user.id,
    connect(db) {
      let connection = pending.get(db);
      if (!connection) {
        connection = analyse(db);
        pending.set(db, connection);
      }
      return connection;
    },
    async close() {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilAnalysed(db: Db, id: string): Promise<Connection> {
  for (;;) {
    const [connection] = await db.select().from(connections).where(eq(connections.id, id));
    if (!connection) throw new Error('connection vanished');
    if (connection.status === 'ready') return connection;
    if (connection.status === 'error')
      throw new Error(`Analysis of ${connection.database} failed: ${connection.statusMessage}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
