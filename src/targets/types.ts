export interface ExecuteOptions {
  /** Longest the query may run, enforced by the server (statement_timeout) and by us. */
  timeoutMs: number;
  /** Most rows returned; one more is fetched to tell whether the result was cut. */
  maxRows: number;
  /** Aborting it cancels the query on the server. */
  signal?: AbortSignal;
}

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
  /** True when the query had more than maxRows rows and the rest were dropped. */
  truncated: boolean;
  execution_ms: number;
}
