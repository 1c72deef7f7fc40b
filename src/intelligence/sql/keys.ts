/** Primary keys, columns in key order. */
export const primaryKeysCte = /* sql */ `
primary_keys AS (
  SELECT con.conrelid AS relid, json_agg(a.attname ORDER BY k.ord) AS columns
  FROM pg_constraint con
  JOIN relations r ON r.relid = con.conrelid
  CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
  WHERE con.contype = 'p'
  GROUP BY con.oid, con.conrelid
)`;

/**
 * Unique keys: unique constraints and plain unique indexes alike (both make a column set a key),
 * leaving out the primary key, partial indexes and indexes on expressions.
 */
export const uniqueKeysCte = /* sql */ `
unique_keys AS (
  SELECT i.indrelid AS relid, i.indexrelid, json_agg(a.attname ORDER BY k.ord) AS columns
  FROM pg_index i
  JOIN relations r ON r.relid = i.indrelid
  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  WHERE i.indisunique AND NOT i.indisprimary AND i.indpred IS NULL AND i.indexprs IS NULL
    AND k.ord <= i.indnkeyatts
  GROUP BY i.indrelid, i.indexrelid
)`;

/**
 * Columns that lead a valid btree index with the type's default operator class and the column's own
 * collation: `ORDER BY column LIMIT 1` on them is an index probe, which lets analysis list a
 * column's distinct values without reading the table.
 */
export const sortableColumnsCte = /* sql */ `
sortable_columns AS (
  SELECT i.indrelid AS relid, json_agg(DISTINCT a.attname::text) AS columns
  FROM pg_index i
  JOIN relations r ON r.relid = i.indrelid
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_am am ON am.oid = ic.relam
  JOIN pg_opclass oc ON oc.oid = i.indclass[0]
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
  WHERE am.amname = 'btree' AND i.indisvalid AND i.indpred IS NULL AND i.indkey[0] <> 0
    AND oc.opcdefault AND i.indcollation[0] = a.attcollation
  GROUP BY i.indrelid
)`;
