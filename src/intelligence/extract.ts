import { mapConcurrently } from './concurrency.ts';
import { columnFamily } from './family.ts';
import type { ColumnInfo, ForeignKey, RelationKind, TableInfo } from './model.ts';
import type { QueryFn } from './query.ts';
import { qualified } from '../sql/quote.ts';
import { catalogQuery, serverQuery } from './sql/catalog.ts';

export interface ExtractOptions {
  /** Tables below this many rows are counted exactly (the count never reads more than this + 1 rows). */
  exactCountLimit: number;
  concurrency: number;
  statementTimeoutMs: number;
}

/** What the catalog says about a relation's storage: inputs to planning the profile, not part of the model. */
export interface RelationFacts {
  /** pg_class.reltuples (summed over partitions); -1 when the table was never analysed or vacuumed. */
  reltuples: number;
  sizeBytes: number;
  /** Guessed bytes per row, for turning a size into a row estimate. */
  rowWidth: number;
  /** Columns leading a btree index: their distinct values can be walked without reading the table. */
  sortableColumns: ReadonlySet<string>;
}

export interface Catalog {
  serverVersion: string;
  database: string;
  tables: TableInfo[];
  facts: Map<TableInfo, RelationFacts>;
}

interface CatalogColumnRow {
  position: number;
  name: string;
  dataType: string;
  baseType: string;
  typeCategory: string;
  nullable: boolean;
  default: string | null;
  comment: string | null;
  enumLabels: string[] | null;
}

interface CatalogRow {
  schema: string;
  name: string;
  relkind: string;
  comment: string | null;
  definition: string | null;
  reltuples: number | string;
  relpages: number | string;
  size_bytes: number | string;
  row_width: number | string;
  columns: Json<CatalogColumnRow[]>;
  primary_key: Json<string[]>;
  unique_keys: Json<string[][]>;
  sortable_columns: Json<string[]>;
  foreign_keys: Json<Omit<ForeignKey, 'origin'>[]>;
}

/** JSON columns arrive parsed from node-postgres and PGlite, as text from runners that do not parse them. */
type Json<T> = T | string;

function fromJson<T>(value: Json<T>): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

const relationKinds: Record<string, RelationKind> = {
  r: 'table',
  v: 'view',
  m: 'materialized_view',
  f: 'foreign_table',
  p: 'partitioned_table',
};

/**
 * Reads the whole catalog in one query, then counts rows: exactly for small tables (a capped count,
 * so a stale estimate can never cause a full scan), from pg_class.reltuples for large ones, from the
 * planner's estimate for views and foreign tables. Profiles and strategies are filled in later.
 */
export async function extractCatalog(query: QueryFn, options: ExtractOptions): Promise<Catalog> {
  const [server] = await query<{ database: string; server_version: string }>(serverQuery);
  const rows = await query<CatalogRow>(catalogQuery);
  const facts = new Map<TableInfo, RelationFacts>();
  const tables = rows.map((row) => {
    const table = tableFromRow(row);
    facts.set(table, {
      reltuples: Number(row.reltuples),
      sizeBytes: Number(row.size_bytes),
      rowWidth: Math.max(1, Number(row.row_width)),
      sortableColumns: new Set(fromJson(row.sortable_columns)),
    });
    return table;
  });
  await countRows(query, tables, facts, options);
  return { serverVersion: server?.server_version ?? 'unknown', database: server?.database ?? 'unknown', tables, facts };
}

function tableFromRow(row: CatalogRow): TableInfo {
  const primaryKey = fromJson(row.primary_key);
  const uniqueKeys = fromJson(row.unique_keys);
  const singleColumnKeys = new Set(uniqueKeys.filter((key) => key.length === 1).map((key) => key[0]!));
  const columns = fromJson(row.columns).map(
    (c): ColumnInfo => ({
      name: c.name,
      position: c.position,
      dataType: c.dataType,
      family: columnFamily(c.baseType, c.typeCategory),
      nullable: c.nullable,
      default: c.default,
      comment: c.comment,
      isPrimaryKey: primaryKey.includes(c.name),
      isUnique: singleColumnKeys.has(c.name) || (primaryKey.length === 1 && primaryKey[0] === c.name),
      enumValues: c.enumLabels,
      profile: null,
      strategy: 'skip',
      strategyReason: 'not decided yet',
    }),
  );
  return {
    schema: row.schema,
    name: row.name,
    kind: relationKinds[row.relkind] ?? 'table',
    comment: row.comment,
    rowCount: 0,
    rowCountAccuracy: 'estimated',
    columns,
    primaryKey,
    uniqueConstraints: uniqueKeys,
    foreignKeys: fromJson(row.foreign_keys).map((fk) => ({ ...fk, origin: 'declared' as const })),
    definition: row.definition,
  };
}

