/**
 * What retrieval knows about each table's words, built once per analysed model: the words of its name,
 * of each column's name and of comments and notes, and how many tables share each word (rare words
 * tell tables apart; "id" and "name" do not).
 */
import type { ColumnInfo, DatabaseModel, TableInfo } from '../intelligence/model.ts';
import { nameWords, textWords } from './words.ts';

export interface IndexedTable {
  table: TableInfo;
  key: string;
  /** Words of the table's name. */
  name: Set<string>;
  /** Word → the columns whose name holds it. */
  columns: Map<string, ColumnInfo[]>;
  /** Word → the columns whose comment (or a person's note) holds it. */
  columnComments: Map<string, ColumnInfo[]>;
  /** Words of the table's own comment. */
  comment: Set<string>;
}

export interface TableIndex {
  tables: IndexedTable[];
  byKey: Map<string, IndexedTable>;
  /** How many tables hold the word anywhere (name, column, comment). */
  tableCount: Map<string, number>;
  /** Every word of every name, for matching by prefix. */
  vocabulary: Set<string>;
}

export const tableKey = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

const indexes = new WeakMap<DatabaseModel, TableIndex>();

function add(map: Map<string, ColumnInfo[]>, word: string, column: ColumnInfo): void {
  const list = map.get(word);
  if (!list) map.set(word, [column]);
  else if (!list.includes(column)) list.push(column);
}

function indexTable(table: TableInfo): IndexedTable {
  const columns = new Map<string, ColumnInfo[]>();
  const columnComments = new Map<string, ColumnInfo[]>();
  for (const column of table.columns) {
    for (const word of nameWords(column.name)) add(columns, word, column);
    if (column.comment) for (const word of textWords(column.comment)) add(columnComments, word, column);
  }
  return {
    table,
    key: tableKey(table),
    name: new Set(nameWords(table.name)),
    columns,
    columnComments,
    comment: new Set(table.comment ? textWords(table.comment) : []),
  };
}

/** The model's index, built on first use and kept as long as the model is. */
export function tableIndex(model: DatabaseModel): TableIndex {
  let index = indexes.get(model);
  if (index) return index;
  const tables = model.tables.map(indexTable);
  const tableCount = new Map<string, number>();
  const vocabulary = new Set<string>();
  for (const t of tables) {
    const words = new Set([...t.name, ...t.columns.keys(), ...t.columnComments.keys(), ...t.comment]);
    for (const w of words) tableCount.set(w, (tableCount.get(w) ?? 0) + 1);
    for (const w of [...t.name, ...t.columns.keys()]) vocabulary.add(w);
  }
  index = { tables, byKey: new Map(tables.map((t) => [t.key, t])), tableCount, vocabulary };
  indexes.set(model, index);
  return index;
}

/** Inverse document frequency of a word over the model's tables: rare words weigh more. */
export function rarity(index: TableIndex, word: string): number {
  const n = index.tables.length;
  const df = index.tableCount.get(word) ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
