import { arrayElements } from '../targets/array-literal.ts';
import { hasRange, isOpaque, mayHaveCategories } from './family.ts';
import type { ColumnInfo, ValueFrequency } from './model.ts';
import type { AnalysisOptions } from './options.ts';
import type { ProfileDraft } from './profile-draft.ts';
import type { QueryFn } from './query.ts';
import { plannerStatisticsQuery } from './sql/statistics.ts';
import { normalizeValue, rangeOf, spread, truncate } from './values.ts';

export interface PlannerColumnStats {
  nullFraction: number;
  /** > 0: a count; < 0: minus a fraction of the rows; 0: unknown. */
  nDistinct: number;
  commonValues: string[] | null;
  /** Fractions of all rows, nulls included, one per common value. */
  commonFrequencies: number[] | null;
  histogramBounds: string[] | null;
}

interface StatisticsRow {
  schema: string;
  table: string;
  column: string;
  inherited: boolean;
  null_fraction: number | string;
  n_distinct: number | string;
  common_values: string | null;
  common_frequencies: string | null;
  histogram_bounds: string | null;
}

function values(literal: string | null): string[] | null {
  return arrayElements(literal)?.filter((v): v is string => v !== null) ?? null;
}

export function statisticsKey(schema: string, table: string, column: string): string {
  return JSON.stringify([schema, table, column]);
}

/** Every column's planner statistics, keyed by statisticsKey(). */
export async function readPlannerStatistics(query: QueryFn): Promise<Map<string, PlannerColumnStats>> {
  const rows = await query<StatisticsRow>(plannerStatisticsQuery);
  const statistics = new Map<string, PlannerColumnStats>();
  for (const row of rows) {
    const key = statisticsKey(row.schema, row.table, row.column);
    if (!row.inherited && statistics.has(key)) continue;
    statistics.set(key, {
      nullFraction: Number(row.null_fraction),
      nDistinct: Number(row.n_distinct),
      commonValues: values(row.common_values),
      commonFrequencies: values(row.common_frequencies)?.map(Number) ?? null,
      histogramBounds: values(row.histogram_bounds),
    });
  }
  return statistics;
}

/**
 * A column's profile from planner statistics, scaled to the table's row count. Categories are kept
 * when the distinct count is within the threshold; when the most-common-values list holds fewer
 * values than that count, the draft says the list is incomplete.
 */
export function profileFromStatistics(
  column: ColumnInfo,
  stats: PlannerColumnStats,
  rowCount: number,
  options: Pick<AnalysisOptions, 'categoryThreshold' | 'sampleSize' | 'maxValueLength'>,
): ProfileDraft {
  const nonNullShare = 1 - stats.nullFraction;
  const common = (stats.commonValues ?? []).map((value) => normalizeValue(value, column.family));
  const histogram = (stats.histogramBounds ?? []).map((value) => normalizeValue(value, column.family));
  let distinctCount =
    stats.nDistinct > 0
      ? Math.round(stats.nDistinct)
      : stats.nDistinct < 0
        ? Math.round(-stats.nDistinct * rowCount)
        : null;

  const fewValues =
    distinctCount !== null && distinctCount <= options.categoryThreshold && mayHaveCategories(column.family);
  const everyValueListed = fewValues && histogram.length === 0 && common.length >= distinctCount!;
  let categories: ValueFrequency[] = [];
  if (fewValues) {
    categories = common.map((value, i) => {
      const frequency = stats.commonFrequencies?.[i];
      return { value, frequency: frequency === undefined || nonNullShare <= 0 ? null : frequency / nonNullShare };
    });
    if (everyValueListed) distinctCount = common.length;
  }

  const samplePool = [...common, ...spread(histogram, options.sampleSize)];
  const samples = [...new Set(samplePool)].slice(0, options.sampleSize).map((v) => truncate(v, options.maxValueLength));
  const range = hasRange(column.family) ? rangeOf([...common, ...histogram], column.family) : { min: null, max: null };
  return {
    profile: {
      distinctCount,
      distinctAccuracy: 'estimated',
      nullCount: Math.round(stats.nullFraction * rowCount),
      nullFraction: stats.nullFraction,
      nullAccuracy: 'estimated',
      categories,
      samples: isOpaque(column.family) ? [] : samples,
      min: range.min,
      max: range.max,
      source: 'pg_stats',
    },
    incompleteCategories: fewValues && !everyValueListed,
  };
}
