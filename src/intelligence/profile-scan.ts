import { estimateDistinct } from './estimate.ts';
import { hasRange, isOpaque, mayHaveCategories } from './family.ts';
import type { Accuracy, ColumnInfo, ColumnProfile, TableInfo } from './model.ts';
import type { AnalysisOptions } from './options.ts';
import type { ProfileDraft } from './profile-draft.ts';
import type { QueryFn } from './query.ts';
import { ident, qualified } from '../sql/quote.ts';
import { Params } from './sql/params.ts';
import { truncate } from './values.ts';

/**
 * Where a scan reads its rows: the first `cap` rows of the relation (all of it when it holds fewer),
 * or a TABLESAMPLE SYSTEM sample of `percent` of its pages, also capped. The cap bounds every scan.
 */
export type ScanSource = { kind: 'whole'; cap: number } | { kind: 'sample'; percent: number; cap: number };

export interface ScanResult {
  drafts: Map<string, ProfileDraft>;
  /** Rows in the relation: exact after reading all of it, scaled from an uncut sample, else null. */
  rowCount: { value: number; accuracy: Accuracy } | null;
}

interface ScanRow {
  kind: 'summary' | 'value' | 'rows' | 'min' | 'max' | 'nonnull';
  k: number;
  v: string | null;
  n: number | string | null;
  distinct_count: number | string | null;
  singletons: number | string | null;
  null_count: number | string | null;
}

type ScanOptions = Pick<AnalysisOptions, 'categoryThreshold' | 'sampleSize' | 'maxValueLength' | 'statementTimeoutMs'>;

interface Indexed {
  column: ColumnInfo;
  i: number;
}

/**
 * One query that profiles the given columns of a table: it reads the source once, unpivots every
 * cell into (column, value), groups, and returns per column its null count, distinct count and
 * values seen once, with all its values when they are few (categories) or a hashed pick of them
 * (samples); then min and max of ordered columns, non-null counts of binary ones, and the rows read.
 */
