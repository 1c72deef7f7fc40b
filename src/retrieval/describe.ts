/** Tables as a model reads them: DDL-like lines with keys, references, the values the question names and date ranges. */
import type { ColumnInfo, TableInfo } from '../intelligence/model.ts';
import type { ValueMatch } from '../engine/index.ts';
import { oneLineLiteral } from '../sql/quote.ts';

export interface DescribedTable {
  table: TableInfo;
  columns: ColumnInfo[];
  /** Stored values matching the question, by column name. */
  values: Map<string, ValueMatch[]>;
  /** Columns the question names, by name. */
  named?: Set<string>;
}

/** Columns with at most this many values, all short, list them all. */
const allValuesUpTo = 8;
const allValuesMaxChars = 120;
/** A column the question names lists more of its values (a filter on it is likely). */
const namedValuesUpTo = 25;
const namedValuesMaxChars = 300;
const matchedValuesPerColumn = 5;

/** A value as SQL: numbers bare, text quoted; control characters (a stored trailing newline) escaped in an E'' string so the line stays whole. */
function quoteValue(value: string, family?: ColumnInfo['family']): string {
  if (family === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return value;
  return oneLineLiteral(value);
}

function qualifiedName(table: { schema: string; name: string }): string {
  return table.schema === 'public' ? table.name : `${table.schema}.${table.name}`;
}

/** What a column's values look like: all of a small category, else those matching the question; the span of dates. */
function valueNote(column: ColumnInfo, matched: ValueMatch[], named: boolean): string {
  const categories =
    column.strategy === 'categorical'
      ? (column.profile?.categories ?? []).map((c) => c.value)
      : (column.enumValues ?? []);
  const shown = [...new Set(matched.map((m) => m.value))].slice(0, matchedValuesPerColumn);
  const quote = (v: string) => quoteValue(v, column.family);
  const [upTo, maxChars] = named ? [namedValuesUpTo, namedValuesMaxChars] : [allValuesUpTo, allValuesMaxChars];
  if (categories.length > 0 && categories.length <= upTo && categories.join('').length <= maxChars) {
    const all = [...new Set([...shown, ...categories])];
    return `values: ${all.map(quote).join(', ')}`;
  }
  if (shown.length > 0) return `values like the question's: ${shown.map(quote).join(', ')}`;
  if ((column.family === 'date' || column.family === 'timestamp') && column.profile?.min && column.profile.max)
    return `from ${column.profile.min.slice(0, 10)} to ${column.profile.max.slice(0, 10)}`;
  return '';
}

function columnLine(table: TableInfo, column: ColumnInfo, matched: ValueMatch[], named: boolean): string {
  const fk = table.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === column.name);
  const notes = [
    column.isPrimaryKey ? 'primary key' : '',
    fk ? `references ${fk.referencedTable}.${fk.referencedColumns[0]}` : '',
    valueNote(column, matched, named),
    column.comment ?? '',
  ].filter(Boolean);
  return `  ${column.name} ${column.dataType}${notes.length ? ` -- ${notes.join('; ')}` : ''}`;
}

/** One block per table; columns left out are counted so the model knows the table has more. */
export function describeTables(tables: DescribedTable[]): string {
  return tables
    .map(({ table, columns, values, named }) => {
      const lines = columns.map((c) => columnLine(table, c, values.get(c.name) ?? [], named?.has(c.name) ?? false));
      const hidden = table.columns.length - columns.length;
      const about = table.comment ? ` -- ${table.comment}` : '';
      const more = hidden > 0 ? `\n  (${hidden} more columns not shown)` : '';
      return `TABLE ${qualifiedName(table)} (${table.rowCount} rows)${about}\n${lines.join(',\n')}${more}`;
    })
    .join('\n\n');
}
