import { mapConcurrently } from './concurrency.ts';
import { estimatedRows, isReltuplesKnown, type Catalog, type RelationFacts } from './extract.ts';
import type { Accuracy, ColumnInfo, ColumnProfile, TableInfo } from './model.ts';
import type { AnalysisOptions } from './options.ts';
import { completeCategories } from './profile-categories.ts';
import { unknownProfile, type ProfileDraft } from './profile-draft.ts';
import { scanTable, type ScanSource } from './profile-scan.ts';
import {
  profileFromStatistics,
  readPlannerStatistics,
  statisticsKey,
  type PlannerColumnStats,
} from './profile-stats.ts';
import type { QueryFn } from './query.ts';

export interface TableProfile {
  columns: Map<string, ColumnProfile>;
  /** A better row count than the catalog's, when profiling learned one. */
  rowCount: { value: number; accuracy: Accuracy } | null;
}

type ProfileOptions = Omit<AnalysisOptions, 'onProgress'>;

/** How one table gets profiled: which columns come from statistics, which from one bounded scan. */
interface TablePlan {
  table: TableInfo;
  fromStatistics: { column: ColumnInfo; stats: PlannerColumnStats }[];
  scanned: ColumnInfo[];
  source: ScanSource | null;
}

/**
 * Profiles every column of the database: one query reads the planner's statistics for all columns,
 * which serve wherever the planner has them (and, for small tables, are fresh); the other columns of
 * a table are profiled by one bounded query: small tables read whole (exact figures), large ones
 * sampled, foreign tables read up to a cap, views never read (their body could do anything). Then the few columns whose category list came out incomplete are
 * completed. `onProgress` reports the share done (0–1).
 */
export async function profileDatabase(
  query: QueryFn,
  catalog: Catalog,
  options: ProfileOptions,
  onProgress: (done: number, message: string) => void = () => {},
): Promise<Map<TableInfo, TableProfile>> {
  const statistics = await readPlannerStatistics(query);
  // The costliest scans start first, so none is left running alone at the end.
  const plans = catalog.tables
    .map((table) => planTable(table, catalog.facts.get(table), statistics, options))
    .sort((a, b) => scanCost(b) - scanCost(a));
  const drafts = new Map<TableInfo, { columns: Map<string, ProfileDraft>; rowCount: TableProfile['rowCount'] }>();
  let finished = 0;

  await mapConcurrently(plans, options.concurrency, async (plan) => {
    const { table } = plan;
    const columns = new Map<string, ProfileDraft>();
    let rowCount: TableProfile['rowCount'] = null;
    for (const { column, stats } of plan.fromStatistics)
      columns.set(column.name, profileFromStatistics(column, stats, table.rowCount, options));
    if (plan.source && plan.scanned.length > 0) {
      try {
        const scanned = await scanTable(query, table, plan.scanned, plan.source, table.rowCount, options);
        for (const [name, draft] of scanned.drafts) columns.set(name, draft);
        rowCount = scanned.rowCount;
      } catch {
        // Timed out or not readable: these columns stay unknown rather than failing the analysis.
      }
    }
    for (const column of table.columns)
      if (!columns.has(column.name))
        columns.set(column.name, { profile: unknownProfile(), incompleteCategories: false });
    drafts.set(table, { columns, rowCount });
    finished++;
    onProgress((finished / plans.length) * 0.9, `Profiled ${table.schema}.${table.name}`);
  });

  // Lists the statistics call incomplete, and estimated lists an index can confirm for a few probes:
  // a value ANALYZE's sample never met leaves no trace in the statistics.
  const needsCompleting = (table: TableInfo, column: ColumnInfo, draft: ProfileDraft | undefined) =>
    !!draft &&
    (draft.incompleteCategories ||
      (draft.profile.categories.length > 0 &&
        draft.profile.distinctAccuracy === 'estimated' &&
        !!catalog.facts.get(table)?.sortableColumns.has(column.name)));
  const incomplete = [...drafts].flatMap(([table, { columns }]) =>
    table.columns.filter((c) => needsCompleting(table, c, columns.get(c.name))).map((column) => ({ table, column })),
  );
  await mapConcurrently(incomplete, options.concurrency, async ({ table, column }) => {
    const draft = drafts.get(table)!.columns.get(column.name)!;
    try {
      draft.profile = await completeCategories(query, table, column, catalog.facts.get(table), draft.profile, options);
    } catch {
      // Keep what the statistics or the sample showed; the list stays marked estimated.
    }
  });
  onProgress(1, 'Profiled every column');

  return new Map(
    [...drafts].map(([table, { columns, rowCount }]) => [
      table,
      { rowCount, columns: new Map([...columns].map(([name, draft]) => [name, draft.profile])) },
    ]),
  );
}

/** Cells a plan's scan reads, roughly. */
function scanCost(plan: TablePlan): number {
  if (!plan.source) return 0;
  return plan.scanned.length * Math.min(plan.source.cap, Math.max(1, plan.table.rowCount));
}

/**
 * Whether the planner's statistics still describe a small table: the rows ANALYZE counted
 * (reltuples) are within autovacuum's own margin (50 rows plus 10%) of the rows counted just now.
 * pg_stat's "changed since analyze" counter is no guide: changes a session flushes after its own
 * ANALYZE are counted again.
 */
function statisticsAreFresh(table: TableInfo, facts: RelationFacts): boolean {
  return isReltuplesKnown(facts) && Math.abs(facts.reltuples - table.rowCount) <= 50 + 0.1 * table.rowCount;
}

function planTable(
  table: TableInfo,
  facts: RelationFacts | undefined,
  statistics: Map<string, PlannerColumnStats>,
  options: ProfileOptions,
): TablePlan {
  const whole = (cap: number): ScanSource => ({ kind: 'whole', cap: cap + 1 });
  if (table.kind === 'view') {
    // Reading a view runs its body, and a view may call any function (one that writes through
    // dblink, takes locks, or is just slow): views are known from the catalog and pg_stats alone.
    return { table, fromStatistics: [], scanned: [], source: null };
  }
  if (table.kind === 'foreign_table' || !facts) {
    // A foreign table may be anything on the other side: read at most a small table's worth of its rows.
    return { table, fromStatistics: [], scanned: table.columns, source: whole(options.exactCountLimit) };
  }
  const small = table.rowCountAccuracy === 'exact' && table.rowCount <= options.exactCountLimit;
  const fromStatistics: TablePlan['fromStatistics'] = [];
  const scanned: ColumnInfo[] = [];
  // ANALYZE reads every row of a small table, so fresh statistics of one are as good as a scan, and free.
  const trustStatistics = !small || statisticsAreFresh(table, facts);
  for (const column of table.columns) {
    const stats = trustStatistics ? statistics.get(statisticsKey(table.schema, table.name, column.name)) : undefined;
    if (stats) fromStatistics.push({ column, stats });
    else scanned.push(column);
  }
  if (small)
    return { table, fromStatistics, scanned, source: scanned.length > 0 ? whole(options.exactCountLimit) : null };
  // A table no larger than the sample ANALYZE would take is read whole (exact figures, same cost).
  const rows = Math.max(table.rowCount, estimatedRows(facts));
  const source: ScanSource =
    rows <= options.sampleRows
      ? whole(options.sampleRows)
      : { kind: 'sample', percent: Math.min(100, (100 * options.sampleRows) / rows), cap: options.sampleRows * 3 };
  return { table, fromStatistics, scanned, source: scanned.length > 0 ? source : null };
}
