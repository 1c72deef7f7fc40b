import { proposeChart, STORED_ROWS } from './chart.ts';
import type { AppContext } from '../context.ts';
import type { Connection } from '../db/schema.ts';
import { answerThreshold } from '../engine/confidence.ts';
import { answerQuestion, type EngineResult, type PeriodUse } from '../engine/index.ts';
import { messageOf, Unprocessable } from '../errors.ts';
import type { TableInfo } from '../intelligence/model.ts';
import {
  answerJsonSchema,
  buildSummaryPrompt,
  generationSettings,
  isLlmError,
  parseAnswer,
  type LlmProvider,
  type Retry,
} from '../llm/index.ts';
import { executeSqlQuery, type QueryAnswer } from '../query/service.ts';
import { queryWords } from '../retrieval/search.ts';
import { checkSql } from '../sqlguard/index.ts';
import { describeSql } from './describe-sql.ts';
import { expectsRows } from './expectations.ts';
import { engineTerms } from '../intelligence/terms/service.ts';
import { generationMessages, retrieveFor, schemaForRetry } from './prompt.ts';
import { END, type Graph, runGraph, type StepDone } from './runner.ts';
import {
  type AgentInput,
  type AgentStateType,
  type AgentUpdate,
  applyUpdate,
  type Candidate,
  initialState,
  type Retrieved,
} from './state.ts';

export interface AgentDeps {
  ctx: AppContext;
  connection: Connection;
  llm: LlmProvider | null;
  /** Set when an MCP client asked: the SQL history says `mcp`. */
  via?: 'mcp';
}

/** With no LLM configured the engine needs no LLM context: the retrieve step hands on this. */
const noContext: Retrieved = { tables: [], values: [], examples: [], schemaText: '', joinPaths: [], described: [] };

/** The built-in engine answers alone from its own threshold up, even when an LLM is configured. */
const FAST_PATH_CONFIDENCE = answerThreshold;
const MAX_RETRIES = 2;

const greeting =
  /^(hi|hello|hey|hallo|good (morning|afternoon|evening)|thanks|thank you|cheers|ok(ay)?|bye)\b[\s!.,]*$/i;
const aboutAssistant = /^(who|what) are you\b|^what can you do\b|^how do(es)? (this|you) work\b|^help\b/i;
const followUpStart = /^(and|but|only|just|now|also|instead|what about|how about|same|then)\b/i;

/** What every step of one question's run is given besides the state. */
interface RunConfig {
  deps: AgentDeps;
  /** Aborts when the client goes away. */
  signal?: AbortSignal;
}

type Node = (state: AgentStateType, config: RunConfig) => Promise<AgentUpdate>;

function timed(name: string, node: Node): Node {
  return async (state, config) => {
    const started = performance.now();
    const update = await node(state, config);
    return { ...update, timings: { [name]: Math.round((performance.now() - started) * 10) / 10 } };
  };
}

function tableName(t: TableInfo): string {
  return t.schema === 'public' ? t.name : `${t.schema}.${t.name}`;
}

function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().replace(/;$/, '');
}

/** Nothing counted, summed or listed: no rows, or one row of zeros and nulls. */
function foundNothing(result: QueryAnswer): boolean {
  if (result.row_count === 0) return true;
  return result.rows.length === 1 && result.rows[0]!.every((v) => v === null || v === 0 || v === '0');
}

/** "No orders in the last 3 months: the latest order_date is 2025-12-31", when a period counted from today found nothing. */
function emptyPeriodNotes(result: QueryAnswer, periods: PeriodUse[]): string[] {
  if (!foundNothing(result)) return [];
  return periods
    .filter((p) => p.relative && p.latest)
    .map(
      (p) =>
        `Nothing falls in that period: the latest ${p.table}.${p.column} in the data is ${p.latest!.slice(0, 10)}. Add "of the data" to the question to count back from that date instead of today.`,
    );
}

type StepName = 'understand' | 'retrieve' | 'generate' | 'check' | 'execute' | 'explain' | 'answer';

/** One step of a question's run, as it finished: the update it made and the state after it. */
export type AgentStep = StepDone<AgentStateType, AgentUpdate, StepName>;

