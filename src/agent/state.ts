import { Annotation } from '@langchain/langgraph';
import type { ChartProposal } from './chart.ts';
import type { ClarifyOption, Link, PeriodUse, TermUse } from '../engine/index.ts';
import type { DatabaseModel } from '../intelligence/model.ts';
import type { QueryAnswer } from '../query/service.ts';
import type { BusinessTerm, Retry } from '../llm/index.ts';
import type { DescribedTable } from '../retrieval/describe.ts';
import type { TableMatch, ValueHit } from '../retrieval/search.ts';

export type Intent = 'query' | 'chitchat' | 'unanswerable' | 'clarify';
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

export interface LlmUsage {
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
}

const replace = <T>(initial: T) => Annotation<T>({ reducer: (_old, next) => next, default: () => initial });

/** What flows through the graph, node by node. */
export const AgentState = Annotation.Root({
  question: Annotation<string>(),
  connectionId: Annotation<string>(),
  userId: Annotation<string>(),
  previous: replace<{ question: string; sql: string } | null>(null),
  settled: replace<Settled | null>(null),
  /** The readings offered when the built-in engine asks back. */
  options: replace<ClarifyOption[]>([]),
  /** When the engine refused or asked back: the words it could not place and the closest things the database holds. */
  near: replace<{ unplaced: string[]; suggestions: string[] } | null>(null),
  explainMode: replace<'query' | 'llm'>('query'),
  intent: replace<Intent>('query'),
  /** The answer in words when there is no result table (greeting, nothing matched, failure). */
  reply: replace<string | null>(null),
  model: replace<DatabaseModel | null>(null),
  retrieved: replace<Retrieved | null>(null),
  candidate: replace<Candidate | null>(null),
  /** The last failure (guard or database), fed back to the model on a retry. */
  failure: replace<{ sql: string; message: string } | null>(null),
  attempts: replace<number>(0),
  /** Tables the last checked SQL reads, so a retry can show them whole. */
  usedTables: replace<string[]>([]),
  /** A second look the model is asked for: its SQL failed or found no rows. */
  retry: replace<Retry | null>(null),
  /** Set once the model has been asked again about an empty result (at most once). */
  emptyRetried: replace<boolean>(false),
  /** The result that found no rows, kept while the model takes its second look. */
  emptyResult: replace<QueryAnswer | null>(null),
  /** What the model corrected on the way to the answer, said alongside it. */
  corrections: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
  result: replace<QueryAnswer | null>(null),
  chart: replace<ChartProposal | null>(null),
  explanation: replace<string | null>(null),
  summary: replace<string | null>(null),
  /** Said alongside the answer: e.g. that the built-in engine answered because the LLM was down. */
  notes: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
  usage: Annotation<LlmUsage>({
    reducer: (a, b) => ({
      calls: a.calls + b.calls,
      prompt_tokens: a.prompt_tokens + b.prompt_tokens,
      completion_tokens: a.completion_tokens + b.completion_tokens,
    }),
    default: () => ({ calls: 0, prompt_tokens: 0, completion_tokens: 0 }),
  }),
  timings: Annotation<Record<string, number>>({ reducer: (a, b) => ({ ...a, ...b }), default: () => ({}) }),
});

export type AgentStateType = typeof AgentState.State;
export type AgentUpdate = typeof AgentState.Update;
