import type { ColumnInfo, DatabaseModel, TableInfo } from '../intelligence/model.ts';
import { isEnglishWord } from '../text/index.ts';
import { expand, genericNameWords, lemma, splitName, stopWords } from './lexicon.ts';

/** One way of naming a table or column: its words in dictionary form. */
export type NameForm = string[];

export interface IndexedColumn {
  table: IndexedTable;
  info: ColumnInfo;
  name: string;
  forms: NameForm[];
  commentWords: Set<string>;
  numeric: boolean;
  temporal: boolean;
  textual: boolean;
  /** An identifier-like column (a key, a code) that is rarely worth adding up or averaging. */
  identifier: boolean;
}

export interface IndexedTable {
  info: TableInfo;
  schema: string;
  name: string;
  /** Qualified key, "schema.name". */
  key: string;
  forms: NameForm[];
  commentWords: Set<string>;
  columns: IndexedColumn[];
  /** Columns that identify a row (declared or evident primary key). */
  keyColumns: IndexedColumn[];
  /** Columns a person would use to name a row (name, title, first+last name). */
  labelColumns: IndexedColumn[];
  /** The date or timestamp column a period in a question most likely refers to. */
  mainDate: IndexedColumn | null;
}

export interface SchemaIndex {
  model: DatabaseModel;
  tables: IndexedTable[];
  columns: IndexedColumn[];
}

const cache = new WeakMap<DatabaseModel, SchemaIndex>();

/** Names, keys and labels of every table and column, computed once per model. */
export function indexSchema(model: DatabaseModel): SchemaIndex {
  const cached = cache.get(model);
  if (cached) return cached;
  const tableNames = model.tables.map((t) => t.name.toLowerCase());
  const tablePrefix = sharedPrefix(tableNames);
  const vocabulary = new Set<string>();
  for (const t of model.tables) {
    for (const c of t.columns)
      for (const w of c.name.toLowerCase().split(/[_\W]+/)) if (w.length >= 3) vocabulary.add(w);
  }
  const tables: IndexedTable[] = model.tables.map((info) => indexTable(info, tablePrefix, vocabulary));
  assignKeys(tables);
  for (const t of tables) t.labelColumns = findLabelColumns(t);
  const index: SchemaIndex = { model, tables, columns: tables.flatMap((t) => t.columns) };
  cache.set(model, index);
  return index;
}

function indexTable(info: TableInfo, tablePrefix: string, vocabulary: Set<string>): IndexedTable {
  const lowerName = info.name.toLowerCase();
  const forms = uniqueForms([wordsOf(info.name, vocabulary), wordsOf(lowerName.slice(tablePrefix.length), vocabulary)]);
  const table: IndexedTable = {
    info,
    schema: info.schema,
    name: info.name,
    key: `${info.schema}.${info.name}`,
    forms,
    commentWords: commentWords(info.comment),
    columns: [],
    keyColumns: [],
    labelColumns: [],
    mainDate: null,
  };
  const columnPrefix = info.columns.length >= 3 ? sharedPrefix(info.columns.map((c) => c.name.toLowerCase())) : '';
  table.columns = info.columns.map((column) => indexColumn(table, column, columnPrefix, vocabulary));
  // A column may be named with its table in front ("customer id" for customers.id).
  for (const column of table.columns) {
    const own = column.forms[column.forms.length - 1]!;
    for (const tableForm of forms)
      if (!column.forms.some((f) => f.slice(0, tableForm.length).join(' ') === tableForm.join(' ')))
        column.forms.push([...tableForm, ...own]);
  }
  table.mainDate = findMainDate(table);
  return table;
}

function indexColumn(
  table: IndexedTable,
  info: ColumnInfo,
  columnPrefix: string,
  vocabulary: Set<string>,
): IndexedColumn {
  const lower = info.name.toLowerCase();
  const stripped = columnPrefix && lower.length > columnPrefix.length ? lower.slice(columnPrefix.length) : lower;
  const forms = uniqueForms([wordsOf(info.name, vocabulary), wordsOf(stripped, vocabulary)]);
  const family = info.family;
  const numeric = family === 'number';
  const words = forms.flat();
  const identifier =
    info.isPrimaryKey ||
    table.info.foreignKeys.some((fk) => fk.columns.includes(info.name)) ||
    words.includes('id') ||
    words.includes('code') ||
    words.includes('zip') ||
    words.includes('postal') ||
    words.includes('phone') ||
    words.includes('epoch') ||
    /(^|_)(id|key|no|nbr)$/.test(lower) ||
    /^[a-z]{1,2}id$/.test(lower);
  return {
    table,
    info,
    name: info.name,
    forms,
    commentWords: commentWords(info.comment),
    numeric,
    temporal: family === 'date' || family === 'timestamp',
    textual: family === 'text' || family === 'enum',
    identifier,
  };
}

function wordsOf(name: string, vocabulary: Set<string>): NameForm {
  return splitName(name, vocabulary)
    .flatMap(expand)
    .filter((w) => w.length > 0);
}

function uniqueForms(forms: NameForm[]): NameForm[] {
  const seen = new Set<string>();
  return forms.filter((f) => f.length > 0 && !seen.has(f.join(' ')) && seen.add(f.join(' ')));
}

function commentWords(comment: string | null): Set<string> {
  if (!comment) return new Set();
  return new Set(
    (comment.toLowerCase().match(/[a-z][a-z0-9]*/g) ?? []).filter((w) => !stopWords.has(w) && w.length > 2).map(lemma),
  );
}

