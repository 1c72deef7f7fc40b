import pg from 'pg';
import { cancelBackend } from './cancel.ts';
import { CappedQuery, type RawResult } from './capped-query.ts';
import { isCutCell, markCut } from './cell-cut.ts';
import { resolveColumnTypes } from './column-types.ts';
import {
  QueryCancelledError,
  QueryTimeoutError,
  redactSecrets,
  TargetQueryError,
  TargetUnavailableError,
} from './errors.ts';
import { converterFor } from './json-values.ts';
import { type NameResolution, pinnedFrom, pinSearchPathStatement, type PinnedPath } from './search-path.ts';
import { resetSession } from './session-reset.ts';
import {
  DEFAULT_MAX_CELL_BYTES,
  DEFAULT_MAX_RESULT_BYTES,
  type ExecuteOptions,
  type JsonValue,
  type ReadOnlyResult,
} from './types.ts';
import { messageOf } from '../errors.ts';

/** Our own timer fires this long after the server's statement_timeout should have. */
const CLIENT_TIMEOUT_GRACE_MS = 1000;
/** After asking the server to cancel, wait this long for the query to end before dropping the connection. */
const CANCEL_SETTLE_MS = 2000;
/** Waiting for a lock is cut short sooner than the whole statement, with a clearer message. */
const MAX_LOCK_WAIT_MS = 5000;
const MIN_IDLE_IN_TRANSACTION_MS = 5000;

/**
 * Runs one query in a read-only transaction on a client from `pool` and returns at most `maxRows`
 * rows and `maxResultBytes` bytes as JSON-safe values, cells longer than `maxCellBytes` cut with a
 * marker. Inside the transaction the search_path is pinned with pg_catalog first (search-path.ts).
 * The transaction is always rolled back and the session reset (DISCARD ALL); the client goes back to
 * the pool only when that worked, and is destroyed otherwise.
 *
 * The read-only transaction stops writes; it does not stop sleeps, file reads, calls to other servers
 * or reads of secret catalogs. Pass SQL through the guard (src/sqlguard) first: this is the second
 * wall, not the first.
 */
export async function executeReadOnly(pool: pg.Pool, sql: string, options: ExecuteOptions): Promise<ReadOnlyResult> {
  assertOptions(options);
  const { timeoutMs, maxRows, signal } = options;
  const maxCellBytes = options.maxCellBytes ?? DEFAULT_MAX_CELL_BYTES;
  const secrets = connectionSecrets(pool.options);
  if (signal?.aborted) throw new QueryCancelledError();
  if (sql.includes('\u0000')) {
    // The wire protocol ends strings at NUL, so the server would run something other than `sql`.
    throw new TargetQueryError(
      'The query contains a NUL character, which PostgreSQL does not accept in query text.',
      '42601',
    );
  }

  let client: pg.PoolClient;
  try {
    client = await connectUnlessAborted(pool, signal);
  } catch (error) {
    if (error instanceof QueryCancelledError) throw error;
    throw new TargetUnavailableError(
      `Could not connect to the database: ${redactSecrets(messageOf(error), secrets)}`,
      codeOf(error),
    );
  }
  listenForErrors(client);

  let reusable = true;
  try {
    const { pid, pinned } = await onWire(
      beginReadOnly(client, timeoutMs, { names: options.searchPathNames, attributeNames: options.attributeNames }),
    );
    if (pinned.rowFunctions.length > 0) throw rowFunctionRefusal(pinned.rowFunctions);
    if (signal?.aborted) throw new QueryCancelledError();

    const started = performance.now();
    const raw = await onWire(runCapped(client, sql, options, () => cancelBackend(pool, pid)));
    const executionMs = Math.round((performance.now() - started) * 10) / 10;

    const types =
      raw.fields.length === 0
        ? new Map()
        : await onWire(
            resolveColumnTypes(
              pool,
              client,
              raw.fields.map((f) => f.dataTypeID),
            ),
          );
    const columns = raw.fields.map((field) => ({ name: field.name, type: types.get(field.dataTypeID)!.name }));
    const converters = raw.fields.map((field) => converterFor(types.get(field.dataTypeID)!));
    const rows: JsonValue[][] = raw.rows
      .slice(0, maxRows)
      .map((row) =>
        row.map((cell, index) => (cell === null ? null : isCutCell(cell) ? markCut(cell) : converters[index]!(cell))),
      );

    const reason = truncationReason(raw, maxRows, options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES, maxCellBytes);
    return {
      columns,
      rows,
      row_count: rows.length,
      truncated: reason !== null,
      truncated_reason: reason,
      execution_ms: executionMs,
    };
  } catch (error) {
    if (leavesSessionUnusable(error)) reusable = false;
    throw toPublicError(error, timeoutMs, secrets);
  } finally {
    if (reusable) reusable = await resetSession(client);
    client.release(reusable ? undefined : true);
  }
}

