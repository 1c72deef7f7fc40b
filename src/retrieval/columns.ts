/** Which columns of a retrieved table a prompt shows: all of a narrow table; of a wide one, its keys, what the question names and its label. */
import type { ColumnInfo, TableInfo } from '../intelligence/model.ts';

/** Tables this narrow are shown whole. */
export const wholeTableColumns = 12;

/** True for columns a join needs: the primary key and both ends of foreign keys among `tables`. */
function isKey(table: TableInfo, column: ColumnInfo, referenced: Set<string>): boolean {
  return (
    column.isPrimaryKey ||
    table.foreignKeys.some((fk) => fk.columns.includes(column.name)) ||
    referenced.has(column.name)
  );
}

/** The first text column whose name reads like a label (name, title), which answers usually show. */
function labelColumn(table: TableInfo): ColumnInfo | undefined {
  return (
    table.columns.find((c) => c.family === 'text' && /(^|_)(name|title|label)$/i.test(c.name)) ??
    table.columns.find((c) => c.family === 'text')
  );
}

/**
 * The columns to show, in table order. `needed` are those the question names (words, values);
 * `all` is every table in the prompt, so columns other tables reference are kept.
 */
export function keptColumns(table: TableInfo, needed: Set<ColumnInfo>, all: TableInfo[]): ColumnInfo[] {
  if (table.columns.length <= wholeTableColumns) return table.columns;
  const referenced = new Set<string>();
  for (const other of all)
    for (const fk of other.foreignKeys)
      if (fk.referencedSchema === table.schema && fk.referencedTable === table.name)
        for (const c of fk.referencedColumns) referenced.add(c);
  const label = labelColumn(table);
  return table.columns.filter((c) => needed.has(c) || c === label || isKey(table, c, referenced));
}
