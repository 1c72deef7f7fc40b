/**
 * Tables, views, materialized views, foreign and partitioned tables the current role may read.
 * Partitions are left out (their parent stands for them), and so are system schemas and relations
 * that belong to an extension (e.g. PostGIS's spatial_ref_sys).
 */
export const relationsCte = /* sql */ `
relations AS (
  SELECT
    c.oid AS relid,
    n.nspname AS schema,
    c.relname AS name,
    c.relkind::text AS relkind,
    c.reltuples::float8 AS reltuples,
    c.relpages::float8 AS relpages,
    d.description AS comment,
    CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS definition,
    -- The file size only where the catalog knows nothing (never analysed or vacuumed): asking for it
    -- opens the relation, which costs a millisecond or more per table in a fresh session.
    CASE
      WHEN c.relkind NOT IN ('r', 'm') THEN 0
      WHEN c.reltuples < 0 OR c.relpages = 0 THEN pg_relation_size(c.oid)
      ELSE c.relpages::float8 * current_setting('block_size')::float8
    END::float8 AS size_bytes
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
  WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p')
    AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend dep
      WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e'
    )
    AND (has_table_privilege(c.oid, 'SELECT') OR has_any_column_privilege(c.oid, 'SELECT'))
)`;

/** Size and row estimate of a partitioned table: the sums over its leaf partitions (-1 when one was never analysed). */
export const partitionTotalsCte = /* sql */ `
partition_totals AS (
  SELECT
    r.relid,
    sum(pg_relation_size(tree.relid))::float8 AS size_bytes,
    CASE WHEN bool_or(leaf.reltuples < 0) THEN -1 ELSE sum(leaf.reltuples) END::float8 AS reltuples
  FROM relations r
  CROSS JOIN LATERAL pg_partition_tree(r.relid) tree
  JOIN pg_class leaf ON leaf.oid = tree.relid
  WHERE r.relkind = 'p' AND tree.isleaf
  GROUP BY r.relid
)`;