/** Longest common prefix of every name when it looks like a naming convention (sb, tbl_, app_). */
function sharedPrefix(names: string[]): string {
  if (names.length < 2) return '';
  let prefix = names[0]!;
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  if (prefix.length < 2) return '';
  // Never strip so far that a name disappears or a whole known word is lost ("customer_" from "customer_id").
  if (names.some((n) => n.length - prefix.length < 2)) return '';
  const bare = prefix.replace(/_$/, '');
  if (bare.length >= 3 && isEnglishWord(bare) && !prefix.endsWith('_')) return '';
  return prefix;
}

/** Keys named by convention: id, <table>_id, <table>id, or the table's initial plus id (aid in author). */
function conventionalKey(table: IndexedTable): IndexedColumn | null {
  const declared = table.columns.filter((c) => c.info.isPrimaryKey);
  if (declared.length === 1) return declared[0]!;
  const lower = table.name.toLowerCase();
  const names = [`id`, `${lower}_id`, `${lemma(lower)}_id`, `${lower}id`, `${lemma(lower)}id`];
  if (!lower.includes('_')) names.push(`${lower[0]}id`);
  for (const name of names) {
    const found = table.columns.find(
      (c) => c.name.toLowerCase() === name && (distinctAll(table, c) || c.info.profile == null),
    );
    if (found) return found;
  }
  return null;
}

function distinctAll(table: IndexedTable, c: IndexedColumn): boolean {
  const rows = table.info.rowCount;
  return (
    c.info.profile?.distinctCount != null &&
    rows > 0 &&
    c.info.profile.distinctCount >= rows &&
    (c.info.profile.nullCount ?? 0) === 0
  );
}

/**
 * Key columns: declared, conventional, or else a unique identifier or natural name column that is
 * not a reference to another table's key (small tables make references look unique).
 */
function assignKeys(tables: IndexedTable[]): void {
  const strong = new Map<IndexedTable, IndexedColumn>();
  for (const t of tables) {
    const declared = t.columns.filter((c) => c.info.isPrimaryKey);
    if (declared.length > 1) t.keyColumns = declared;
    const key = declared.length > 1 ? null : conventionalKey(t);
    if (key) strong.set(t, key);
  }
  const referenceNames = new Set(
    [...strong.values()]
      .filter((c) => !['id', 'key', 'code'].includes(c.name.toLowerCase()))
      .map((c) => c.name.toLowerCase()),
  );
  const pointsElsewhere = (c: IndexedColumn, own: IndexedTable) =>
    (referenceNames.has(c.name.toLowerCase()) && strong.get(own) !== c) ||
    tables.some(
      (other) =>
        other !== own &&
        c.forms.some((f) =>
          other.forms.some((tf) => f.join(' ') === `${tf.join(' ')} id` || f.join(' ') === `${tf.join(' ')} name`),
        ),
    );
  for (const t of tables) {
    if (t.keyColumns.length > 0) continue;
    const key = strong.get(t);
    if (key) {
      t.keyColumns = [key];
      continue;
    }
    const unique = t.columns.filter((c) => (c.info.isUnique || distinctAll(t, c)) && !pointsElsewhere(c, t));
    const identifier = unique.find((c) => c.identifier);
    const first = t.columns[0];
    const naming =
      first && unique.includes(first) && first.forms.some((f) => ['name', 'code'].includes(f[f.length - 1]!));
    t.keyColumns = identifier ? [identifier] : naming ? [first] : [];
  }
}

function findLabelColumns(table: IndexedTable): IndexedColumn[] {
  // A text key that is a name (song.song_name) names its rows as well as keying them.
  const text = table.columns.filter(
    (c) => c.textual && (!c.identifier || c.forms.some((f) => ['name', 'title'].includes(f[f.length - 1]!))),
  );
  const named = (word: string) => text.filter((c) => c.forms.some((f) => f[f.length - 1] === word));
  const first = text.find((c) => c.forms.some((f) => f.join(' ').endsWith('first name')));
  const last = text.find((c) => c.forms.some((f) => f.join(' ').endsWith('last name')));
  if (first && last) return [first, last];
  const tableWords = new Set(table.forms.flat());
  const names = named('name');
  const own = names.find((c) => c.forms.some((f) => f.length === 1 || f.slice(0, -1).some((w) => tableWords.has(w))));
  if (own) return [own];
  const bare = names.find((c) => c.forms.some((f) => f.length === 1));
  if (bare) return [bare];
  // A text column named as its table is (campuses.campus, city.city) names the row.
  const namesake = text.find((c) =>
    c.forms.some((f) => f.length === 1 && table.forms.some((tf) => tf.length === 1 && tf[0] === f[0])),
  );
  if (namesake) return [namesake];
  const title = named('title')[0];
  if (title) return [title];
  if (names.length === 1) return [names[0]!];
  const symbol = named('symbol')[0];
  if (symbol) return [symbol];
  return [];
}

function findMainDate(table: IndexedTable): IndexedColumn | null {
  const dates = table.columns.filter((c) => c.temporal);
  if (dates.length === 0) return null;
  const audit = (c: IndexedColumn) =>
    c.forms.some((f) => f.some((w) => ['created', 'updated', 'deleted', 'modified', 'timestamp'].includes(w)));
  const business = dates.filter((c) => !audit(c));
  const pool = business.length > 0 ? business : dates;
  const tableWords = new Set(table.forms.flat());
  return pool.find((c) => c.forms.some((f) => f.some((w) => tableWords.has(w)))) ?? pool[0]!;
}

export function isNumericMeasure(column: IndexedColumn): boolean {
  return column.numeric && !column.identifier && !genericNameWords.has(column.name.toLowerCase());
}