function buildScanQuery(
  table: TableInfo,
  columns: readonly ColumnInfo[],
  source: ScanSource,
  options: ScanOptions,
): { sql: string; params: unknown[] } {
  const params = new Params();
  const alias = (i: number) => `c${i}`;
  const indexed: Indexed[] = columns.map((column, i) => ({ column, i }));
  const valued = indexed.filter(({ column }) => !isOpaque(column.family));
  const ranged = indexed.filter(({ column }) => hasRange(column.family));
  const opaque = indexed.filter(({ column }) => isOpaque(column.family));

  const selectList = indexed.map(({ column, i }) => `${ident(column.name)} AS ${alias(i)}`).join(', ') || '1 AS c';
  // REPEATABLE: the same pages each time, so an unchanged table gives the same profile.
  const sampling = source.kind === 'sample' ? ` TABLESAMPLE SYSTEM (${params.add(source.percent)}) REPEATABLE (0)` : '';
  const ctes = [
    `source AS (SELECT ${selectList} FROM ${qualified(table.schema, table.name)}${sampling} LIMIT ${params.add(source.cap)})`,
  ];
  const parts = [
    `SELECT 'rows' AS kind, 0 AS k, NULL::text AS v, count(*) AS n, NULL::bigint AS distinct_count, NULL::bigint AS singletons, NULL::bigint AS null_count FROM source`,
  ];

  if (valued.length > 0) {
    const cells = valued.map(({ i }) => `(${i}, source.${alias(i)}::text)`).join(', ');
    ctes.push(
      `cells AS (SELECT cell.k, cell.v FROM source CROSS JOIN LATERAL (VALUES ${cells}) AS cell(k, v))`,
      `groups AS (SELECT k, v, count(*) AS n FROM cells GROUP BY k, v)`,
      `summary AS (
  SELECT k,
    count(v) AS distinct_count,
    count(*) FILTER (WHERE v IS NOT NULL AND n = 1) AS singletons,
    coalesce(sum(n) FILTER (WHERE v IS NULL), 0)::bigint AS null_count
  FROM groups
  GROUP BY k
)`,
    );
    const keep = params.add(Math.max(options.categoryThreshold, options.sampleSize));
    const twiceSamples = params.add(2 * options.sampleSize);
    const maxLength = params.add(options.maxValueLength);
    parts.push(`SELECT 'summary', k, NULL, NULL, distinct_count, singletons, null_count FROM summary`);
    // Every value of a column with few of them (its categories); for the others about twice the
    // samples wanted, picked by a hash of the value (deterministic, no sort), cut short.
    parts.push(
      `SELECT 'value', g.k, CASE WHEN s.distinct_count <= ${keep} THEN g.v ELSE left(g.v, ${maxLength}) END, g.n, NULL, NULL, NULL
FROM groups g JOIN summary s ON s.k = g.k
WHERE g.v IS NOT NULL AND (s.distinct_count <= ${keep} OR hashtext(g.v) % ceil(s.distinct_count::float8 / ${twiceSamples})::int = 0)`,
    );
  }

  const aggregates = [
    ...ranged.flatMap(({ i }) => [`min(${alias(i)})::text AS min${i}`, `max(${alias(i)})::text AS max${i}`]),
    ...opaque.map(({ i }) => `count(${alias(i)})::text AS nonnull${i}`),
  ];
  if (aggregates.length > 0) {
    const unpivot = [
      ...ranged.flatMap(({ i }) => [`('min', ${i}, a.min${i})`, `('max', ${i}, a.max${i})`]),
      ...opaque.map(({ i }) => `('nonnull', ${i}, a.nonnull${i})`),
    ].join(', ');
    parts.push(
      `SELECT x.kind, x.k, x.v, NULL, NULL, NULL, NULL FROM (SELECT ${aggregates.join(', ')} FROM source) AS a CROSS JOIN LATERAL (VALUES ${unpivot}) AS x(kind, k, v)`,
    );
  }
  return { sql: `WITH ${ctes.join(',\n')}\n${parts.join('\nUNION ALL\n')}`, params: params.values };
}

/**
 * Profiles the columns of a table with one bounded query. `estimatedRows` is the catalog's figure,
 * used to scale a sample when the sample cannot tell the table's size itself.
 */
export async function scanTable(
  query: QueryFn,
  table: TableInfo,
  columns: readonly ColumnInfo[],
  source: ScanSource,
  estimatedRows: number,
  options: ScanOptions,
): Promise<ScanResult> {
  const { sql, params } = buildScanQuery(table, columns, source, options);
  const rows = await query<ScanRow>(sql, params, { timeoutMs: options.statementTimeoutMs });
  return readScan(rows, columns, source, estimatedRows, options);
}

interface ColumnTally {
  values: { value: string; count: number }[];
  distinct: number;
  singletons: number;
  nulls: number;
  nonNull: number | null;
  min: string | null;
  max: string | null;
}

function readScan(
  rows: readonly ScanRow[],
  columns: readonly ColumnInfo[],
  source: ScanSource,
  estimatedRows: number,
  options: Pick<AnalysisOptions, 'categoryThreshold' | 'sampleSize' | 'maxValueLength'>,
): ScanResult {
  const rowsRead = Number(rows.find((r) => r.kind === 'rows')?.n ?? 0);
  const tallies = columns.map(
    (): ColumnTally => ({ values: [], distinct: 0, singletons: 0, nulls: 0, nonNull: null, min: null, max: null }),
  );
  for (const row of rows) {
    const tally = tallies[row.k];
    if (!tally || row.kind === 'rows') continue;
    if (row.kind === 'min') tally.min = row.v;
    else if (row.kind === 'max') tally.max = row.v;
    else if (row.kind === 'nonnull') tally.nonNull = Number(row.v);
    else if (row.kind === 'summary') {
      tally.distinct = Number(row.distinct_count);
      tally.singletons = Number(row.singletons);
      tally.nulls = Number(row.null_count);
    } else if (row.v !== null) tally.values.push({ value: row.v, count: Number(row.n) });
  }
  // Most frequent first; ties in text order, so the same data always gives the same samples.
  for (const tally of tallies)
    tally.values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));

  const readEverything = source.kind === 'whole' && rowsRead < source.cap;
  const uncutSample = source.kind === 'sample' && rowsRead < source.cap;
  const rowCount: ScanResult['rowCount'] = readEverything
    ? { value: rowsRead, accuracy: 'exact' }
    : uncutSample
      ? { value: Math.round(rowsRead / (source.percent / 100)), accuracy: 'estimated' }
      : null;
  const totalRows = rowCount?.value ?? Math.max(estimatedRows, rowsRead);

  const drafts = new Map<string, ProfileDraft>();
  columns.forEach((column, i) => {
    const tally = tallies[i]!;
    drafts.set(
      column.name,
      readEverything
        ? exactDraft(column, tally, rowsRead, options)
        : sampledDraft(column, tally, rowsRead, totalRows, options),
    );
  });
  return { drafts, rowCount };
}

