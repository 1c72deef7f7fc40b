import { compactName, isIdLikeName, nameWords } from '../text/names.ts';
import type { ColumnInfo, Strategy, TableInfo } from './model.ts';

export interface StrategyDecision {
  strategy: Strategy;
  /** One line a person can read: why this column is kept as categories, sampled for similarity, or skipped. */
  reason: string;
}

export interface StrategyConfig {
  categoryThreshold: number;
}

/** Words that make a numeric column a measure (compared, summed), never a category. */
const measureWords = new Set([
  'price',
  'cost',
  'amount',
  'amt',
  'total',
  'sum',
  'subtotal',
  'qty',
  'quantity',
  'count',
  'cnt',
  'num',
  'balance',
  'salary',
  'wage',
  'revenue',
  'income',
  'profit',
  'margin',
  'fee',
  'tax',
  'discount',
  'budget',
  'spend',
  'paid',
  'due',
  'commission',
  'rate',
  'ratio',
  'percent',
  'percentage',
  'pct',
  'weight',
  'height',
  'width',
  'length',
  'depth',
  'area',
  'volume',
  'size',
  'population',
  'density',
  'distance',
  'speed',
  'elevation',
  'altitude',
  'temperature',
  'lat',
  'latitude',
  'lon',
  'lng',
  'longitude',
  'duration',
  'age',
  'avg',
  'average',
  'mean',
  'min',
  'max',
  'shares',
  'votes',
  'likes',
  'views',
  'clicks',
  'score',
  'value',
  'ms',
  'millis',
  'seconds',
  'secs',
  'minutes',
  'mins',
  'hours',
  'days',
]);

/** Words that make a number or a string a point in time (epoch milliseconds, a timestamp kept as text). */
const timeWords = new Set(['epoch', 'ts', 'timestamp', 'datetime']);

const timeFamilies = new Set(['date', 'timestamp', 'time', 'interval']);

/** A measure word among the name's words, or ending a name whose camel case PostgreSQL folded away ("sbtxprice"). */
function isMeasureName(name: string): boolean {
  const compact = compactName(name);
  return (
    nameWords(name).some((word) => measureWords.has(word)) ||
    [...measureWords].some((word) => word.length >= 4 && compact.endsWith(word))
  );
}

/** Non-null rows of the column, when the profile and the table say. */
function valuesHeld(column: ColumnInfo, table: TableInfo): number | null {
  const nulls = column.profile?.nullCount;
  return nulls === null || nulls === undefined ? null : table.rowCount - nulls;
}

function foreignKeyOf(column: ColumnInfo, table: TableInfo) {
  return table.foreignKeys.find((fk) => fk.columns.includes(column.name));
}

const looksNumeric = (value: string) => /^\s*[-+]?(\d+([.,]\d+)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value);
const looksLikeDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?/.test(value) || /^\d{8}( \d{2}:\d{2}(:\d{2})?)?$/.test(value);

function every(values: readonly string[], test: (value: string) => boolean): boolean {
  return values.length > 0 && values.every(test);
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/**
 * Decides how a column's values are kept for answering questions: categorical (every value, for exact
 * lookup), vector (a sample, found by similarity), or skip. A pure function of the column, its table
 * (keys, foreign keys declared or inferred) and the threshold.
 */
export function chooseStrategy(column: ColumnInfo, table: TableInfo, config: StrategyConfig): StrategyDecision {
  const profile = column.profile;
  const distinct = profile?.distinctCount ?? null;
  const fewValues = distinct !== null && distinct <= config.categoryThreshold;

  // A text key named like a word ("role_code" = 'researcher', "name") holds what people type; an id does not.
  const wordKey = column.family === 'text' && !isIdLikeName(column.name);
  if (column.isPrimaryKey && table.primaryKey.length === 1 && !wordKey)
    return { strategy: 'skip', reason: 'identifier (primary key)' };
  const foreignKey = foreignKeyOf(column, table);
  if (foreignKey) {
    const how = foreignKey.origin === 'inferred' ? 'inferred to join' : 'references';
    return { strategy: 'skip', reason: `identifier: ${how} ${foreignKey.referencedTable}` };
  }
  switch (column.family) {
    case 'binary':
      return { strategy: 'skip', reason: 'binary data' };
    case 'json':
      return { strategy: 'skip', reason: 'JSON documents are not looked up by value' };
    case 'array':
      return { strategy: 'skip', reason: 'arrays are not looked up by value' };
    case 'uuid':
      return { strategy: 'skip', reason: 'identifier (uuid)' };
  }
  if (isIdLikeName(column.name)) return { strategy: 'skip', reason: 'identifier' };
  const timeByName =
    (column.family === 'number' || column.family === 'text') &&
    (nameWords(column.name).some((w) => timeWords.has(w)) || compactName(column.name).includes('epoch'));
  if (timeFamilies.has(column.family) || timeByName)
    return { strategy: 'skip', reason: 'time values are filtered by range, not looked up' };
  if (column.family === 'boolean') return { strategy: 'categorical', reason: 'two values' };
  if (column.family === 'enum') {
    return { strategy: 'categorical', reason: `enum of ${plural(column.enumValues?.length ?? 0, 'label')}` };
  }
  if (distinct === 0) return { strategy: 'skip', reason: 'no values yet' };

  if (column.family === 'number') {
    if (isMeasureName(column.name))
      return { strategy: 'skip', reason: 'a measure: compared and summed, not looked up' };
    const held = valuesHeld(column, table);
    // In a small table every column has few values; numbers that never repeat are measures or keys.
    if (fewValues && held !== null && distinct > Math.max(2, held / 2)) {
      return {
        strategy: 'skip',
        reason: `${plural(distinct, 'distinct number')} in ${plural(held, 'row')}: compared, not looked up`,
      };
    }
    if (fewValues) return { strategy: 'categorical', reason: `${plural(distinct, 'distinct value')}` };
    if (distinct === null) return { strategy: 'skip', reason: 'numbers are compared, not looked up' };
    return { strategy: 'skip', reason: `${plural(distinct, 'distinct number')}: compared, not looked up` };
  }

  if (column.family === 'text') {
    if (fewValues) return { strategy: 'categorical', reason: `${plural(distinct, 'distinct value')}` };
    const samples = profile?.samples ?? [];
    if (every(samples, looksNumeric)) return { strategy: 'skip', reason: 'numbers stored as text' };
    if (every(samples, looksLikeDate))
      return { strategy: 'skip', reason: 'dates stored as text: filtered by range, not looked up' };
    if (distinct === null)
      return { strategy: 'vector', reason: 'text whose values could not be profiled: found by similarity' };
    const averageLength = samples.reduce((sum, s) => sum + s.length, 0) / Math.max(1, samples.length);
    if (averageLength >= 100)
      return {
        strategy: 'vector',
        reason: `long free text (${plural(distinct, 'distinct value')}): found by similarity`,
      };
    return { strategy: 'vector', reason: `${plural(distinct, 'distinct value')}: found by similarity` };
  }

  return { strategy: 'skip', reason: `values of type ${column.dataType} are not looked up` };
}
