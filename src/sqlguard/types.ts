export interface GuardOptions {
  /** Most rows the query may return; a LIMIT is injected or clamped to this. */
  maxRows: number;
  /**
   * Functions off the built-in allowlist that the connection's owner allows by name: `name` allows
   * calls written `name(...)`, `schema.name` allows calls written `schema.name(...)`. Entries are
   * read as unquoted names (any case); a call whose quoted name differs in case is another function.
   */
  allowedFunctions?: readonly string[];
}

export interface RelationRef {
  schema: string | null;
  name: string;
}

export interface GuardAccepted {
  ok: true;
  /** The query to run: re-rendered from the checked parse tree, with the row cap applied. */
  sql: string;
  /** Tables, views and other relations the query reads (CTE names excluded), in order of appearance. */
  relations: RelationRef[];
  /** Functions the query calls, as written (`name` or `schema.name`), in order of appearance. */
  functions: string[];
  /**
   * Unqualified names the search path must resolve: relations, types and owner-allowed functions
   * (built-ins resolve in pg_catalog). The executor puts only the schemas holding them after pg_catalog.
   */
  searchPathNames: string[];
  /**
   * Field names (`t.name`, `(t).name`) that PostgreSQL reads as a call `name(t)` when t has no such
   * column and a function of that name takes t's row type. The guard cannot see columns, so the
   * executor refuses the query when such a function exists (allowlisted and owner-allowed names excluded).
   */
  attributeNames: string[];
}

export type GuardRejectionCode =
  | 'too_long'
  | 'empty'
  | 'invalid_character'
  | 'parse_error'
  | 'too_complex'
  | 'multiple_statements'
  | 'not_select'
  | 'modifying_cte'
  | 'select_into'
  | 'row_locking'
  | 'denied_function'
  | 'qualified_function'
  | 'denied_operator'
  | 'secret_catalog'
  | 'parameter_placeholder'
  | 'cross_database_reference'
  | 'rewrite_failed';

export interface GuardRejected {
  ok: false;
  code: GuardRejectionCode;
  /** One or two sentences for a person (or for the model that wrote the SQL). */
  reason: string;
  /** 1-based character position of a parse error, as PostgreSQL reports it. */
  position?: number;
}

export type GuardVerdict = GuardAccepted | GuardRejected;

export function reject(code: GuardRejectionCode, reason: string, position?: number): GuardRejected {
  return position === undefined ? { ok: false, code, reason } : { ok: false, code, reason, position };
}