/** PostgreSQL 14+ says -1 for a table never analysed or vacuumed; older servers say 0 with pages on disk. */
export function isReltuplesKnown(facts: RelationFacts): boolean {
  return facts.reltuples >= 0 && !(facts.reltuples === 0 && facts.sizeBytes > 0);
}

/** Rows a table holds according to the catalog alone. */
export function estimatedRows(facts: RelationFacts): number {
  if (isReltuplesKnown(facts)) return Math.round(facts.reltuples);
  return Math.round(facts.sizeBytes / facts.rowWidth);
}

/** Relations counted per query: small tables are counted in batches, a few round trips for hundreds. */
const countBatchSize = 100;

/**
 * Sets each relation's row count: exact (a count capped at the limit + 1 rows) where the catalog
 * says the table is small or does not know; reltuples for large tables; the planner's estimate for
 * views and foreign tables, which may compute anything.
 */
async function countRows(
  query: QueryFn,
  tables: TableInfo[],
  facts: Map<TableInfo, RelationFacts>,
  options: ExtractOptions,
): Promise<void> {
  const toCount: TableInfo[] = [];
  const toEstimate: TableInfo[] = [];
  for (const table of tables) {
    const tableFacts = facts.get(table)!;
    table.rowCount = estimatedRows(tableFacts);
    table.rowCountAccuracy = 'estimated';
    if (table.kind === 'view' || table.kind === 'foreign_table') toEstimate.push(table);
    else if (!isReltuplesKnown(tableFacts) || tableFacts.reltuples < options.exactCountLimit) toCount.push(table);
  }
  const batches = Array.from({ length: Math.ceil(toCount.length / countBatchSize) }, (_, i) =>
    toCount.slice(i * countBatchSize, (i + 1) * countBatchSize),
  );
  await mapConcurrently(batches, options.concurrency, async (batch) => {
    try {
      await countBatch(query, batch, options);
    } catch {
      // One relation spoiled the batch (not readable, a materialized view never populated): count one by one.
      await mapConcurrently(batch, options.concurrency, (table) => countBatch(query, [table], options).catch(() => {}));
    }
  });
  await mapConcurrently(toEstimate, options.concurrency, async (table) => {
    table.rowCount = await plannerEstimate(query, qualified(table.schema, table.name), options);
  });
}

async function countBatch(query: QueryFn, batch: TableInfo[], options: ExtractOptions): Promise<void> {
  const sql = batch
    .map(
      (table, i) =>
        `SELECT ${i} AS i, count(*) AS n FROM (SELECT 1 FROM ${qualified(table.schema, table.name)} LIMIT $1) AS capped`,
    )
    .join('\nUNION ALL\n');
  const rows = await query<{ i: number; n: number | string }>(sql, [options.exactCountLimit + 1], {
    timeoutMs: options.statementTimeoutMs,
  });
  for (const row of rows) {
    const table = batch[row.i]!;
    const counted = Number(row.n);
    if (counted <= options.exactCountLimit) {
      table.rowCount = counted;
      table.rowCountAccuracy = 'exact';
    } else {
      table.rowCount = Math.max(table.rowCount, counted);
    }
  }
}

/** The planner's row estimate for `SELECT * FROM relation`, which costs nothing to run. */
async function plannerEstimate(query: QueryFn, relation: string, options: ExtractOptions): Promise<number> {
  try {
    const [row] = await query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${relation}`, [], {
      timeoutMs: options.statementTimeoutMs,
    });
    const plan = fromJson(row?.['QUERY PLAN'] as Json<{ Plan?: { 'Plan Rows'?: number } }[]>);
    return Math.round(plan[0]?.Plan?.['Plan Rows'] ?? 0);
  } catch {
    return 0;
  }
}
