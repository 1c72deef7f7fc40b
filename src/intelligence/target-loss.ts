import type { QueryFn } from './query.ts';

/**
 * SQLSTATEs that mean the session or the database went away, not that one query failed: the server
 * shut down or terminated us (DROP DATABASE … WITH (FORCE) does), the database is gone, the login no
 * longer works, the server takes no more connections. Class 08 (connection exception) counts too.
 */
const lostStates = new Set(['57P01', '57P02', '57P03', '3D000', '28000', '28P01', '53300']);

/** A PostgreSQL error carries a five-character SQLSTATE; anything else the driver threw is the transport failing. */
function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function meansTargetLost(error: unknown): boolean {
  const state = sqlState(error);
  return state === undefined || state.startsWith('08') || lostStates.has(state);
}

export interface WatchedTarget {
  query: QueryFn;
  /** Throws the error that lost the target, if any query met one. */
  throwIfLost(): void;
}

/**
 * Profiling tolerates a query that fails (a table it may not read, a timeout): that column stays
 * unknown. A target that went away mid-run would then yield a model of unknowns that replaces good
 * insights. This watches every query: after one fails because the target is gone, later queries fail
 * at once with the same error, and `throwIfLost` fails the run.
 */
export function watchTarget(query: QueryFn): WatchedTarget {
  let lost: unknown;
  const watched: QueryFn = async (sql, params, options) => {
    if (lost !== undefined) throw lost;
    try {
      return await query(sql, params, options);
    } catch (error) {
      if (lost === undefined && meansTargetLost(error)) lost = error;
      throw error;
    }
  };
  return {
    query: watched,
    throwIfLost() {
      if (lost !== undefined) throw lost;
    },
  };
}
