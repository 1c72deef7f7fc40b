import { compactName, nameWords, singularWords } from '../text/names.ts';
import type { ColumnInfo, ForeignKey, TableInfo } from './model.ts';

/**
 * Joins the database implies but does not declare. Many real databases declare no foreign keys;
 * their joins live in names: `customer_id` → customers.id, `aid` → author.aid (an initial and "id",
 * the author table's key), `sbTxCustId` → sbCustomer.sbCustId (the key's distinctive part at the end).
 * A join is only inferred between columns of compatible types, towards a column that is a key of its
 * table (declared, or unique in the profile), never where a foreign key is declared, and never when
 * two targets fit equally well.
 */
export function inferForeignKeys(tables: readonly TableInfo[]): Map<TableInfo, ForeignKey[]> {
  const index = indexKeys(tables);
  const inferred = new Map<TableInfo, ForeignKey[]>();
  for (const table of tables) {
    const declared = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
    const ownKeys = (index.byTable.get(table) ?? []).filter(isNamedAfterTable).map((key) => key.column);
    const found: ForeignKey[] = [];
    for (const column of table.columns) {
      // A table's own key (author.aid) identifies its rows; it refers to nothing else.
      if (declared.has(column.name) || !joinClass(column) || ownKeys.includes(column)) continue;
      const match = bestMatch(table, column, index);
      if (!match) continue;
      found.push({
        name: `inferred_${table.name}_${column.name}`,
        columns: [column.name],
        referencedSchema: match.key.table.schema,
        referencedTable: match.key.table.name,
        referencedColumns: [match.key.column.name],
        origin: 'inferred',
        evidence: match.evidence,
      });
    }
    if (found.length > 0) inferred.set(table, found);
  }
  return inferred;
}

/** The tables with their inferred foreign keys appended after the declared ones. */
export function withInferredJoins(tables: readonly TableInfo[]): TableInfo[] {
  const inferred = inferForeignKeys(tables);
  return tables.map((table) => {
    const extra = inferred.get(table);
    return extra ? { ...table, foreignKeys: [...table.foreignKeys, ...extra] } : table;
  });
}

interface KeyCandidate {
  table: TableInfo;
  column: ColumnInfo;
  /** The table's declared single-column primary key. */
  primary: boolean;
}

