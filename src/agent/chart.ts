import { humanize } from '../text/names.ts';
import type { JsonValue, ResultColumn } from '../targets/types.ts';

/**
 * At most this many rows of a result are stored with its message (the CSV export runs the SQL again);
 * the chart is drawn from them, so it reads the same when the chat is opened again.
 */
export const STORED_ROWS = 100;

type ChartKind = 'bar' | 'line' | 'scatter' | 'number' | 'none';

export interface ChartProposal {
  kind: ChartKind;
  reason: string;
  /** A Vega-Lite v6 spec (the version the web UI draws with) with the data inlined, or null when no chart helps. */
  spec: Record<string, unknown> | null;
}

type Role = 'number' | 'time' | 'category' | 'other';

const numberTypes = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'money', 'oid']);
const timeTypes = new Set(['date', 'timestamp', 'timestamptz']);
const unchartable = new Set(['json', 'jsonb', 'bytea', 'xml', 'tsvector']);

/** Text-like columns, enums and booleans are categories; arrays and documents are not chartable. */
function roleOf(column: ResultColumn): Role {
  if (numberTypes.has(column.type)) return 'number';
  if (timeTypes.has(column.type)) return 'time';
  if (column.type.endsWith('[]') || unchartable.has(column.type)) return 'other';
  return 'category';
}

const MAX_BARS = 50;
const MAX_POINTS = 5000;

/**
 * Proposes a chart from the result's shape: one category + one number → bar; time + number → line;
 * two numbers → scatter; a single value → number; anything else → none. Always says why.
 */
export function proposeChart(columns: ResultColumn[], rows: JsonValue[][]): ChartProposal {
  if (rows.length === 0) return { kind: 'none', reason: 'The result is empty.', spec: null };
  const roles = columns.map(roleOf);
  const numbers = roles.flatMap((r, i) => (r === 'number' ? [i] : []));
  const times = roles.flatMap((r, i) => (r === 'time' ? [i] : []));
  const categories = roles.flatMap((r, i) => (r === 'category' ? [i] : []));

  if (rows.length === 1 && columns.length === 1 && numbers.length === 1)
    return { kind: 'number', reason: 'A single number is best read as it is.', spec: null };

  const field = (i: number) => columns[i]!.name;
  // Reasons are read by people: "number of orders", not "number_of_orders".
  const words = (i: number) => humanize(columns[i]!.name);
  const data = (indexes: number[]) =>
    rows.map((row) =>
      Object.fromEntries(indexes.map((i) => [columns[i]!.name, roles[i] === 'number' ? toNumber(row[i]) : row[i]])),
    );
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 'container' };

  if (times.length === 1 && numbers.length >= 1 && rows.length >= 2 && rows.length <= MAX_POINTS) {
    const [t, n] = [times[0]!, numbers[0]!];
    return {
      kind: 'line',
      reason: `${capitalize(words(n))} over ${words(t)}: a line shows the trend.`,
      spec: {
        ...base,
        data: { values: data([t, n]) },
        mark: { type: 'line', point: rows.length <= 60 },
        encoding: { x: { field: field(t), type: 'temporal' }, y: { field: field(n), type: 'quantitative' } },
      },
    };
  }
  if (categories.length >= 1 && numbers.length >= 1 && rows.length >= 2) {
    if (rows.length > MAX_BARS)
      return {
        kind: 'none',
        reason: `${rows.length} categories are too many bars to read; the table shows them.`,
        spec: null,
      };
    const [c, n] = [categories[0]!, numbers[0]!];
    return {
      kind: 'bar',
      reason: `One ${words(n)} per ${words(c)}: bars compare them.`,
      spec: {
        ...base,
        data: { values: data([c, n]) },
        mark: 'bar',
        encoding: { x: { field: field(c), type: 'nominal', sort: null }, y: { field: field(n), type: 'quantitative' } },
      },
    };
  }
  if (
    numbers.length >= 2 &&
    categories.length === 0 &&
    times.length === 0 &&
    rows.length >= 3 &&
    rows.length <= MAX_POINTS
  ) {
    const [x, y] = [numbers[0]!, numbers[1]!];
    return {
      kind: 'scatter',
      reason: `Two measures, ${words(x)} and ${words(y)}: a scatter plot shows how they relate.`,
      spec: {
        ...base,
        data: { values: data([x, y]) },
        mark: 'point',
        encoding: { x: { field: field(x), type: 'quantitative' }, y: { field: field(y), type: 'quantitative' } },
      },
    };
  }
  return { kind: 'none', reason: 'No chart fits this shape of result; the table shows it.', spec: null };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function toNumber(value: JsonValue | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** What a stored chart keeps of its data: which result columns it draws, not their values. */
interface ResultData {
  name: 'result';
  fields: string[];
}

function isResultData(data: unknown): data is ResultData {
  return (data as ResultData | null)?.name === 'result' && Array.isArray((data as ResultData).fields);
}

/**
 * The chart as stored beside its message's rows: the spec names the columns it draws instead of
 * holding a copy of their values, so no result row is stored twice. `withRows` puts them back.
 */
export function withoutRows(chart: ChartProposal | null): ChartProposal | null {
  const values = (chart?.spec?.data as { values?: Record<string, unknown>[] } | undefined)?.values;
  if (!chart?.spec || !Array.isArray(values)) return chart;
  const fields = Object.keys(values[0] ?? {});
  return { ...chart, spec: { ...chart.spec, data: { name: 'result', fields } satisfies ResultData } };
}

/** A stored chart with its data drawn from the stored rows again (charts stored whole are left as they are). */
export function withRows(
  chart: ChartProposal | null,
  columns: ResultColumn[] | null,
  rows: JsonValue[][] | null,
): ChartProposal | null {
  const data = chart?.spec?.data;
  if (!chart?.spec || !isResultData(data)) return chart;
  const picked = data.fields.map((name) => columns?.findIndex((c) => c.name === name) ?? -1);
  if (!columns || !rows || picked.some((i) => i < 0)) return { ...chart, spec: null };
  const values = rows.map((row) =>
    Object.fromEntries(
      picked.map((i) => [columns[i]!.name, roleOf(columns[i]!) === 'number' ? toNumber(row[i]) : row[i]]),
    ),
  );
  return { ...chart, spec: { ...chart.spec, data: { values } } };
}