function exactDraft(
  column: ColumnInfo,
  tally: ColumnTally,
  rowsRead: number,
  options: Pick<AnalysisOptions, 'categoryThreshold' | 'sampleSize' | 'maxValueLength'>,
): ProfileDraft {
  const opaque = isOpaque(column.family);
  const nulls = opaque ? rowsRead - (tally.nonNull ?? 0) : tally.nulls;
  const nonNull = rowsRead - nulls;
  const profile: ColumnProfile = {
    distinctCount: opaque ? null : tally.distinct,
    distinctAccuracy: 'exact',
    nullCount: nulls,
    nullFraction: rowsRead > 0 ? nulls / rowsRead : null,
    nullAccuracy: 'exact',
    categories:
      mayHaveCategories(column.family) && tally.distinct <= options.categoryThreshold
        ? tally.values.map(({ value, count }) => ({ value, frequency: nonNull > 0 ? count / nonNull : null }))
        : [],
    samples: tally.values.slice(0, options.sampleSize).map(({ value }) => truncate(value, options.maxValueLength)),
    min: tally.min,
    max: tally.max,
    source: 'exact',
  };
  return { profile, incompleteCategories: false };
}

function sampledDraft(
  column: ColumnInfo,
  tally: ColumnTally,
  rowsRead: number,
  totalRows: number,
  options: Pick<AnalysisOptions, 'categoryThreshold' | 'sampleSize' | 'maxValueLength'>,
): ProfileDraft {
  const opaque = isOpaque(column.family);
  const nulls = opaque ? rowsRead - (tally.nonNull ?? 0) : tally.nulls;
  const nullFraction = rowsRead > 0 ? nulls / rowsRead : null;
  const sampledValues = rowsRead - nulls;
  const distinctCount = opaque
    ? null
    : estimateDistinct({
        sampledValues,
        distinctInSample: tally.distinct,
        singletons: tally.singletons,
        totalValues: Math.max(sampledValues, Math.round(totalRows * (1 - (nullFraction ?? 0)))),
      });
  const fewValues =
    mayHaveCategories(column.family) && distinctCount !== null && distinctCount <= options.categoryThreshold;
  const profile: ColumnProfile = {
    distinctCount,
    distinctAccuracy: 'estimated',
    nullCount: nullFraction === null ? null : Math.round(nullFraction * totalRows),
    nullFraction,
    nullAccuracy: 'estimated',
    categories: fewValues
      ? tally.values.map(({ value, count }) => ({ value, frequency: sampledValues > 0 ? count / sampledValues : null }))
      : [],
    samples: tally.values.slice(0, options.sampleSize).map(({ value }) => truncate(value, options.maxValueLength)),
    min: tally.min,
    max: tally.max,
    source: 'sample',
  };
  // Values seen only once hint at others the sample never met.
  return { profile, incompleteCategories: fewValues && (tally.singletons > 0 || tally.distinct < distinctCount!) };
}
