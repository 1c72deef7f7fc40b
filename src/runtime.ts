import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { AccessTokens } from './auth/tokens.ts';
import type { Config } from './config.ts';
import { DemoHandle, followDemo } from './connections/demo.ts';
import { loadVault } from './connections/keys.ts';
import { parseConnectionUrl } from './connections/url.ts';
import type { AppContext } from './context.ts';
import { openDatabase, type AppDatabase } from './db/client.ts';
import { AnalysisJobs } from './intelligence/jobs.ts';
import { createBoss } from './jobs/boss.ts';
import { createEmbedder, createProvider } from './llm/index.ts';
import { KnowledgeCache } from './retrieval/knowledge-cache.ts';
import { persistentSecret } from './secrets.ts';
import { analysisJobCounts } from './system/health.ts';
import { Metrics } from './system/metrics.ts';
import { appDatabaseIdentity, TargetGuard } from './targets/guard.ts';
import { NetworkPolicy } from './targets/network-policy.ts';
import { TargetPools } from './targets/postgres.ts';

/** Whether `target` is where the postgres:// `url` points. */
function sameAddress(url: string, target: { host: string; port: number }): boolean {
  const { host, port } = parseConnectionUrl(url);
  return host === target.host && port === target.port;
}

export interface Runtime {
  ctx: AppContext;
  jobs: AnalysisJobs;
  close(): Promise<void>;
}

/**
 * Everything a process role needs besides HTTP: the migrated app database, secrets, target pools and
 * the job queue (with a worker when `worker` is set). `serve` and `worker` both start from here.
 */
export async function openRuntime(
  config: Config,
  options: {
    log: FastifyBaseLogger;
    worker: boolean;
    database?: AppDatabase;
    processMetrics?: boolean;
    demo?: boolean;
  },
): Promise<Runtime> {
  const { log } = options;
  const database =
    options.database ??
    (await openDatabase({ databaseUrl: config.DATABASE_URL, embeddedPath: path.join(config.dataDir, 'app') }));
  await database.migrate();
  const jwtSecret =
    config.JWT_SECRET ??
    persistentSecret(config.dataDir, 'jwt-secret', 48, (file) =>
      log.warn({ file }, 'JWT_SECRET is not set: generated one for this data folder; set JWT_SECRET in production'),
    );
  const demo = options.demo
    ? DemoHandle.start({
        dataDir: path.join(config.dataDir, 'demo'),
        port: config.DEMO_PORT,
        log: (message) => log.info(message),
      })
    : null;
  const guard = new TargetGuard({
    policy: new NetworkPolicy({
      allow: config.TARGET_ALLOW,
      deny: config.TARGET_DENY,
      production: config.NODE_ENV === 'production',
    }),
    appIdentity: await appDatabaseIdentity(database),
    // The embedded demo is always allowed, wherever it listens.
    exempt: (target) => {
      const url = demo?.url;
      return url != null && sameAddress(url, target);
    },
  });
  const base = {
    config,
    database,
    db: database.db,
    tokens: new AccessTokens(jwtSecret, config.JWT_EXPIRE_MINUTES),
    vault: loadVault(config, (file) =>
      log.warn(
        { file },
        'ENCRYPTION_KEY is not set: generated one for this data folder; keep it safe, it decrypts stored database passwords',
      ),
    ),
    targets: new TargetPools({ guard }),
    metrics: new Metrics({ processMetrics: options.processMetrics }),
    llm: createProvider(config),
    embedder: createEmbedder(config),
    demo,
    log,
  };
  if (base.demo) {
    void base.demo.ready
      .then(async (demo) => {
        if (!demo) return log.warn({ reason: base.demo?.error }, 'the demo database could not start');
        const moved = await followDemo(database.db, path.join(config.dataDir, 'demo-address'), demo);
        log.info({ url: demo.url, moved }, 'demo database ready');
      })
      .catch((error: Error) => log.warn({ reason: error.message }, 'could not update demo connections'));
  }
  const jobs = new AnalysisJobs(createBoss(database), base);
  const ctx: AppContext = { ...base, analysis: jobs, knowledge: new KnowledgeCache(database.db) };
  ctx.metrics.watch({
    app: database.driver.kind === 'server' ? database.driver.pool : null,
    targets: ctx.targets,
    queue: () => analysisJobCounts(database),
  });
  await jobs.start({ worker: options.worker });
  return {
    ctx,
    jobs,
    async close() {
      await jobs.stop();
      await ctx.demo?.stop();
      await ctx.targets.closeAll();
      if (!options.database) await database.close();
    },
  };
}