let compiled: Graph<AgentStateType, AgentUpdate, RunConfig, StepName> | undefined;

/**
 * Answers one question through the agent graph (built once per process), yielding after each step;
 * the last step's state is the answer.
 */
export function runAgent(input: AgentInput, deps: AgentDeps, signal?: AbortSignal): AsyncGenerator<AgentStep> {
  compiled ??= compileAgent();
  return runGraph(compiled, initialState(input), { deps, signal }, signal);
}

/**
 * understand → retrieve → generate → check → execute → (failure → generate, at most twice) → explain
 * → answer. The built-in engine is the fast path and the fallback; an LLM, when configured, writes
 * the SQL in ONE structured call (intent, tables, SQL, rationale).
 */
function compileAgent() {
  const understand: Node = async (state, config) => {
    const { ctx, connection } = config.deps;
    const question = state.question.trim();
    const model = await ctx.knowledge.model(connection);
    if (greeting.test(question) || aboutAssistant.test(question)) {
      const names = model.tables.slice(0, 5).map(tableName);
      return {
        model,
        intent: 'chitchat',
        reply: `Hello! I answer questions about the database "${connection.database}" by writing one read-only SQL query and explaining the result.${
          names.length ? ` It holds tables such as ${names.join(', ')}. Try "how many rows are in ${names[0]}?"` : ''
        }`,
      };
    }
    // A follow-up ("and per month?") builds on the previous question; anything else starts afresh.
    const followsUp = state.previous !== null && (followUpStart.test(question) || queryWords(question).length <= 3);
    return { model, intent: 'query', previous: followsUp ? state.previous : null };
  };

  const retrieve: Node = async (state, config) => {
    const { ctx, connection, llm } = config.deps;
    const model = state.model!;
    if (model.tables.length === 0)
      return {
        intent: 'unanswerable',
        reply: 'I have not learned any tables in this database yet: analysis found none I can read.',
      };
    // The LLM's context (tables, values, examples in a token budget) is built only when an LLM may be asked.
    if (!llm) return { retrieved: noContext };
    return { retrieved: await retrieveFor(ctx, connection, model, state.question) };
  };

  /** The second look the model is asked for, from the last failure or empty result. */
  const retryOf = (state: AgentStateType): Retry | null => {
    if (state.failure)
      return {
        kind: 'error',
        sql: state.failure.sql,
        message: state.failure.message,
        schemaText: schemaForRetry(state.retrieved!, state.usedTables),
      };
    return state.retry;
  };

  const askLlm = async (state: AgentStateType, provider: LlmProvider, signal?: AbortSignal): Promise<AgentUpdate> => {
    const retry = retryOf(state);
    const messages = generationMessages({
      question: state.question,
      retrieved: state.retrieved!,
      previous: state.previous,
      retry,
    });
    const response = await provider.chat(messages, { json: answerJsonSchema, signal, ...generationSettings });
    const usage = {
      calls: 1,
      prompt_tokens: response.usage.prompt_tokens,
      completion_tokens: response.usage.completion_tokens,
    };
    const answer = parseAnswer(response.text);
    // Asked about an empty result, a model that keeps its SQL (or gives up) leaves the first result standing.
    if (retry?.kind === 'empty' && (!answer.sql || oneLine(answer.sql) === oneLine(retry.sql)))
      return { usage, retry: null, result: state.emptyResult };
    if (answer.intent !== 'query' || !answer.sql) {
      return {
        usage,
        intent: answer.intent === 'query' ? 'unanswerable' : answer.intent,
        reply:
          answer.reply ??
          (answer.intent === 'chitchat'
            ? 'Hello! Ask me a question about this database.'
            : "I can't answer that from this database."),
        candidate: null,
      };
    }
    const candidate: Candidate = {
      sql: answer.sql,
      engine: 'llm',
      confidence: null,
      explanation: null,
      rationale: answer.rationale || null,
      links: [],
      tables: answer.tables,
    };
    const corrections =
      retry?.kind === 'error'
        ? [`The first query failed (${retry.message}); the language model corrected it.`]
        : retry?.kind === 'empty'
          ? ['The first query found no rows; the language model revised it.']
          : [];
    return { usage, candidate, failure: null, retry: null, corrections };
  };

  const fromEngine = (result: EngineResult): AgentUpdate => {
    if (result.kind === 'sql')
      return {
        candidate: {
          sql: result.sql,
          engine: 'builtin',
          confidence: result.confidence,
          explanation: result.explanation,
          rationale: null,
          links: result.links,
          tables: result.tables,
          periods: result.periods,
          terms: result.terms,
        },
        // "revenue = sum(…), as defined by ana": the answer says which definitions it rests on.
        notes: result.terms.map(
          (t) =>
            `${t.name} = ${t.expression}${t.editor ? `, as defined by ${t.editor}` : ', as defined for this database'}.`,
        ),
      };
    const near = { unplaced: result.unplaced, suggestions: result.suggestions };
    if (result.kind === 'clarify')
      return { intent: 'clarify', reply: result.message, options: result.options, near, candidate: null };
    return { intent: 'unanswerable', reply: result.message, near, candidate: null };
  };

  const generate: Node = async (state, config) => {
    const { ctx, connection, llm } = config.deps;
    const signal = config.signal;
    if (state.retry && llm) {
      try {
        return await askLlm(state, llm, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        // The first result stands: empty, but not wrong.
        return {
          retry: null,
          result: state.emptyResult,
          notes: [`The query found no rows and the language model could not revise it: ${messageOf(error)}`],
        };
      }
    }
    if (state.failure) {
      // A retry needs a model that can read the error; the built-in engine would write the same SQL again.
      if (!llm) return { reply: `The query failed: ${state.failure.message}`, intent: 'unanswerable', candidate: null };
      try {
        return await askLlm(state, llm, signal);
      } catch (error) {
        return {
          reply: `The query failed (${state.failure.message}) and the language model could not fix it: ${messageOf(error)}`,
          intent: 'unanswerable',
          candidate: null,
        };
      }
    }
    if (state.settled) {
      const { sql, label, confidence, note, periods } = state.settled;
      return {
        candidate: {
          sql,
          engine: 'builtin',
          confidence,
          explanation: label,
          rationale: null,
          links: [],
          tables: [],
          periods,
        },
        notes: [note],
      };
    }
    const builtin = await answerQuestion(state.question, state.model!, {
      values: ctx.knowledge.values(connection),
      previous: state.previous ?? undefined,
      terms: await ctx.knowledge.remember(connection, 'terms', () => engineTerms(ctx, connection.id)),
    });
    if (!llm || (builtin.kind === 'sql' && builtin.confidence >= FAST_PATH_CONFIDENCE)) return fromEngine(builtin);
    try {
      return await askLlm(state, llm, signal);
    } catch (error) {
      if (!isLlmError(error) || signal?.aborted) throw error;
      return {
        ...fromEngine(builtin),
        notes: [`The language model was unavailable (${error.message}); the built-in engine answered instead.`],
      };
    }
  };

  const check: Node = async (state, config) => {
    const { ctx, connection } = config.deps;
    const verdict = await checkSql(state.candidate!.sql, {
      maxRows: ctx.config.MAX_ROWS + 1,
      allowedFunctions: connection.allowedFunctions,
    });
    if (verdict.ok)
      return {
        failure: null,
        usedTables: verdict.relations.map((r) => (r.schema ? `${r.schema}.${r.name}` : r.name)),
        checked: { sql: state.candidate!.sql, verdict },
      };
    if (state.emptyResult) return revisionFailed(state, verdict.reason);
    return { failure: { sql: state.candidate!.sql, message: verdict.reason }, attempts: state.attempts + 1 };
  };

  const execute: Node = async (state, config) => {
    const { ctx, connection, llm, via } = config.deps;
    try {
      const result = await executeSqlQuery(ctx, {
        userId: state.userId,
        connectionId: connection.id,
        sql: state.candidate!.sql,
        source: state.candidate!.engine,
        via,
        signal: config.signal,
        // Checked when the question was planned: the same request, so no second look-up.
        authorized: connection,
        // Checked by the check step with the same limits: not parsed again.
        checked: state.checked ?? undefined,
      });
      const lookAgain =
        result.row_count === 0 &&
        state.candidate!.engine === 'llm' &&
        llm !== null &&
        !state.emptyRetried &&
        expectsRows(state.question);
      if (lookAgain)
        return {
          emptyResult: result,
          failure: null,
          retry: { kind: 'empty', sql: state.candidate!.sql },
          emptyRetried: true,
        };
      return { result, failure: null };
    } catch (error) {
      if (error instanceof Unprocessable) {
        if (state.emptyResult) return revisionFailed(state, error.message);
        return { failure: { sql: state.candidate!.sql, message: error.message }, attempts: state.attempts + 1 };
      }
      throw error;
    }
  };

  /** A revision of an empty result that fails gives way to the first result: no rows, but a query that ran. */
  const revisionFailed = (state: AgentStateType, message: string): AgentUpdate => ({
    failure: null,
    result: state.emptyResult,
    notes: [`A revised query failed (${message}); this is the first query's result, which found no rows.`],
  });

  const explain: Node = async (state, config) => {
    const { llm } = config.deps;
    const result = state.result!;
    const explanation = state.candidate!.explanation ?? (await describeSql(result.sql));
    // The chart draws the rows the message keeps, so it reads the same when the chat is opened again.
    const chart = proposeChart(result.columns, result.rows.slice(0, STORED_ROWS));
    const periodNotes = emptyPeriodNotes(result, state.candidate!.periods ?? []);
    if (state.explainMode !== 'llm' || !llm) return { explanation, chart, notes: periodNotes };
    try {
      const response = await llm.chat(
        buildSummaryPrompt(
          state.question,
          result.sql,
          result.columns.map((c) => c.name),
          result.rows.slice(0, 20),
          result.row_count,
        ),
        { signal: config.signal, temperature: 0, maxTokens: 200 },
      );
      const summary = response.text.replace(/<think>[\s\S]*?<\/think>/g, '').trim();
      return {
        explanation,
        chart,
        summary,
        notes: periodNotes,
        usage: {
          calls: 1,
          prompt_tokens: response.usage.prompt_tokens,
          completion_tokens: response.usage.completion_tokens,
        },
      };
    } catch (error) {
      if (config.signal?.aborted) throw error;
      return { explanation, chart, notes: [...periodNotes, `No summary: ${messageOf(error)}`] };
    }
  };

  const answer: Node = async (state) => {
    if (state.failure && !state.result && !state.reply)
      return { reply: `The query could not run: ${state.failure.message}` };
    const revised = state.result !== null && state.result.sql !== state.emptyResult?.sql;
    return revised && state.corrections.length > 0 ? { notes: state.corrections } : {};
  };

  const afterRetryable =
    (next: StepName) =>
    (state: AgentStateType, config: RunConfig): StepName => {
      if (!state.failure) return state.retry ? 'generate' : state.result ? 'explain' : next;
      return config.deps.llm && state.attempts <= MAX_RETRIES ? 'generate' : 'answer';
    };
  // A revised query that found no rows again, or that the model kept, is the answer; so is the first result when revising fails.
  const afterGenerate = (state: AgentStateType): StepName =>
    state.result ? 'explain' : state.candidate ? 'check' : 'answer';

  type Route = (state: AgentStateType, config: RunConfig) => StepName | typeof END;
  const node = (name: StepName, run: Node, next: Route) => ({ run: timed(name, run), next });
  return {
    start: 'understand',
    apply: applyUpdate,
    steps: {
      understand: node('understand', understand, (s) => (s.intent === 'query' ? 'retrieve' : 'answer')),
      retrieve: node('retrieve', retrieve, (s) => (s.intent === 'query' ? 'generate' : 'answer')),
      generate: node('generate', generate, afterGenerate),
      check: node('check', check, afterRetryable('execute')),
      execute: node('execute', execute, afterRetryable('explain')),
      explain: node('explain', explain, () => 'answer'),
      answer: node('answer', answer, () => END),
    },
  } satisfies Graph<AgentStateType, AgentUpdate, RunConfig, StepName>;
}
