/**
 * The planner's statistics for every column of the database in one query. pg_stats shows only
 * columns the role may read. A parent table may have two rows per column: inherited = true
 * describes parent and children together, which is what a query sees, so the reader prefers it.
 * The value arrays (anyarray) come as text, each element in its type's own text form.
 */
export const plannerStatisticsQuery = /* sql */ `
SELECT
  s.schemaname AS schema,
  s.tablename AS table,
  s.attname AS column,
  s.inherited,
  s.null_frac::float8 AS null_fraction,
  s.n_distinct::float8 AS n_distinct,
  s.most_common_vals::text AS common_values,
  s.most_common_freqs::text AS common_frequencies,
  s.histogram_bounds::text AS histogram_bounds
FROM pg_stats s
WHERE s.schemaname NOT IN ('pg_catalog', 'information_schema')
  AND s.schemaname !~ '^pg_(toast|temp_|toast_temp_)'`;
