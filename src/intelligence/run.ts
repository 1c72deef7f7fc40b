import { eq } from 'drizzle-orm';
import { type AnalysisState, recordAnalysisState, targetParams } from '../connections/service.ts';
import type { AppContext } from '../context.ts';
import { analysisRuns, connections } from '../db/schema.ts';
import { describeTargetError } from '../targets/postgres.ts';
import { analyzeDatabase } from './analyze.ts';
import { writeDocument } from './documents.ts';
import type { DatabaseModel } from './model.ts';
import { queryFnForPool } from './query.ts';
import { embedInsights } from './embeddings.ts';
import { hasInsights, storeAnalysis } from './store.ts';
import { syncProposals } from './terms/service.ts';
import { watchTarget } from './target-loss.ts';

type Deps = Pick<AppContext, 'db' | 'vault' | 'targets' | 'config' | 'log' | 'metrics' | 'embedder'>;

export interface AnalysisStats {
  tables: number;
  views: number;
  columns: number;
  rows: number;
  strategies: Record<string, number>;
  estimated_row_counts: number;
  exact_row_counts: number;
  values_indexed: number;
  duration_ms: number;
}

function statsOf(model: DatabaseModel, values: number, durationMs: number): AnalysisStats {
  const strategies: Record<string, number> = { categorical: 0, vector: 0, skip: 0 };
  let columns = 0;
  for (const table of model.tables)
    for (const column of table.columns) {
      columns++;
      strategies[column.strategy] = (strategies[column.strategy] ?? 0) + 1;
    }
  return {
    tables: model.tables.filter((t) => t.kind !== 'view' && t.kind !== 'materialized_view').length,
    views: model.tables.filter((t) => t.kind === 'view' || t.kind === 'materialized_view').length,
    columns,
    rows: model.tables.reduce((sum, t) => sum + Math.max(0, t.rowCount), 0),
    strategies,
    estimated_row_counts: model.tables.filter((t) => t.rowCountAccuracy === 'estimated').length,
    exact_row_counts: model.tables.filter((t) => t.rowCountAccuracy === 'exact').length,
    values_indexed: values,
    duration_ms: durationMs,
  };
}

/**
 * Studies one connection's database and stores what it learned. Status moves
 * pending → analyzing → indexing → ready (or `updating` throughout when earlier insights exist and stay
 * usable), with progress saved as it goes. On failure the connection ends `error` with a message when
 * `final` is set; otherwise it says it will retry.
 */
export async function runAnalysis(
  deps: Deps,
  connectionId: string,
  attempt: { final: boolean } = { final: true },
): Promise<void> {
  const [connection] = await deps.db.select().from(connections).where(eq(connections.id, connectionId));
  if (!connection) return;
  const started = Date.now();
  const refreshing = await hasInsights(deps.db, connectionId);
  const setStatus = (state: AnalysisState) =>
    recordAnalysisState(deps, connectionId, { ...state, updatedAt: new Date() });

  await setStatus({
    status: refreshing ? 'updating' : 'analyzing',
    analysisProgress: 0,
    statusMessage: 'Reading the catalog',
  });
  const [run] = await deps.db.insert(analysisRuns).values({ connectionId }).returning();
  try {
    const params = targetParams(deps, connection);
    const pool = await deps.targets.get(connectionId, params);
    const target = watchTarget(queryFnForPool(pool));
    let lastSaved = 0;
    const model = await analyzeDatabase(target.query, {
      categoryThreshold: deps.config.CATEGORY_THRESHOLD,
      sampleSize: deps.config.SAMPLE_SIZE,
      onProgress: (percent, message) => {
        const scaled = Math.min(85, Math.round(percent * 0.85));
        if (scaled <= lastSaved) return;
        lastSaved = scaled;
        void setStatus({ analysisProgress: scaled, statusMessage: message }).catch(() => {});
      },
    });
    // Built in memory so far: a target lost mid-run fails here, and the stored insights stay as they were.
    target.throwIfLost();
    await setStatus({
      status: refreshing ? 'updating' : 'indexing',
      analysisProgress: 90,
      statusMessage: 'Indexing what was learned',
    });
    const stored = await storeAnalysis(deps.db, connectionId, model, (table) => writeDocument(table, model));
    // Proposals only add to what people decided; a rule that fails must not fail the analysis.
    await syncProposals(deps.db, connectionId, model).catch((error: Error) =>
      deps.log.warn({ connectionId, reason: error.message }, 'proposing business terms failed'),
    );
    if (deps.embedder) {
      await setStatus({ analysisProgress: 95, statusMessage: 'Embedding table descriptions' });
      // Embeddings only add recall; a model that is down must not fail the analysis.
      await embedInsights(deps.db, deps.embedder, connectionId).catch((error: Error) =>
        deps.log.warn(
          { connectionId, reason: error.message },
          'embedding the insights failed; search uses words and values only',
        ),
      );
    }
    const stats = statsOf(model, stored.values, Date.now() - started);
    await setStatus({
      status: 'ready',
      analysisProgress: 100,
      lastAnalyzedAt: new Date(),
      serverVersion: model.serverVersion,
      statusMessage: `Analysed ${stats.tables} tables and ${stats.views} views (${stats.columns} columns) in ${(stats.duration_ms / 1000).toFixed(1)} s`,
    });
    await deps.db
      .update(analysisRuns)
      .set({ finishedAt: new Date(), durationMs: stats.duration_ms, outcome: 'ready', stats })
      .where(eq(analysisRuns.id, run!.id));
    deps.metrics.jobDuration.observe({ queue: 'analyze-connection', outcome: 'ready' }, stats.duration_ms / 1000);
  } catch (error) {
    const { message } = describeTargetError(error, targetParams(deps, connection));
    deps.log.warn({ connectionId, reason: message }, 'analysis failed');
    await setStatus(
      attempt.final
        ? { status: 'error', statusMessage: `Analysis failed: ${message}` }
        : { statusMessage: `Analysis failed (${message}); retrying` },
    );
    await deps.db
      .update(analysisRuns)
      .set({ finishedAt: new Date(), durationMs: Date.now() - started, outcome: 'error', error: message })
      .where(eq(analysisRuns.id, run!.id));
    deps.metrics.jobDuration.observe({ queue: 'analyze-connection', outcome: 'error' }, (Date.now() - started) / 1000);
    throw error;
  }
}
