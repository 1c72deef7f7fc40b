import { STORED_ROWS } from '../agent/chart.ts';
import { runAgent } from '../agent/graph.ts';
import type { AgentStateType, Settled } from '../agent/state.ts';
import { authorize } from '../connections/access.ts';
import type { AppContext } from '../context.ts';
import type { ChatMessage, ChatSession, Connection } from '../db/schema.ts';
import { Conflict } from '../errors.ts';
import type { LlmProvider } from '../llm/index.ts';
import { settledExample } from '../retrieval/examples.ts';
import { lastTurn, type LastTurn, ownSession, sameQuestion, saveMessage, titleFrom } from './sessions.ts';

export interface AskInput {
  userId: string;
  connectionId: string;
  question: string;
  sessionId?: string;
  explainMode: 'query' | 'llm';
  /** Set when an MCP client asks: the SQL history says `mcp`. */
  via?: 'mcp';
  signal?: AbortSignal;
  /** Called as each step of the graph finishes (the SSE stream). */
  onStep?: (step: StepEvent) => void;
}

interface StepEvent {
  step: string;
  ms: number | null;
  detail: Record<string, unknown>;
}

/** What a finished step tells the person watching, without the bulk (rows, schema text). */
function stepDetail(step: string, update: Partial<AgentStateType>): Record<string, unknown> {
  switch (step) {
    case 'understand':
      return { intent: update.intent };
    case 'retrieve':
      return {
        tables: update.retrieved?.tables.map((t) => t.table) ?? [],
        values: update.retrieved?.values.map((v) => `${v.table}.${v.column} = ${v.value}`) ?? [],
      };
    case 'generate':
      return update.candidate
        ? { engine: update.candidate.engine, sql: update.candidate.sql, confidence: update.candidate.confidence }
        : { reply: update.reply };
    case 'check':
    case 'execute':
      return update.failure
        ? { ok: false, error: update.failure.message }
        : { ok: true, row_count: update.result?.row_count };
    default:
      return {};
  }
}

/** What a question needs before any step runs; each check that fails throws its typed error. */
export interface AskPlan {
  connection: Connection;
  /** The session asked in; null for a first question, whose session is created with its answer. */
  session: ChatSession | null;
  previous: { question: string; sql: string } | undefined;
  /** SQL the person already settled for this question: a reading they picked, or a saved correction. */
  settled: Settled | null;
}

/** Checks access and readiness, and opens (or finds) the session: everything that can refuse a question. */
export async function planAsk(ctx: AppContext, input: AskInput): Promise<AskPlan> {
  const { connection } = await authorize(ctx, input.userId, input.connectionId, 'ask');
  if (!connection.lastAnalyzedAt)
    throw new Conflict(
      `This database has not been analysed yet (${connection.status}, ${connection.analysisProgress}%); ask again when it is ready.`,
      { status: connection.status, analysis_progress: connection.analysisProgress },
    );
  const session = input.sessionId ? await ownSession(ctx, connection.id, input.userId, input.sessionId) : null;
  const last = session ? await lastTurn(ctx, session.id) : undefined;
  // A follow-up builds on the turn right before it, never on an older one.
  const previous = last?.sql ? { question: last.question, sql: last.sql } : undefined;
  return {
    connection,
    session,
    previous,
    settled: picked(last, input.question) ?? (await saved(ctx, connection.id, input.question)),
  };
}

/** The reading the person picked from the clarification right before this question. */
function picked(last: LastTurn | undefined, question: string): Settled | null {
  if (last?.kind !== 'clarify') return null;
  const option = last.options.find((o) => sameQuestion(o.question, question));
  return option
    ? {
        sql: option.sql,
        label: option.label,
        confidence: option.confidence,
        periods: option.periods ?? [],
        note: 'You picked this reading of the question.',
      }
    : null;
}

/** A correction or a confirmed answer people saved for this question on this connection. */
async function saved(ctx: AppContext, connectionId: string, question: string): Promise<Settled | null> {
  const example = await settledExample(ctx, connectionId, question);
  if (!example) return null;
  const how = example.source === 'corrected' ? 'corrected' : 'confirmed';
  return {
    sql: example.sql,
    label: null,
    confidence: null,
    note: `Answered with the SQL a person ${how} for "${example.question}".`,
  };
}

/**
 * Answers a question in a chat session (creating the session on the first question), streaming
 * each step, and stores the exchange with at most 100 rows.
 */
