/*
 * Name resolution inside the read-only transaction. A database (or role) default such as
 * `search_path = evil, pg_catalog, public` would make `upper(x)` mean `evil.upper(x)`, a function
 * that can do anything. So before the query runs, the transaction's search_path becomes pg_catalog
 * first, followed only by the schemas of the current path that hold a name the query uses
 * unqualified (a relation, a type, a function its owner allowed by name), in their original order.
 * Built-ins then resolve to pg_catalog, and a schema the query has no business with cannot offer a
 * better-matching overload either.
 *
 * This statement itself runs under the old search path, so every name and operator in it is
 * qualified with pg_catalog.
 */
const PIN_SEARCH_PATH = `
WITH path AS (
  SELECT n.oid, n.nspname, s.pos
  FROM pg_catalog.unnest(pg_catalog.current_schemas(false)) WITH ORDINALITY AS s(nspname, pos)
  JOIN pg_catalog.pg_namespace n ON n.nspname OPERATOR(pg_catalog.=) s.nspname
  WHERE n.nspname OPERATOR(pg_catalog.<>) 'pg_catalog'
    AND ($1::pg_catalog.name[] IS NULL
      OR EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) n.oid AND c.relname OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.name[]))
      OR EXISTS (SELECT FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) n.oid AND t.typname OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.name[]))
      OR EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) n.oid AND p.proname OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.name[])))
)
SELECT
  pg_catalog.set_config('search_path', pg_catalog.concat_ws(', ', 'pg_catalog',
    (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(nspname), ', ' ORDER BY pos) FROM path)), true) AS search_path,
  ARRAY(
    SELECT pg_catalog.format('%s.%s(%s)', pn.nspname, p.proname, pg_catalog.format_type(p.proargtypes[0], NULL))
    FROM pg_catalog.pg_proc p
    JOIN pg_catalog.pg_namespace pn ON pn.oid OPERATOR(pg_catalog.=) p.pronamespace
    JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) p.proargtypes[0]
    WHERE p.proname OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.name[])
      AND p.pronargs OPERATOR(pg_catalog.=) 1
      AND t.typtype OPERATOR(pg_catalog.=) ANY ('{c,p}'::pg_catalog."char"[])
      AND (pn.nspname OPERATOR(pg_catalog.=) 'pg_catalog' OR EXISTS (SELECT FROM path WHERE path.oid OPERATOR(pg_catalog.=) p.pronamespace))
  ) AS row_functions`;

export interface NameResolution {
  /**
   * Unqualified names the query uses (relations, types, owner-allowed functions): only the schemas
   * holding them follow pg_catalog. Undefined keeps every schema of the current path, after pg_catalog.
   */
  names?: readonly string[];
  /**
   * Field names the query uses (`t.name`): when a function of such a name takes a row type,
   * `t.name` may call it, and the query is refused.
   */
  attributeNames?: readonly string[];
}

export interface PinnedPath {
  searchPath: string;
  /** Functions a field name of the query could call through attribute notation (`schema.name(type)`). */
  rowFunctions: string[];
}

/**
 * The statement that sets the transaction's search_path (SET LOCAL) as described above, with the
 * names written into it, so it can travel in the same round trip as the transaction's set-up; read
 * its one row with `pinnedFrom`. Names are E'' literals (backslashes doubled, quotes doubled): they
 * read the same whatever standard_conforming_strings is when the server parses the text.
 */
export function pinSearchPathStatement(resolution: NameResolution): string {
  const names = nameArray(resolution.names ?? null);
  const attributeNames = nameArray(resolution.attributeNames ?? []);
  // One pass, with a function: a `$2` or `$&` inside a name is never read as a placeholder or pattern.
  return PIN_SEARCH_PATH.replace(/\$([12])/g, (_, n: string) => (n === '1' ? names : attributeNames));
}

export function pinnedFrom(row: { search_path: string; row_functions: string[] }): PinnedPath {
  return { searchPath: row.search_path, rowFunctions: row.row_functions };
}

function nameArray(names: readonly string[] | null): string {
  if (names === null) return 'NULL';
  const items = names.map((name) => `E'${name.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`);
  return `ARRAY[${items.join(', ')}]`;
}
