/*
 * What can go wrong when running a query on a target database, as typed errors whose messages are
 * written for the person asking. None of them carries the underlying error object, so no
 * connection string or password can ride along into logs or responses.
 */

/** PostgreSQL refused or failed the query; `code` is its SQLSTATE (e.g. 25006 for a write in a read-only transaction). */
export class TargetQueryError extends Error {
  override readonly name = 'TargetQueryError';
  constructor(
    message: string,
    readonly code: string,
    readonly detail?: string,
    readonly hint?: string,
    /** 1-based character position in the query, when PostgreSQL gave one. */
    readonly position?: number,
  ) {
    super(message);
  }
}

export class QueryTimeoutError extends Error {
  override readonly name = 'QueryTimeoutError';
  readonly code = '57014';
  constructor(readonly timeoutMs: number) {
    super(`Query took longer than ${formatDuration(timeoutMs)} and was stopped`);
  }
}

export class QueryCancelledError extends Error {
  override readonly name = 'QueryCancelledError';
  readonly code = '57014';
  constructor(message = 'Query cancelled: the client went away') {
    super(message);
  }
}

/** The database could not be reached, or dropped the connection. */
export class TargetUnavailableError extends Error {
  override readonly name = 'TargetUnavailableError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/**
 * Replaces every occurrence of each secret (raw and URL-encoded) with `***`. Secrets shorter than
 * 4 characters are left alone: masking them would mangle ordinary words and reveal them all the same.
 */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let result = message;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      result = result.split(form).join('***');
    }
  }
  return result;
}
