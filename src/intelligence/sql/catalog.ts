import { columnsCte, enumsCte } from './columns.ts';
import { foreignKeysCte } from './foreign-keys.ts';
import { primaryKeysCte, sortableColumnsCte, uniqueKeysCte } from './keys.ts';
import { partitionTotalsCte, relationsCte } from './relations.ts';

/**
 * The whole catalog in one round trip: each relation with its columns, keys and foreign keys nested
 * as JSON, whatever the number of tables (after supabase/postgres-meta's PostgresMetaTables).
 */
export const catalogQuery = /* sql */ `
WITH
${relationsCte},
${partitionTotalsCte},
${enumsCte},
${columnsCte},
${primaryKeysCte},
${uniqueKeysCte},
${sortableColumnsCte},
${foreignKeysCte}
SELECT
  r.schema,
  r.name,
  r.relkind,
  r.comment,
  r.definition,
  coalesce(pt.reltuples, r.reltuples) AS reltuples,
  r.relpages,
  coalesce(pt.size_bytes, r.size_bytes) AS size_bytes,
  coalesce(cols.row_width, 24) AS row_width,
  coalesce(cols.columns, '[]') AS columns,
  coalesce(pk.columns, '[]') AS primary_key,
  coalesce(uk.keys, '[]') AS unique_keys,
  coalesce(sc.columns, '[]') AS sortable_columns,
  coalesce(fks.keys, '[]') AS foreign_keys
FROM relations r
LEFT JOIN partition_totals pt ON pt.relid = r.relid
LEFT JOIN (
  SELECT
    relid,
    -- tuple header and line pointer, then each column's width (32 bytes for variable-length ones, as the planner guesses)
    24 + sum(CASE WHEN type_length > 0 THEN type_length ELSE 32 END) AS row_width,
    json_agg(json_build_object(
      'position', position,
      'name', name,
      'dataType', data_type,
      'baseType', base_type,
      'typeCategory', type_category,
      'nullable', nullable,
      'default', default_value,
      'comment', comment,
      'enumLabels', enum_labels
    ) ORDER BY position) AS columns
  FROM columns
  GROUP BY relid
) cols ON cols.relid = r.relid
LEFT JOIN primary_keys pk ON pk.relid = r.relid
LEFT JOIN (
  SELECT relid, json_agg(columns ORDER BY indexrelid) AS keys FROM unique_keys GROUP BY relid
) uk ON uk.relid = r.relid
LEFT JOIN (
  SELECT relid, json_agg(json_build_object(
    'name', name,
    'columns', columns,
    'referencedSchema', referenced_schema,
    'referencedTable', referenced_table,
    'referencedColumns', referenced_columns
  ) ORDER BY name) AS keys
  FROM foreign_keys
  GROUP BY relid
) fks ON fks.relid = r.relid
LEFT JOIN sortable_columns sc ON sc.relid = r.relid
ORDER BY r.schema, r.name`;

export const serverQuery = /* sql */ `SELECT current_database() AS database, current_setting('server_version') AS server_version`;
