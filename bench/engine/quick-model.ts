/**
 * TEMPORARY stand-in for src/intelligence's analysis while it is being written: builds a
 * DatabaseModel from the catalog and exact counts (fine for small bench databases only). It infers
 * no joins; the engine finds joins evident from names itself.
 */
import type pg from 'pg';
import type { ColumnFamily, DatabaseModel, TableInfo } from '../../src/intelligence/model.ts';

const categoryThreshold = 100;
const sampleSize = 50;

function familyOf(type: string): ColumnFamily {
  if (/int|numeric|decimal|real|double|float|money|serial/.test(type)) return 'number';
  if (/char|text|citext|name/.test(type)) return 'text';
  if (type === 'boolean') return 'boolean';
  if (type === 'date') return 'date';
  if (type.startsWith('timestamp')) return 'timestamp';
  if (type.startsWith('time')) return 'time';
  if (type === 'interval') return 'interval';
  if (type.startsWith('json')) return 'json';
  if (type === 'uuid') return 'uuid';
  if (type.endsWith('[]')) return 'array';
  if (type === 'bytea') return 'binary';
  return 'other';
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function quickModel(client: pg.Client, database: string): Promise<DatabaseModel> {
  const columns = await client.query<{
    schema: string;
    table: string;
    column: string;
    position: number;
    type: string;
    nullable: boolean;
    comment: string | null;
  }>(`
    SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, a.attnum AS position,
           format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable, col_description(c.oid, a.attnum) AS comment
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE c.relkind IN ('r','p','v') AND a.attnum > 0 AND NOT a.attisdropped
      AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%'
    ORDER BY 1, 2, 4`);
  const keys = await client.query<{
    schema: string;
    table: string;
    type: string;
    columns: string[];
    ref_schema: string | null;
    ref_table: string | null;
    ref_columns: string[] | null;
    name: string;
  }>(`
    SELECT n.nspname AS schema, c.relname AS table, k.contype AS type, k.conname AS name,
      ARRAY(SELECT attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o) JOIN pg_attribute ON attrelid = k.conrelid AND attnum = u.n ORDER BY o)::text[] AS columns,
      rn.nspname AS ref_schema, rc.relname AS ref_table,
      ARRAY(SELECT attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o) JOIN pg_attribute ON attrelid = k.confrelid AND attnum = u.n ORDER BY o)::text[] AS ref_columns
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class rc ON rc.oid = k.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
    WHERE k.contype IN ('p','u','f')`);
  const tables = new Map<string, TableInfo>();
  for (const row of columns.rows) {
    const id = `${row.schema}.${row.table}`;
    let table = tables.get(id);
    if (!table) {
      table = {
        schema: row.schema,
        name: row.table,
        kind: 'table',
        comment: null,
        rowCount: 0,
        rowCountAccuracy: 'exact',
        columns: [],
        primaryKey: [],
        uniqueConstraints: [],
        foreignKeys: [],
        definition: null,
      };
      tables.set(id, table);
    }
    table.columns.push({
      name: row.column,
      position: row.position,
      dataType: row.type,
      family: familyOf(row.type),
      nullable: row.nullable,
      default: null,
      comment: row.comment,
      isPrimaryKey: false,
      isUnique: false,
      enumValues: null,
      profile: null,
      strategy: 'skip',
      strategyReason: 'quick model',
    });
  }
  for (const k of keys.rows) {
    const table = tables.get(`${k.schema}.${k.table}`);
    if (!table) continue;
    if (k.type === 'p') table.primaryKey = k.columns;
    if (k.type === 'u') table.uniqueConstraints.push(k.columns);
    if (k.type === 'f' && k.ref_table && k.ref_schema && k.ref_columns)
      table.foreignKeys.push({
        name: k.name,
        columns: k.columns,
        referencedSchema: k.ref_schema,
        referencedTable: k.ref_table,
        referencedColumns: k.ref_columns,
        origin: 'declared',
      });
    for (const c of table.columns) {
      if (k.type === 'p' && k.columns.length === 1 && k.columns[0] === c.name) {
        c.isPrimaryKey = true;
        c.isUnique = true;
      }
      if (k.type === 'u' && k.columns.length === 1 && k.columns[0] === c.name) c.isUnique = true;
    }
  }
  for (const table of tables.values()) {
    const from = `${q(table.schema)}.${q(table.name)}`;
    table.rowCount = Number((await client.query(`SELECT count(*) AS n FROM ${from}`)).rows[0].n);
    for (const c of table.columns) {
      const stats = await client.query(
        `SELECT count(DISTINCT ${q(c.name)}) AS d, count(*) FILTER (WHERE ${q(c.name)} IS NULL) AS nulls, min(${q(c.name)}::text) AS lo, max(${q(c.name)}::text) AS hi FROM ${from}`,
      );
      const s = stats.rows[0];
      const distinct = Number(s.d);
      const text = c.family === 'text';
      const categories =
        text && distinct <= categoryThreshold
          ? (
              await client.query(
                `SELECT ${q(c.name)}::text AS v, count(*) AS n FROM ${from} WHERE ${q(c.name)} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
              )
            ).rows.map((r) => ({ value: String(r.v), frequency: table.rowCount ? Number(r.n) / table.rowCount : null }))
          : [];
      const samples =
        text && categories.length === 0
          ? (
              await client.query(
                `SELECT DISTINCT ${q(c.name)}::text AS v FROM ${from} WHERE ${q(c.name)} IS NOT NULL LIMIT ${sampleSize}`,
              )
            ).rows.map((r) => String(r.v))
          : [];
      c.profile = {
        distinctCount: distinct,
        distinctAccuracy: 'exact',
        nullCount: Number(s.nulls),
        nullFraction: table.rowCount ? Number(s.nulls) / table.rowCount : null,
        nullAccuracy: 'exact',
        categories,
        samples,
        min: s.lo,
        max: s.hi,
        source: 'exact',
      };
      c.strategy = categories.length > 0 ? 'categorical' : text ? 'vector' : 'skip';
    }
  }
  return { database, serverVersion: '', analyzedAt: new Date().toISOString(), tables: [...tables.values()] };
}
