export interface ExecuteOptions {
  /** Longest the query may run, enforced by the server (statement_timeout) and by us. */
  timeoutMs: number;
  /** Most rows returned; one more is fetched to tell whether the result was cut. */
  maxRows: number;
  /** Aborting it cancels the query on the server. */
  signal?: AbortSignal;
  /** Most bytes of cell text in the result (default 10 MB); rows past it are dropped. */
  maxResultBytes?: number;
  /** Longest cell kept whole, in bytes (default 64 kB); longer ones are cut and marked. */
  maxCellBytes?: number;
  /** Unqualified names the guard found (GuardAccepted.searchPathNames); see search-path.ts. */
  searchPathNames?: readonly string[];
  /** Field names the guard found (GuardAccepted.attributeNames); see search-path.ts. */
  attributeNames?: readonly string[];
}

export const DEFAULT_MAX_RESULT_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_CELL_BYTES = 64 * 1024;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ResultColumn {
  name: string;
  /** PostgreSQL's type name: int4, numeric, timestamptz, text[], jsonb, or a user type's name. */
  type: string;
}

/**
 * Rows are arrays in column order (column names may repeat). Values are JSON-safe:
 *   int2/int4/oid, float4/float8 → number (NaN and ±Infinity → string);
 *   int8 → number when within ±(2^53-1), otherwise string; numeric and money → string (exact);
 *   bool → boolean; json/jsonb → parsed value;
 *   date → 'YYYY-MM-DD'; timestamp → 'YYYY-MM-DDTHH:MM:SS[.ffffff]';
 *   timestamptz → same with the session's offset, e.g. '+00:00' (never shifted through JS Date);
 *   bytea → PostgreSQL hex text '\x0102ff'; arrays → nested arrays of converted elements;
 *   interval, time, uuid, inet, enums and everything else → PostgreSQL's text form; NULL → null.
 */
export interface ReadOnlyResult {
  columns: ResultColumn[];
  rows: JsonValue[][];
  row_count: number;
  /** True when rows were dropped (more than maxRows, or past maxResultBytes) or cells were cut. */
  truncated: boolean;
  /** Why, in words; null when nothing was cut. */
  truncated_reason: string | null;
  execution_ms: number;
}
