import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { connections } from '../db/schema.ts';
import type { Embedder } from '../llm/index.ts';
import { rankForQuestion, searchOrder } from './context.ts';
import type { RetrievalTerm } from './terms.ts';
import { questionWords } from './words.ts';

export type { ValueHit } from './values.ts';

export interface TableMatch {
  schema: string;
  table: string;
  summary: string;
  score: number;
  /** Why it matched, in words: "name matches "order"", "value "Berlin" in city". */
  reasons: string[];
}

/** The content words of a query (lower case, singular, no function words). */
export const queryWords = questionWords;

/**
 * Tables ranked for a query: words of names, comments and notes weighed by rarity, synonyms and
 * stems, stored values and accepted business terms (`terms`, from the caller) the query names, and
 * meaning when embeddings are configured; the tables that join the best matches follow them. The
 * same ranking chooses the LLM's context.
 */
export async function searchTables(
  deps: Pick<AppContext, 'db' | 'knowledge'>,
  connectionId: string,
  query: string,
  limit = 10,
  embedder?: Embedder | null,
  terms: readonly RetrievalTerm[] = [],
): Promise<TableMatch[]> {
  const [connection] = await deps.db.select().from(connections).where(eq(connections.id, connectionId));
  if (!connection) return [];
  const model = await deps.knowledge.model(connection);
  const { ranked } = await rankForQuestion({ db: deps.db, embedder }, connectionId, model, query, terms);
  return searchOrder(model, ranked).slice(0, limit);
}
