import { authorize, type Action } from '../connections/access.ts';
import { targetParams } from '../connections/service.ts';
import type { AppContext } from '../context.ts';
import type { Connection } from '../db/schema.ts';
import { Invalid, messageOf, Unavailable, Unprocessable } from '../errors.ts';
import { checkSql, type GuardAccepted, type RelationRef } from '../sqlguard/index.ts';
import { QueryCancelledError, QueryTimeoutError, TargetQueryError, TargetUnavailableError } from '../targets/errors.ts';
import { executeReadOnly } from '../targets/execute.ts';
import type { ReadOnlyResult } from '../targets/types.ts';
import { recordQuery, type QuerySource } from '../system/history.ts';

type Deps = Pick<AppContext, 'db' | 'vault' | 'targets' | 'config' | 'metrics' | 'log'>;

export interface QueryRequest {
  userId: string;
  connectionId: string;
  sql: string;
  source: QuerySource;
  /** Set when an MCP client asked or ran it: the history line then says `mcp`. */
  via?: 'mcp';
  /** Aborting it (the HTTP client went away) cancels the query on the server. */
  signal?: AbortSignal;
  maxRows?: number;
  /**
   * The connection, when this request already authorised the user for this action on it (the chat
   * agent, after planning the question): saves a second look-up. Never from a client's input.
   */
  authorized?: Connection;
  /**
   * The guard's verdict on exactly `sql` with this connection's limits, when this request already
   * checked it (the chat agent's check step): saves parsing it twice. Never from a client's input.
   */
  checked?: { sql: string; verdict: GuardAccepted };
}

export interface QueryAnswer extends ReadOnlyResult {
  /** The SQL that actually ran: normalised by the guard, with the row cap applied. */
  sql: string;
  relations: RelationRef[];
}

/** A query that PostgreSQL itself refused or failed, with its message. */
export class QueryFailed extends Unprocessable {
  constructor(message: string, details: { code: string; sql?: string; position?: number }) {
    super(message, details, 'query_failed');
  }
}

// Asking questions runs generated SQL, so chat permission suffices; hand-written SQL needs view.
const actionFor: Record<QuerySource, Action> = { user: 'run-sql', llm: 'ask', builtin: 'ask' };

/**
 * The one way SQL reaches a user's database (the seed's `execute_sql_query`): permission check, the
 * guard (single read-only SELECT, row cap), the read-only executor (timeout, cancellation), and a line
 * of SQL history whatever happens.
 */
export async function executeSqlQuery(deps: Deps, request: QueryRequest): Promise<QueryAnswer> {
  const connection =
    request.authorized?.id === request.connectionId
      ? request.authorized
      : (await authorize(deps, request.userId, request.connectionId, actionFor[request.source])).connection;
  const maxRows = Math.min(request.maxRows ?? deps.config.MAX_ROWS, deps.config.MAX_ROWS);
  const base = { connectionId: connection.id, userId: request.userId, source: request.via ?? request.source };
  // One row more than the cap reaches the executor, so it can tell the result was cut.
  const verdict =
    request.checked?.sql === request.sql && request.authorized === connection && request.maxRows === undefined
      ? request.checked.verdict
      : await checkSql(request.sql, { maxRows: maxRows + 1, allowedFunctions: connection.allowedFunctions });
  if (!verdict.ok) {
    await recordQuery(deps, {
      ...base,
      sql: request.sql,
      outcome: 'rejected',
      error: verdict.reason,
      reason: verdict.code,
    });
    const details = { code: verdict.code, position: verdict.position };
    // Text PostgreSQL cannot even receive is a bad request, not a query it could refuse.
    if (verdict.code === 'invalid_character') throw new Invalid(`This query cannot run: ${verdict.reason}`, details);
    throw new Unprocessable(`This query cannot run: ${verdict.reason}`, details);
  }
  try {
    const pool = await deps.targets.get(connection.id, targetParams(deps, connection));
    const result = await executeReadOnly(pool, verdict.sql, {
      timeoutMs: deps.config.QUERY_TIMEOUT_MS,
      maxRows,
      maxResultBytes: deps.config.MAX_RESULT_BYTES,
      maxCellBytes: deps.config.MAX_CELL_BYTES,
      searchPathNames: verdict.searchPathNames,
      attributeNames: verdict.attributeNames,
      signal: request.signal,
    });
    await recordQuery(deps, {
      ...base,
      sql: verdict.sql,
      outcome: 'ok',
      rowCount: result.row_count,
      executionMs: result.execution_ms,
    });
    return { ...result, sql: verdict.sql, relations: verdict.relations };
  } catch (error) {
    const code =
      error instanceof QueryTimeoutError
        ? 'timeout'
        : error instanceof QueryCancelledError
          ? 'cancelled'
          : ((error as { code?: string }).code ?? 'error');
    const message = messageOf(error);
    await recordQuery(deps, { ...base, sql: verdict.sql, outcome: 'error', error: message, reason: code });
    if (error instanceof TargetQueryError)
      throw new QueryFailed(`The database refused the query: ${message}`, {
        code,
        sql: verdict.sql,
        position: error.position,
      });
    if (error instanceof QueryTimeoutError || error instanceof QueryCancelledError)
      throw new QueryFailed(message, { code });
    if (error instanceof TargetUnavailableError) throw new Unavailable(message, undefined, 'target_unavailable');
    throw error;
  }
}
