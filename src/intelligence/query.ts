import type pg from 'pg';

interface QueryOptions {
  /** Server-side statement timeout for this one query, when the runner can apply it. */
  timeoutMs?: number;
}

/**
 * Runs one SQL statement and returns its rows: over a pg.Pool, a client, PGlite, anything. Runners
 * that cannot apply `options.timeoutMs` may ignore it; every analysis query is bounded by LIMIT or
 * TABLESAMPLE anyway, the timeout is the second line of defence.
 */
export type QueryFn = <T>(sql: string, params?: unknown[], options?: QueryOptions) => Promise<T[]>;

/**
 * A QueryFn over a node-postgres pool. A query with a timeout runs in its own read-only transaction
 * with `SET LOCAL statement_timeout`, so the setting never leaks to the pooled session.
 * Also fine for PGlite behind pglite-socket (the demo): it serves one client's transaction to its end
 * before the next client's statements, so transactions do not interleave.
 */
export function queryFnForPool(pool: pg.Pool): QueryFn {
  return async <T>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<T[]> => {
    if (!options.timeoutMs) return (await pool.query(sql, params)).rows as T[];
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(options.timeoutMs))}`);
      const result = await client.query(sql, params);
      await client.query('COMMIT');
      return result.rows as T[];
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  };
}
