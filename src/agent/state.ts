import type { ChartProposal } from './chart.ts';
import type { ClarifyOption, Link, PeriodUse, TermUse } from '../engine/index.ts';
import type { DatabaseModel } from '../intelligence/model.ts';
import type { QueryAnswer } from '../query/service.ts';
import type { GuardAccepted } from '../sqlguard/index.ts';
import type { BusinessTerm, Retry } from '../llm/index.ts';
import type { DescribedTable } from '../retrieval/describe.ts';
import type { TableMatch, ValueHit } from '../retrieval/search.ts';

type Intent = 'query' | 'chitchat' | 'unanswerable' | 'clarify';
type EngineName = 'builtin' | 'llm';

export interface Candidate {
  sql: string;
  engine: EngineName;
  confidence: number | null;
  /** The engine's own sentence for its query, when it wrote one. */
  explanation: string | null;
  rationale: string | null;
  links: Link[];
  tables: string[];
  /** Date columns the query's periods use (built-in engine), to explain an empty result. */
  periods?: PeriodUse[];
  /** Business terms the built-in engine's query used, as defined. */
  terms?: TermUse[];
}

/** SQL a person already settled for this question: a reading they picked, or a saved correction. */
export interface Settled {
  sql: string;
  /** The reading in words, when known (else the SQL is described). */
  label: string | null;
  confidence: number | null;
  periods?: PeriodUse[];
  /** Said alongside the answer. */
  note: string;
}

export interface Retrieved {
  tables: TableMatch[];
  values: ValueHit[];
  examples: { question: string; sql: string; score: number }[];
  schemaText: string;
  joinPaths: string[];
  /** The shown tables with all their columns, for a retry after an error. */
  described: DescribedTable[];
  /** Accepted business terms the question names (or over the tables shown), with their SQL. */
  terms?: BusinessTerm[];
}

interface LlmUsage {
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** What flows through the graph, step by step. */
export interface AgentStateType {
  question: string;
  connectionId: string;
  userId: string;
  previous: { question: string; sql: string } | null;
  settled: Settled | null;
  /** The readings offered when the built-in engine asks back. */
  options: ClarifyOption[];
  /** When the engine refused or asked back: the words it could not place and the closest things the database holds. */
  near: { unplaced: string[]; suggestions: string[] } | null;
  explainMode: 'query' | 'llm';
  intent: Intent;
  /** The answer in words when there is no result table (greeting, nothing matched, failure). */
  reply: string | null;
  model: DatabaseModel | null;
  retrieved: Retrieved | null;
  candidate: Candidate | null;
  /** The last failure (guard or database), fed back to the model on a retry. */
  failure: { sql: string; message: string } | null;
  attempts: number;
  /** Tables the last checked SQL reads, so a retry can show them whole. */
  usedTables: string[];
  /** The guard's verdict on the last SQL it accepted, handed to the execute step so it is not parsed again. */
  checked: { sql: string; verdict: GuardAccepted } | null;
  /** A second look the model is asked for: its SQL failed or found no rows. */
  retry: Retry | null;
  /** Set once the model has been asked again about an empty result (at most once). */
  emptyRetried: boolean;
  /** The result that found no rows, kept while the model takes its second look. */
  emptyResult: QueryAnswer | null;
  /** What the model corrected on the way to the answer, said alongside it (accumulates). */
  corrections: string[];
  result: QueryAnswer | null;
  chart: ChartProposal | null;
  explanation: string | null;
  summary: string | null;
  /** Said alongside the answer (accumulates): e.g. that the built-in engine answered because the LLM was down. */
  notes: string[];
  /** LLM calls and tokens (summed). */
  usage: LlmUsage;
  /** Each step's time in ms (merged). */
  timings: Record<string, number>;
}

/** What a step returns: the fields it sets; `corrections`, `notes`, `usage` and `timings` add to what is there. */
export type AgentUpdate = Partial<AgentStateType>;

/** What a question starts with. */
export type AgentInput = Pick<AgentStateType, 'question' | 'connectionId' | 'userId'> &
  Partial<Pick<AgentStateType, 'previous' | 'settled' | 'explainMode'>>;

export function initialState(input: AgentInput): AgentStateType {
  return {
    question: input.question,
    connectionId: input.connectionId,
    userId: input.userId,
    previous: input.previous ?? null,
    settled: input.settled ?? null,
    options: [],
    near: null,
    explainMode: input.explainMode ?? 'query',
    intent: 'query',
    reply: null,
    model: null,
    retrieved: null,
    candidate: null,
    failure: null,
    attempts: 0,
    usedTables: [],
    checked: null,
    retry: null,
    emptyRetried: false,
    emptyResult: null,
    corrections: [],
    result: null,
    chart: null,
    explanation: null,
    summary: null,
    notes: [],
    usage: { calls: 0, prompt_tokens: 0, completion_tokens: 0 },
    timings: {},
  };
}

/** The state after a step: a new object; the fields that accumulate are added to, every other one replaced. */
export function applyUpdate(state: AgentStateType, update: AgentUpdate): AgentStateType {
  const usage = update.usage;
  return {
    ...state,
    ...update,
    corrections: update.corrections ? [...state.corrections, ...update.corrections] : state.corrections,
    notes: update.notes ? [...state.notes, ...update.notes] : state.notes,
    usage: usage
      ? {
          calls: state.usage.calls + usage.calls,
          prompt_tokens: state.usage.prompt_tokens + usage.prompt_tokens,
          completion_tokens: state.usage.completion_tokens + usage.completion_tokens,
        }
      : state.usage,
    timings: update.timings ? { ...state.timings, ...update.timings } : state.timings,
  };
}
