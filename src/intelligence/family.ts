import type { ColumnFamily } from './model.ts';

const numberTypes = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'money', 'oid']);
const textTypes = new Set(['text', 'varchar', 'bpchar', 'char', 'name', 'citext']);

/**
 * The broad family of a column from its base type (domains resolved) and pg_type.typcategory, so
 * rules need not know every type name: A array, B boolean, D date/time, E enum, N numeric, S string,
 * T timespan, U user-defined (json, bytea, uuid live there).
 */
export function columnFamily(baseType: string, typeCategory: string): ColumnFamily {
  if (typeCategory === 'A') return 'array';
  if (typeCategory === 'E') return 'enum';
  if (typeCategory === 'B') return 'boolean';
  if (typeCategory === 'T') return 'interval';
  if (typeCategory === 'D') {
    if (baseType === 'date') return 'date';
    if (baseType === 'time' || baseType === 'timetz') return 'time';
    return 'timestamp';
  }
  if (numberTypes.has(baseType) || typeCategory === 'N') return 'number';
  if (textTypes.has(baseType) || typeCategory === 'S') return 'text';
  if (baseType === 'json' || baseType === 'jsonb') return 'json';
  if (baseType === 'bytea') return 'binary';
  if (baseType === 'uuid') return 'uuid';
  return 'other';
}

/** Families whose min and max mean something (ordered scalars). */
export function hasRange(family: ColumnFamily): boolean {
  return (
    family === 'number' || family === 'date' || family === 'timestamp' || family === 'time' || family === 'interval'
  );
}

/** Families whose values are never listed, as categories or samples: binary data. */
export function isOpaque(family: ColumnFamily): boolean {
  return family === 'binary';
}

/** Families whose values may be kept as categories (json and arrays are only sampled, cut short). */
export function mayHaveCategories(family: ColumnFamily): boolean {
  return family !== 'binary' && family !== 'json' && family !== 'array';
}
