/** The LLM's prompt for a question: retrieval's context, saved examples, and on a retry what went wrong. */
import type { AppContext } from '../context.ts';
import type { Connection } from '../db/schema.ts';
import type { DatabaseModel } from '../intelligence/model.ts';
import { buildGenerationPrompt, type ChatMessage, type Retry } from '../llm/index.ts';
import { retrieveContext } from '../retrieval/context.ts';
import { describeTables } from '../retrieval/describe.ts';
import { similarExamples } from '../retrieval/examples.ts';
import { acceptedTerms, type Term } from '../intelligence/terms/service.ts';
import { tokenize } from '../engine/tokenize.ts';
import { indexTerms, linkTerms } from '../engine/terms.ts';
import { indexSchema } from '../engine/schema-index.ts';
import type { BusinessTerm } from '../llm/index.ts';
import type { Retrieved } from './state.ts';

const maxExamples = 3;

/** Tables, columns, values and joins for the question, and the most similar saved question → SQL pairs. */
export async function retrieveFor(
  ctx: Pick<AppContext, 'db' | 'embedder'>,
  connection: Connection,
  model: DatabaseModel,
  question: string,
): Promise<Retrieved> {
  // Retrieval ranks by the terms the question names, so they are read first.
  const terms = await acceptedTerms(ctx, connection.id);
  const asRetrieval = terms.map((t) => ({
    name: t.name,
    synonyms: t.synonyms,
    expression: t.expression,
    table: t.tableSchema === 'public' ? t.tableName : `${t.tableSchema}.${t.tableName}`,
  }));
  const [context, examples] = await Promise.all([
    retrieveContext(ctx, connection.id, model, question, asRetrieval),
    similarExamples(ctx, connection.id, question, maxExamples),
  ]);
  return {
    ...context,
    examples,
    terms: relevantTerms(
      question,
      terms,
      model,
      context.tables.map((t) => t.table),
    ),
  };
}

/** The tables a failed query read, with all their columns (or every shown table when it never parsed). */
export function schemaForRetry(retrieved: Retrieved, usedTables: string[]): string {
  const used = new Set(usedTables.map((t) => t.toLowerCase()));
  const named = retrieved.described.filter(
    (d) => used.has(d.table.name.toLowerCase()) || used.has(`${d.table.schema}.${d.table.name}`.toLowerCase()),
  );
  return describeTables(named.length > 0 ? named : retrieved.described);
}

export interface PromptState {
  question: string;
  retrieved: Retrieved;
  previous?: { question: string; sql: string } | null;
  retry?: Retry | null;
  today?: string;
}

/** The exact messages of the generation call. */
export function generationMessages(state: PromptState): ChatMessage[] {
  const { retrieved } = state;
  return buildGenerationPrompt({
    question: state.question,
    schemaText: retrieved.schemaText,
    joinPaths: retrieved.joinPaths,
    examples: retrieved.examples,
    terms: retrieved.terms,
    previous: state.previous ?? undefined,
    retry: state.retry ?? undefined,
    dialect: 'PostgreSQL',
    today: state.today ?? new Date().toISOString().slice(0, 10),
  });
}

/** What the LLM would receive for a question on a connection, whoever would answer it (`askdb prompt`, `askdb eval --prompts-out`). */
export async function promptFor(
  ctx: Pick<AppContext, 'db' | 'embedder' | 'knowledge'>,
  connection: Connection,
  question: string,
  options: { previous?: { question: string; sql: string }; today?: string } = {},
): Promise<ChatMessage[]> {
  const model = await ctx.knowledge.model(connection);
  const retrieved = await retrieveFor(ctx, connection, model, question);
  return generationMessages({ question, retrieved, previous: options.previous, today: options.today });
}

/**
 * The accepted terms worth showing the model: those the question names (as the built-in engine
 * links them), then those over the tables retrieval chose; each with its SQL.
 */
function relevantTerms(question: string, terms: Term[], model: DatabaseModel, tables: string[]): BusinessTerm[] {
  if (terms.length === 0) return [];
  const asEngine = terms.map((t) => ({
    name: t.name,
    synonyms: t.synonyms,
    kind: t.kind,
    expression: t.expression,
    table: t.tableSchema === 'public' ? t.tableName : `${t.tableSchema}.${t.tableName}`,
  }));
  const named = new Set<string>();
  for (const m of linkTerms(tokenize(question), indexTerms(asEngine, indexSchema(model))))
    for (const c of m.candidates) if (c.kind === 'term') named.add(c.term.term.name);
  const shown = new Set(tables.map((t) => t.toLowerCase()));
  const chosen = terms.filter(
    (t) =>
      named.has(t.name) ||
      shown.has(t.tableName.toLowerCase()) ||
      shown.has(`${t.tableSchema}.${t.tableName}`.toLowerCase()),
  );
  chosen.sort((a, b) => Number(named.has(b.name)) - Number(named.has(a.name)));
  return chosen.map((t) => ({
    term: t.synonyms.length > 0 ? `${t.name} (also: ${t.synonyms.join(', ')})` : t.name,
    meaning: `${t.kind} on ${t.tableName}: ${t.expression}${t.description ? ` -- ${t.description}` : ''}`,
  }));
}