const listened = new WeakSet<pg.PoolClient>();

/**
 * A connection can fail while it is between queries or closing (an administrator terminates its
 * backend, the database is dropped): node-postgres reports that as an 'error' event, which crashes
 * the process when nothing listens. The failure shows on the next query instead, or not at all
 * for a connection being discarded.
 */
function listenForErrors(client: pg.PoolClient): void {
  if (listened.has(client)) return;
  listened.add(client);
  client.on('error', () => {});
}

/** Why rows or cells are missing from the result, in words; null when nothing is. */
function truncationReason(
  raw: RawResult,
  maxRows: number,
  maxResultBytes: number,
  maxCellBytes: number,
): string | null {
  const reasons: string[] = [];
  if (raw.stoppedBy === 'bytes')
    reasons.push(
      `the result passed ${formatBytes(maxResultBytes)}, so only the first ${Math.min(raw.rows.length, maxRows)} rows are shown`,
    );
  else if (raw.rows.length > maxRows)
    reasons.push(`the query returned more than ${maxRows} rows, so only the first ${maxRows} are shown`);
  if (raw.cutCells > 0)
    reasons.push(
      `${raw.cutCells} ${raw.cutCells === 1 ? 'value was' : 'values were'} longer than ${formatBytes(maxCellBytes)} and cut`,
    );
  if (reasons.length === 0) return null;
  const text = reasons.join('; ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} kB`;
  return `${bytes} bytes`;
}

/** A field of the query could call a function through attribute notation (`t.f` meaning f(t)). */
function rowFunctionRefusal(functions: string[]): TargetQueryError {
  const names = functions.join(', ');
  return new TargetQueryError(
    `The query names a field that PostgreSQL would run as the function ${names} (t.f can mean f(t)); that function is not allowed. The connection's owner can allow it by name.`,
    '42501',
  );
}

/** Waits for a client; an abort while waiting gives up (and hands the client back when it comes). */
function connectUnlessAborted(pool: pg.Pool, signal: AbortSignal | undefined): Promise<pg.PoolClient> {
  const connecting = pool.connect();
  if (!signal) return connecting;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      reject(new QueryCancelledError());
      connecting.then(
        (client) => client.release(),
        () => undefined,
      );
    };
    signal.addEventListener('abort', onAbort, { once: true });
    connecting.then(
      (client) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return;
        resolve(client);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Opens the read-only transaction, sets its limits and pins its search_path (search-path.ts), in one
 * round trip; returns the backend's pid (for cancelling) and the pinned path.
 */
async function beginReadOnly(
  client: pg.PoolClient,
  timeoutMs: number,
  resolution: NameResolution,
): Promise<{ pid: number; pinned: PinnedPath }> {
  const setup = [
    'BEGIN TRANSACTION READ ONLY',
    `SET LOCAL statement_timeout = ${timeoutMs}`,
    `SET LOCAL lock_timeout = ${Math.min(timeoutMs, MAX_LOCK_WAIT_MS)}`,
    `SET LOCAL idle_in_transaction_session_timeout = ${Math.max(timeoutMs, MIN_IDLE_IN_TRANSACTION_MS)}`,
    // The server must read string literals exactly as the guard's parser did.
    'SET LOCAL standard_conforming_strings = on',
    // Fixed output formats for the value converters; neither changes how input is read.
    "SET LOCAL DateStyle = 'ISO'",
    "SET LOCAL bytea_output = 'hex'",
    'SELECT pg_catalog.pg_backend_pid() AS pid',
    pinSearchPathStatement(resolution),
  ].join(';\n');
  const results = (await client.query(setup)) as unknown as pg.QueryResult[];
  const [backend, path] = results.slice(-2);
  const pid = backend?.rows[0]?.pid;
  if (typeof pid !== 'number') throw new Error('The server did not report its backend pid');
  return { pid, pinned: pinnedFrom(path!.rows[0]) };
}

/** Why our side stopped a running query. */
class StoppedQuery extends Error {
  constructor(readonly reason: 'timeout' | 'cancelled') {
    super(reason);
  }
}

/** The connection itself failed (not a PostgreSQL error about the query). */
class ConnectionLost extends Error {}

/**
 * Runs the query, reading maxRows + 1 rows. On abort, or when the server's statement_timeout has
 * not fired in time, asks the server to cancel and rejects with StoppedQuery; if the server does not
 * confirm within CANCEL_SETTLE_MS, rejects anyway (the caller then drops the connection).
 */
function runCapped(
  client: pg.PoolClient,
  sql: string,
  options: ExecuteOptions,
  cancel: () => Promise<boolean>,
): Promise<RawResult> {
  const { timeoutMs, maxRows, signal } = options;
  return new Promise<RawResult>((resolve, reject) => {
    let stoppedBy: StoppedQuery['reason'] | undefined;
    let settled = false;
    let settleTimer: NodeJS.Timeout | undefined;

    const finish = (error: Error | undefined, result?: RawResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      clearTimeout(settleTimer);
      signal?.removeEventListener('abort', onAbort);
      if (stoppedBy) reject(new StoppedQuery(stoppedBy));
      else if (error) reject(error);
      else resolve(result!);
    };
    const stop = (reason: StoppedQuery['reason']) => {
      if (settled || stoppedBy) return;
      stoppedBy = reason;
      cancel().catch(() => false);
      settleTimer = setTimeout(() => finish(undefined), CANCEL_SETTLE_MS);
    };
    const onAbort = () => stop('cancelled');
    const timeoutTimer = setTimeout(() => stop('timeout'), timeoutMs + CLIENT_TIMEOUT_GRACE_MS);

    signal?.addEventListener('abort', onAbort, { once: true });
    client.query(
      new CappedQuery(
        sql,
        {
          rows: maxRows + 1,
          bytes: options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES,
          cellBytes: options.maxCellBytes ?? DEFAULT_MAX_CELL_BYTES,
        },
        finish,
      ),
    );
  });
}

/** Anything a pg call rejects with that is not PostgreSQL speaking is a broken connection. */
async function onWire<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof pg.DatabaseError || error instanceof StoppedQuery || error instanceof QueryCancelledError)
      throw error;
    throw new ConnectionLost(messageOf(error));
  }
}

