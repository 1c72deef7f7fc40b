import type { AppContext } from '../context.ts';
import { migrationState, type AppDatabase } from '../db/client.ts';
import { version } from '../version.ts';
import { messageOf } from '../errors.ts';

interface Check {
  ok: boolean;
  latency_ms: number | null;
  error?: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  mode: 'server' | 'embedded';
  database: Check;
  migrations: { ok: boolean; applied: number; expected: number };
  jobs: Check & { queued: number; active: number };
  llm: (Check & { provider: string; url: string | null }) | { provider: 'builtin'; ok: true };
  /** The embedded demo database; informative only, it never degrades health. */
  demo: { status: 'off' | 'starting' | 'ready' | 'failed'; url: string | null };
}

async function timed(run: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await run();
    return { ok: true, latency_ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, latency_ms: null, error: messageOf(error) };
  }
}

/** Reaches the configured LLM endpoint (not the built-in engine) with a short timeout. */
async function checkLlm(ctx: Pick<AppContext, 'config'>): Promise<Health['llm']> {
  const { config } = ctx;
  if (config.LLM_PROVIDER === 'builtin') return { provider: 'builtin', ok: true };
  const url =
    config.LLM_PROVIDER === 'ollama'
      ? new URL('/api/tags', config.OLLAMA_BASE_URL).toString()
      : `${config.OPENAI_BASE_URL.replace(/\/$/, '')}/models`;
  const check = await timed(async () => {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(2000),
      headers:
        config.OPENAI_API_KEY && config.LLM_PROVIDER === 'openai'
          ? { authorization: `Bearer ${config.OPENAI_API_KEY}` }
          : {},
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  });
  return { ...check, provider: config.LLM_PROVIDER, url };
}

/** Analysis jobs waiting (or due for a retry) and running. */
export async function analysisJobCounts(database: AppDatabase): Promise<{ queued: number; active: number }> {
  const [row] = await database.query<{ queued: number; active: number }>(
    `select count(*) filter (where state in ('created','retry'))::int as queued,
            count(*) filter (where state = 'active')::int as active
     from pgboss.job where name = 'analyze-connection'`,
  );
  return { queued: row?.queued ?? 0, active: row?.active ?? 0 };
}

export async function checkHealth(ctx: Pick<AppContext, 'database' | 'config' | 'demo'>): Promise<Health> {
  const database = await timed(() => ctx.database.query('select 1'));
  const state = database.ok ? await migrationState(ctx.database) : { applied: 0, expected: 0 };
  const migrations = { ok: database.ok && state.applied >= state.expected, ...state };
  let counts = { queued: 0, active: 0 };
  const jobs = await timed(async () => {
    counts = await analysisJobCounts(ctx.database);
  });
  const llm = await checkLlm(ctx);
  return {
    status: database.ok && migrations.ok && jobs.ok && llm.ok ? 'ok' : 'degraded',
    version,
    mode: ctx.database.mode,
    database,
    migrations,
    jobs: { ...jobs, ...counts },
    llm,
    demo: { status: ctx.demo?.status ?? 'off', url: ctx.demo?.url ?? null },
  };
}
