export interface GuardOptions {
  /** Most rows the query may return; a LIMIT is injected or clamped to this. */
  maxRows: number;
  /**
   * Schemas a function call may name explicitly besides pg_catalog (for example the schema of an
   * installed extension). Unqualified calls are not affected.
   */
  allowedSchemas?: string[];
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