export async function ask(ctx: AppContext, input: AskInput, plan?: AskPlan): Promise<ChatMessage> {
  const begun = performance.now();
  const { connection, session, previous, settled } = plan ?? (await planAsk(ctx, input));
  const planned = performance.now();

  let llmMs = 0;
  const llm = ctx.llm && timedProvider(ctx.llm, (ms) => (llmMs += ms));
  const started = performance.now();
  let state: AgentStateType | undefined;
  const steps = runAgent(
    {
      question: input.question,
      connectionId: connection.id,
      userId: input.userId,
      previous: previous ?? null,
      settled,
      explainMode: input.explainMode,
    },
    { ctx, connection, llm, via: input.via },
    input.signal,
  );
  for await (const { step, update, state: after } of steps) {
    state = after;
    input.onStep?.({ step, ms: update.timings?.[step] ?? null, detail: stepDetail(step, update) });
  }
  const final = state!;
  const result = final.result;
  const kind = result
    ? 'query'
    : final.intent === 'chitchat' || final.intent === 'clarify'
      ? final.intent
      : final.failure
        ? 'error'
        : 'unanswerable';
  const answerText = result
    ? (final.summary ?? final.explanation ?? '')
    : (final.reply ?? "I can't answer that from this database.");
  const finished = performance.now();
  const total = Math.round(finished - started);
  // AskDB's own time: everything from planning to the answer, less the query's and the LLM's.
  const own = Math.max(0, Math.round((finished - begun - (result?.execution_ms ?? 0) - llmMs) * 10) / 10);
  const stages: Record<string, number> = {
    ...final.timings,
    plan: Math.round((planned - begun) * 10) / 10,
    llm: Math.round(llmMs * 10) / 10,
  };
  for (const [stage, ms] of Object.entries(stages)) ctx.metrics.answerStage.observe({ stage }, ms / 1000);
  ctx.metrics.answerOwn.observe({ engine: final.usage.calls > 0 ? 'llm' : 'builtin' }, own / 1000);
  const saving = performance.now();
  const message = await saveMessage(ctx, {
    sessionId: session
      ? session.id
      : { create: { connectionId: connection.id, userId: input.userId, title: titleFrom(input.question) } },
    question: input.question,
    kind,
    answer: answerText,
    sql: result?.sql ?? final.candidate?.sql ?? null,
    columns: result?.columns ?? null,
    rows: result?.rows.slice(0, STORED_ROWS) ?? null,
    rowCount: result?.row_count ?? null,
    truncated: result ? result.truncated || result.rows.length > STORED_ROWS : false,
    chart: final.chart,
    explanation: final.explanation,
    provenance: {
      engine: final.candidate?.engine ?? (kind === 'chitchat' ? null : 'builtin'),
      tables:
        result?.relations.map((r) => (r.schema ? `${r.schema}.${r.name}` : r.name)) ?? final.candidate?.tables ?? [],
      linked_values:
        final.retrieved?.values
          .slice(0, 10)
          .map((v) => ({ table: v.table, column: v.column, value: v.value, match: v.match })) ?? [],
      examples_used: final.retrieved?.examples.map((e) => e.question) ?? [],
      links: final.candidate?.links ?? [],
      terms: final.candidate?.terms ?? [],
      confidence: final.candidate?.confidence ?? null,
      rationale: final.candidate?.rationale ?? null,
      summary: final.summary,
      attempts: final.attempts + (final.candidate ? 1 : 0),
      notes: final.notes,
      options: final.options.map((o) => ({
        label: o.label,
        question: o.question,
        sql: o.sql,
        confidence: o.confidence,
        periods: o.periods,
      })),
      unplaced: final.near?.unplaced ?? [],
      suggestions: final.near?.suggestions ?? [],
    },
    engine:
      final.candidate?.engine ??
      (kind === 'chitchat' && final.usage.calls === 0 ? 'builtin' : final.usage.calls > 0 ? 'llm' : 'builtin'),
    confidence: final.candidate?.confidence ?? null,
    executionMs: result?.execution_ms ?? null,
    timings: { ...final.timings, total, own, ...(llmMs > 0 ? { llm: stages.llm! } : {}) },
    llmUsage: final.usage,
  });
  ctx.metrics.answerStage.observe({ stage: 'save' }, (performance.now() - saving) / 1000);
  return message;
}

/** The LLM as the graph sees it for one question, adding up the time spent waiting for it. */
function timedProvider(llm: LlmProvider, waited: (ms: number) => void): LlmProvider {
  return {
    name: llm.name,
    model: llm.model,
    endpoint: llm.endpoint,
    ping: (signal) => llm.ping(signal),
    async chat(messages, options) {
      const asked = performance.now();
      try {
        return await llm.chat(messages, options);
      } finally {
        waited(performance.now() - asked);
      }
    },
  };
}
