import type { RelationFacts } from './extract.ts';
import type { ColumnInfo, ColumnProfile, TableInfo, ValueFrequency } from './model.ts';
import type { AnalysisOptions } from './options.ts';
import type { QueryFn } from './query.ts';
import { ident, qualified } from '../sql/quote.ts';
import { normalizeValue } from './values.ts';

type CompletionOptions = Pick<AnalysisOptions, 'categoryThreshold' | 'fullScanLimit' | 'statementTimeoutMs'>;

/**
 * Completes the category list of a column whose statistics or sample say it has few values but did
 * not show them all (rare values are what sampling misses). Three ways, cheapest first:
 *  1. the column leads a btree index: walk it, one index probe per distinct value (a "loose index
 *     scan"), reading no table rows — exact values, frequencies only where already known;
 *  2. the table is within the full-scan limit: group the whole column — exact values and frequencies
 *     (the read is capped at the limit, so a stale row estimate cannot turn it into a large scan);
 *  3. otherwise: distinct values of a larger page sample than ANALYZE's, capped at the full-scan
 *     limit, added to those already known — still an estimate.
 * Returns the completed profile; when more values than the threshold turn up, the column is not
 * categorical after all and its categories are dropped.
 */
export async function completeCategories(
  query: QueryFn,
  table: TableInfo,
  column: ColumnInfo,
  facts: RelationFacts | undefined,
  profile: ColumnProfile,
  options: CompletionOptions,
): Promise<ColumnProfile> {
  const relation = qualified(table.schema, table.name);
  const name = ident(column.name);
  const limit = options.categoryThreshold + 1;
  const timeout = { timeoutMs: options.statementTimeoutMs };
  const known = new Map(profile.categories.map((c) => [c.value, c.frequency]));

  if (facts?.sortableColumns.has(column.name)) {
    const rows = await query<{ v: string }>(
      `WITH RECURSIVE walk(v) AS (
  (SELECT ${name} FROM ${relation} WHERE ${name} IS NOT NULL ORDER BY ${name} LIMIT 1)
  UNION ALL
  SELECT (SELECT ${name} FROM ${relation} WHERE ${name} > walk.v ORDER BY ${name} LIMIT 1) FROM walk WHERE walk.v IS NOT NULL
)
SELECT v::text AS v FROM walk WHERE v IS NOT NULL LIMIT $1`,
      [limit],
      timeout,
    );
    const values = rows.map((r) => normalizeValue(r.v, column.family));
    return settle(
      profile,
      values.map((value) => ({ value, frequency: known.get(value) ?? null })),
      'exact',
      options,
    );
  }

  if (table.rowCount <= options.fullScanLimit) {
    const rows = await query<{ v: string | null; n: string | number }>(
      `SELECT v, count(*) AS n FROM (SELECT ${name}::text AS v FROM ${relation} LIMIT $1) AS capped GROUP BY v`,
      [options.fullScanLimit + 1],
      timeout,
    );
    const read = rows.reduce((sum, r) => sum + Number(r.n), 0);
    const nonNull = rows.filter((r) => r.v !== null).reduce((sum, r) => sum + Number(r.n), 0);
    const values = rows
      .filter((r): r is { v: string; n: string | number } => r.v !== null)
      .sort((a, b) => Number(b.n) - Number(a.n))
      .map((r) => ({
        value: normalizeValue(r.v, column.family),
        frequency: nonNull > 0 ? Number(r.n) / nonNull : null,
      }));
    return settle(profile, values, read <= options.fullScanLimit ? 'exact' : 'estimated', options);
  }

  const percent = Math.min(100, (100 * options.fullScanLimit) / Math.max(1, table.rowCount));
  const rows = await query<{ v: string }>(
    `SELECT DISTINCT v FROM (SELECT ${name}::text AS v FROM ${relation} TABLESAMPLE SYSTEM ($1) REPEATABLE (0) LIMIT $2) AS sampled WHERE v IS NOT NULL LIMIT $3`,
    [percent, options.fullScanLimit, limit],
    timeout,
  );
  const seen = new Set([...known.keys(), ...rows.map((r) => normalizeValue(r.v, column.family))]);
  return settle(
    profile,
    [...seen].map((value) => ({ value, frequency: known.get(value) ?? null })),
    'estimated',
    options,
  );
}

function settle(
  profile: ColumnProfile,
  values: ValueFrequency[],
  accuracy: 'exact' | 'estimated',
  options: CompletionOptions,
): ColumnProfile {
  if (values.length > options.categoryThreshold) {
    return { ...profile, categories: [], distinctCount: Math.max(profile.distinctCount ?? 0, values.length) };
  }
  // Most frequent first; values whose frequency is unknown (rare ones) after them.
  const ordered = [...values].sort((a, b) => (b.frequency ?? -1) - (a.frequency ?? -1));
  return { ...profile, categories: ordered, distinctCount: values.length, distinctAccuracy: accuracy };
}
