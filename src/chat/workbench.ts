import { describeSql } from '../agent/describe-sql.ts';
import type { AppContext } from '../context.ts';
import type { ChatMessage } from '../db/schema.ts';
import { executeSqlQuery } from '../query/service.ts';
import { proposeChart, STORED_ROWS, type ChartProposal } from '../agent/chart.ts';
import { saveExample } from '../retrieval/examples.ts';
import { saveMessage, setFeedback } from './sessions.ts';

/**
 * The SQL workbench under an answer: a person edits the answer's SQL, runs it, and may keep the
 * result as the answer. Hand-written SQL needs view permission (executeSqlQuery checks `run-sql`).
 */
type Deps = Parameters<typeof executeSqlQuery>[0] & Pick<AppContext, 'db'>;

export interface DraftInput {
  userId: string;
  connectionId: string;
  sql: string;
  signal?: AbortSignal;
}

export interface DraftResult {
  sql: string;
  columns: { name: string; type: string }[];
  rows: unknown[][];
  row_count: number;
  truncated: boolean;
  execution_ms: number;
  chart: ChartProposal;
  explanation: string;
  tables: string[];
}

/** Runs edited SQL through the guard and proposes a chart and an explanation for its result. */
export async function runDraft(deps: Deps, input: DraftInput): Promise<DraftResult> {
  const result = await executeSqlQuery(deps, {
    userId: input.userId,
    connectionId: input.connectionId,
    sql: input.sql,
    source: 'user',
    signal: input.signal,
  });
  return {
    sql: result.sql,
    columns: result.columns,
    rows: result.rows,
    row_count: result.row_count,
    truncated: result.truncated,
    execution_ms: result.execution_ms,
    chart: proposeChart(result.columns, result.rows),
    explanation: await describeSql(result.sql),
    tables: result.relations.map((r) => (r.schema ? `${r.schema}.${r.name}` : r.name)),
  };
}

/**
 * Keeps edited SQL as the answer to `original`'s question: it runs again, lands in the same session
 * as a new answer written by the person, and becomes a saved example for similar questions.
 */
export async function useAsAnswer(deps: Deps, input: DraftInput & { original: ChatMessage }): Promise<ChatMessage> {
  const draft = await runDraft(deps, input);
  const message = await saveMessage(deps, {
    sessionId: input.original.sessionId,
    question: input.original.question,
    kind: 'query',
    answer: `${draft.explanation} (SQL edited by hand.)`,
    sql: input.sql.trim(),
    columns: draft.columns,
    rows: draft.rows.slice(0, STORED_ROWS),
    rowCount: draft.row_count,
    truncated: draft.truncated || draft.rows.length > STORED_ROWS,
    chart: draft.chart,
    explanation: draft.explanation,
    provenance: { engine: 'user', tables: draft.tables, edited_from: input.original.id },
    engine: 'user',
    confidence: null,
    executionMs: draft.execution_ms,
    timings: null,
    llmUsage: null,
  });
  await saveExample(deps, {
    connectionId: input.connectionId,
    question: input.original.question,
    sql: input.sql.trim(),
    source: 'corrected',
    messageId: message.id,
    createdBy: input.userId,
  });
  await setFeedback(deps, input.original.id, 'corrected');
  return message;
}