/** Key candidates looked up by the names rules compare, so inference stays linear in the columns. */
interface KeyIndex {
  byTable: Map<TableInfo, KeyCandidate[]>;
  /** By the key column's compact name. */
  byName: Map<string, KeyCandidate[]>;
  /** Keys that are a table's primary key or its "id", by the names that refer to the table (customerid). */
  byReferenceName: Map<string, KeyCandidate[]>;
  /** Declared single-column primary keys, by the last five letters of their compact name. */
  primaryByEnding: Map<string, KeyCandidate[]>;
  /** How many tables have a column of each compact name. */
  holders: Map<string, number>;
  /** How many tables have a key candidate of each compact name. */
  uniqueHolders: Map<string, number>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexKeys(tables: readonly TableInfo[]): KeyIndex {
  const index: KeyIndex = {
    byTable: new Map(),
    byName: new Map(),
    byReferenceName: new Map(),
    primaryByEnding: new Map(),
    holders: new Map(),
    uniqueHolders: new Map(),
  };
  for (const table of tables) {
    for (const name of new Set(table.columns.map((c) => compactName(c.name))))
      index.holders.set(name, (index.holders.get(name) ?? 0) + 1);
    if (!canBeReferenced(table)) continue;
    for (const key of keyCandidates(table)) {
      push(index.byTable, table, key);
      push(index.byName, compactName(key.column.name), key);
      if (key.primary || key.column.name.toLowerCase() === 'id')
        for (const name of referenceNames(table)) push(index.byReferenceName, name, key);
      if (key.primary) push(index.primaryByEnding, compactName(key.column.name).slice(-5), key);
    }
  }
  for (const [name, keys] of index.byName) index.uniqueHolders.set(name, new Set(keys.map((key) => key.table)).size);
  return index;
}

interface Match {
  key: KeyCandidate;
  evidence: string;
}

function canBeReferenced(table: TableInfo): boolean {
  return table.kind !== 'view';
}

/** A table's declared primary key when it has a single-column one; otherwise its unique columns. */
function keyCandidates(table: TableInfo): KeyCandidate[] {
  if (table.primaryKey.length === 1) {
    const column = table.columns.find((c) => c.name === table.primaryKey[0]);
    return column && joinClass(column) ? [{ table, column, primary: true }] : [];
  }
  return table.columns
    .filter(
      (column) =>
        joinClass(column) &&
        (column.isUnique ||
          isUniqueByProfile(column, table) ||
          (column.name === 'id' && !isDuplicatedByProfile(column, table))),
    )
    .map((column) => ({ table, column, primary: false }));
}

/** Every non-null value distinct, by the profile: exactly, or within 2% for an estimate. */
function isUniqueByProfile(column: ColumnInfo, table: TableInfo): boolean {
  const profile = column.profile;
  if (!profile || profile.distinctCount === null || table.rowCount < 2) return false;
  const nonNull = table.rowCount - (profile.nullCount ?? 0);
  if (nonNull < 2) return false;
  return profile.distinctAccuracy === 'exact' && profile.nullAccuracy === 'exact'
    ? profile.distinctCount === nonNull
    : profile.distinctCount >= nonNull * 0.98;
}

function isDuplicatedByProfile(column: ColumnInfo, table: TableInfo): boolean {
  const profile = column.profile;
  return (
    !!profile &&
    profile.distinctCount !== null &&
    table.rowCount > 0 &&
    !isUniqueByProfile(column, table) &&
    profile.distinctCount > 0
  );
}

/**
 * Which columns may join each other: integers with integers (and unscaled numerics), any text type
 * with any text type, otherwise the same declared type. Null for types that never carry a join.
 */
function joinClass(column: ColumnInfo): string | null {
  switch (column.family) {
    case 'number':
      return /^(smallint|integer|bigint|numeric|numeric\(\d+(,\s*0)?\))$/.test(column.dataType)
        ? 'integer'
        : column.dataType;
    case 'text':
      return 'text';
    case 'uuid':
    case 'other':
      return column.dataType;
    default:
      return null;
  }
}

const keyEndings = new Set(['id', 'code', 'key', 'name', 'no', 'nr', 'number', 'uuid', 'ref', 'slug']);

/** Names a table gives its own references: "customers" → customer_id, customerId, customers_id. */
function referenceNames(table: TableInfo): Set<string> {
  const plural = compactName(table.name);
  const one = singularWords(table.name).join('');
  return new Set([`${one}id`, `${plural}id`]);
}

/** "aid" for author, "scid" for sbCustomer: the initials of the table's words followed by "id". */
function initialsId(table: TableInfo): string {
  return `${nameWords(table.name)
    .map((w) => w[0])
    .join('')}id`;
}

/** A key column named after its own table: business.business_id, state.state_name, author.aid. */
function isNamedAfterTable(key: KeyCandidate): boolean {
  const name = compactName(key.column.name);
  const words = nameWords(key.column.name);
  if (initialsId(key.table) === name) return true;
  const one = singularWords(key.table.name).join('');
  return name.startsWith(one) && name.length > one.length && keyEndings.has(words.at(-1) ?? '');
}

function bestMatch(table: TableInfo, column: ColumnInfo, index: KeyIndex): Match | null {
  const columnName = compactName(column.name);
  const compatible = (key: KeyCandidate) => joinClass(key.column) === joinClass(column) && key.table !== table;
  const soleKeyOfItsTable = column.isPrimaryKey && table.primaryKey.length === 1;
  const sameName = index.byName.get(columnName) ?? [];

  const rules: [KeyCandidate[], (key: KeyCandidate) => string | null][] = [
    // customer_id → customers.id (or the customers table's primary key by whatever name)
    [
      index.byReferenceName.get(columnName) ?? [],
      (key) => `${column.name} names the ${key.table.name} table, whose key is ${key.column.name}`,
    ],
    // parent_id → the same table's primary key
    [
      (index.byTable.get(table) ?? []).filter((key) => isParentReference(column, key)),
      () => `${column.name} points at a parent row of the same table`,
    ],
    // aid → author.aid; business_id → business.business_id; code → the one lookup table keyed by code
    [
      columnName === 'id' ? [] : sameName,
      (key) => {
        if (isNamedAfterTable(key))
          return `same name as ${key.table.name}.${key.column.name}, the key named after its table`;
        if (key.primary && !soleKeyOfItsTable) return `same name as ${key.table.name}'s primary key`;
        return null;
      },
    ],
    // sbTxCustId → sbCustomer.sbCustId: the key's name, less a prefix both share, ends the column's name
    [
      columnName === 'id' ? [] : (index.primaryByEnding.get(columnName.slice(-5)) ?? []),
      (key) => {
        const ending = distinctiveEnding(key.column.name, column.name);
        return ending
          ? `${column.name} ends with "${ending}", the distinctive part of ${key.table.name}'s primary key ${key.column.name}`
          : null;
      },
    ],
    // city_name → the only table where city_name is unique
    [
      columnName === 'id' || !keyEndings.has(nameWords(column.name).at(-1) ?? '') ? [] : sameName,
      (key) =>
        index.uniqueHolders.get(columnName) === 1 && (index.holders.get(columnName) ?? 0) > 1
          ? `${key.table.name} is the only table where ${key.column.name} is unique`
          : null,
    ],
  ];

  for (const [candidates, rule] of rules) {
    const matches = candidates
      .filter((key) => compatible(key) || (key.table === table && isParentReference(column, key)))
      .flatMap((key) => {
        const evidence = rule(key);
        return evidence ? [{ key, evidence }] : [];
      });
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) return null;
  }
  return null;
}

function isParentReference(column: ColumnInfo, key: KeyCandidate): boolean {
  const words = nameWords(column.name);
  if (words[0] !== 'parent' || words.at(-1) !== 'id' || !key.primary) return false;
  const middle = words.slice(1, -1).join('');
  return middle === '' || middle === singularWords(key.table.name).join('');
}

/**
 * The part of a key's name that identifies what it keys, when `name` ends with it. Compared letter by
 * letter on names without separators, since unquoted identifiers lose their camel case in PostgreSQL:
 * key sbcustid = "sb" + "custid", column sbtxcustid = "sb" + "tx" + "custid". The shared ending must
 * hold at least three letters before "id" (so "paid" never matches "aid"), and what precedes it in
 * the key must also start the column's name.
 */
function distinctiveEnding(keyName: string, name: string): string | null {
  const key = compactName(keyName);
  const column = compactName(name);
  if (key === column || !key.endsWith('id')) return null;
  let shared = 0;
  while (shared < key.length && key[key.length - 1 - shared] === column[column.length - 1 - shared]) shared++;
  const ending = key.slice(key.length - shared);
  const keyPrefix = key.slice(0, key.length - shared);
  if (ending.length < 5 || !ending.endsWith('id') || column.length <= key.length || !column.startsWith(keyPrefix))
    return null;
  return ending;
}
