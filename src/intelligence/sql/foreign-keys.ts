/**
 * Declared foreign keys, multi-column and across schemas, columns paired in key order. Clones that
 * PostgreSQL makes on partitions (conparentid ≠ 0) are left out: the parent's constraint stands for them.
 */
export const foreignKeysCte = /* sql */ `
foreign_keys AS (
  SELECT
    con.conrelid AS relid,
    con.conname AS name,
    target_schema.nspname AS referenced_schema,
    target.relname AS referenced_table,
    (SELECT json_agg(a.attname ORDER BY k.ord)
       FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
    (SELECT json_agg(a.attname ORDER BY k.ord)
       FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns
  FROM pg_constraint con
  JOIN relations r ON r.relid = con.conrelid
  JOIN pg_class target ON target.oid = con.confrelid
  JOIN pg_namespace target_schema ON target_schema.oid = target.relnamespace
  WHERE con.contype = 'f' AND con.conparentid = 0
)`;
