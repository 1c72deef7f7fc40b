/**
 * Columns the role may read, with their declared type (format_type), the base type behind a domain
 * (whose name and category decide the column's family), defaults, comments and enum labels.
 */
export const enumsCte = /* sql */ `
enums AS (
  SELECT enumtypid, json_agg(enumlabel ORDER BY enumsortorder) AS labels
  FROM pg_enum
  GROUP BY enumtypid
)`;

export const columnsCte = /* sql */ `
columns AS (
  SELECT
    a.attrelid AS relid,
    a.attnum AS position,
    a.attname AS name,
    format_type(a.atttypid, a.atttypmod) AS data_type,
    base.typname AS base_type,
    base.typcategory AS type_category,
    base.typlen AS type_length,
    NOT a.attnotnull AS nullable,
    pg_get_expr(ad.adbin, ad.adrelid) AS default_value,
    d.description AS comment,
    e.labels AS enum_labels
  FROM pg_attribute a
  JOIN relations r ON r.relid = a.attrelid
  JOIN pg_type t ON t.oid = a.atttypid
  JOIN pg_type base ON base.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
  LEFT JOIN enums e ON e.enumtypid = base.oid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
  WHERE a.attnum > 0
    AND NOT a.attisdropped
    AND has_column_privilege(a.attrelid, a.attnum, 'SELECT')
)`;
