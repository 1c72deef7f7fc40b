import { desc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { sqlHistory } from '../db/schema.ts';

/** Who wrote the SQL: a language model, the built-in engine, or a person. */
export type QuerySource = 'llm' | 'builtin' | 'user';
/** What a history line records: who wrote the SQL, or `mcp` when an MCP client asked or ran it. */
type HistorySource = QuerySource | 'mcp';

export interface QueryRecord {
  connectionId: string;
  userId: string | null;
  source: HistorySource;
  sql: string;
  /** ok; error (the database failed it); rejected (the guard refused it, never sent). */
  outcome: 'ok' | 'error' | 'rejected';
  error?: string | null;
  /** A short code: the guard's rejection code, or the SQLSTATE / timeout of a failure. */
  reason?: string | null;
  rowCount?: number | null;
  executionMs?: number | null;
}

/** Writes one line of SQL history and counts it in the metrics (ok, error or rejected by the guard). */
export async function recordQuery(deps: Pick<AppContext, 'db' | 'metrics'>, record: QueryRecord): Promise<void> {
  deps.metrics.queries.inc({ source: record.source, outcome: record.outcome });
  await deps.db.insert(sqlHistory).values({
    connectionId: record.connectionId,
    userId: record.userId,
    source: record.source,
    sql: storableText(record.sql).slice(0, 100_000),
    ok: record.outcome === 'ok',
    error: record.error == null ? null : storableText(record.error),
    reason: record.reason ?? null,
    rowCount: record.rowCount ?? null,
    executionMs: record.executionMs ?? null,
  });
}

/** PostgreSQL text cannot hold NUL: it is kept visible as U+2400 (␀), so a refused query still gets its line. */
function storableText(text: string): string {
  return text.replaceAll('\u0000', '\u2400');
}

export async function listHistory(
  deps: Pick<AppContext, 'db'>,
  connectionId: string,
  page: { limit: number; offset: number },
) {
  return deps.db
    .select()
    .from(sqlHistory)
    .where(eq(sqlHistory.connectionId, connectionId))
    .orderBy(desc(sqlHistory.createdAt), desc(sqlHistory.id))
    .limit(page.limit)
    .offset(page.offset);
}
