import type { AppContext } from '../context.ts';
import { migrationState } from '../db/client.ts';
import { version } from '../version.ts';

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  mode: 'server' | 'embedded';
  database: { ok: boolean; latency_ms: number | null; error?: string };
  migrations: { ok: boolean; applied: number; expected: number };
}

export async function checkHealth(ctx: Pick<AppContext, 'database'>): Promise<Health> {
  const started = performance.now();
  let database: Health['database'];
  try {
    await ctx.database.query('select 1');
    database = { ok: true, latency_ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    database = { ok: false, latency_ms: null, error: error instanceof Error ? error.message : String(error) };
  }
  const state = database.ok ? await migrationState(ctx.database) : { applied: 0, expected: 0 };
  const migrations = { ok: database.ok && state.applied >= state.expected, ...state };
  return {
    status: database.ok && migrations.ok ? 'ok' : 'degraded',
    version,
    mode: ctx.database.mode,
    database,
    migrations,
  };
}