function toPublicError(error: unknown, timeoutMs: number, secrets: readonly string[]): unknown {
  if (error instanceof StoppedQuery) {
    return error.reason === 'timeout' ? new QueryTimeoutError(timeoutMs) : new QueryCancelledError();
  }
  if (error instanceof ConnectionLost) {
    return new TargetUnavailableError(`The database connection failed: ${redactSecrets(error.message, secrets)}`);
  }
  if (error instanceof pg.DatabaseError) {
    const code = error.code ?? '';
    const message = redactSecrets(error.message, secrets);
    // 57014 is also what a cancel from elsewhere (an administrator) looks like.
    if (code === '57014' && /statement timeout/i.test(error.message)) return new QueryTimeoutError(timeoutMs);
    if (isSessionFailure(code)) return new TargetUnavailableError(`The database connection failed: ${message}`, code);
    const position = error.position === undefined ? undefined : Number(error.position);
    return new TargetQueryError(
      message,
      code,
      redactOptional(error.detail, secrets),
      redactOptional(error.hint, secrets),
      position,
    );
  }
  return error;
}

/** After these the connection may still be busy or broken, so it is dropped rather than rolled back. */
function leavesSessionUnusable(error: unknown): boolean {
  if (error instanceof StoppedQuery || error instanceof ConnectionLost) return true;
  return error instanceof pg.DatabaseError && isSessionFailure(error.code);
}

/** SQLSTATEs after which the session is gone or suspect: connection exceptions, shutdowns, idle timeout. */
function isSessionFailure(code: string | undefined): boolean {
  return code === undefined || code.startsWith('08') || code.startsWith('57P') || code === '25P03';
}

/** The password and connection string, so that no error message can repeat them. */
function connectionSecrets(options: pg.PoolConfig): string[] {
  const secrets: string[] = [];
  if (typeof options.password === 'string') secrets.push(options.password);
  if (options.connectionString) {
    try {
      const password = decodeURIComponent(new URL(options.connectionString).password);
      if (password) secrets.push(password);
    } catch {
      // Not a URL (a key=value string): keep the whole thing out of messages.
      secrets.push(options.connectionString);
    }
  }
  return secrets;
}

function assertOptions({ timeoutMs, maxRows, maxResultBytes, maxCellBytes }: ExecuteOptions): void {
  for (const [name, value] of [
    ['maxResultBytes', maxResultBytes],
    ['maxCellBytes', maxCellBytes],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1))
      throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 2_147_483_647) {
    throw new RangeError(`timeoutMs must be a positive integer of milliseconds, got ${String(timeoutMs)}`);
  }
  if (!Number.isSafeInteger(maxRows) || maxRows < 1 || maxRows >= 2_147_483_647) {
    throw new RangeError(`maxRows must be a positive integer, got ${String(maxRows)}`);
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function redactOptional(text: string | undefined, secrets: readonly string[]): string | undefined {
  return text === undefined ? undefined : redactSecrets(text, secrets);
}
