import { extractCatalog } from './extract.ts';
import { withInferredJoins } from './infer.ts';
import type { DatabaseModel, TableInfo } from './model.ts';
import { withDefaults, type AnalysisOptions } from './options.ts';
import { profileDatabase } from './profile.ts';
import type { QueryFn } from './query.ts';
import { chooseStrategy } from './strategy.ts';

/** Calls `report` only with values above the last one, so progress never goes back. */
function monotonic(report: AnalysisOptions['onProgress']) {
  let last = -1;
  return (percent: number, message: string) => {
    const rounded = Math.min(100, Math.max(0, Math.round(percent)));
    if (rounded <= last) return;
    last = rounded;
    report?.(rounded, message);
  };
}

/**
 * Studies a database: reads its catalog (a few queries for the whole database), profiles every
 * column (planner statistics where they exist, bounded samples where they do not, exact figures for
 * small tables), infers the joins it does not declare, then decides each column's strategy. The
 * joins come before the strategies because a column found to be a join key is skipped as one.
 */
export async function analyzeDatabase(query: QueryFn, options: Partial<AnalysisOptions> = {}): Promise<DatabaseModel> {
  const settings = withDefaults(options);
  const progress = monotonic(settings.onProgress);

  progress(0, 'Reading the catalog');
  const catalog = await extractCatalog(query, settings);
  progress(10, `Found ${catalog.tables.length} tables and views; profiling their columns`);

  const profiles = await profileDatabase(query, catalog, settings, (share, message) =>
    progress(10 + share * 80, message),
  );
  const profiled: TableInfo[] = catalog.tables.map((table) => {
    const learned = profiles.get(table);
    const betterCount =
      learned?.rowCount && (learned.rowCount.accuracy === 'exact' || table.rowCountAccuracy !== 'exact');
    return {
      ...table,
      rowCount: betterCount ? learned.rowCount!.value : table.rowCount,
      rowCountAccuracy: betterCount ? learned.rowCount!.accuracy : table.rowCountAccuracy,
      columns: table.columns.map((column) => ({ ...column, profile: learned?.columns.get(column.name) ?? null })),
    };
  });

  progress(92, 'Inferring joins');
  const joined = withInferredJoins(profiled);

  progress(96, 'Choosing how to keep each column');
  const tables = joined.map((table) => ({
    ...table,
    columns: table.columns.map((column) => {
      const decision = chooseStrategy(column, table, settings);
      return { ...column, strategy: decision.strategy, strategyReason: decision.reason };
    }),
  }));

  progress(100, 'Analysis done');
  return {
    database: catalog.database,
    serverVersion: catalog.serverVersion,
    analyzedAt: new Date().toISOString(),
    tables,
  };
}
