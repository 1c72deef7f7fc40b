/**
 * Saved examples: question → SQL pairs people confirmed or corrected on a connection. Chat saves
 * them; the LLM's prompt and the answer path read them back by question similarity (trigrams).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../db/client.ts';
import { savedExamples } from '../db/schema.ts';
import { NotFound } from '../errors.ts';

type Deps = { db: Db };

export async function saveExample(
  deps: Deps,
  values: {
    connectionId: string;
    question: string;
    sql: string;
    source: 'confirmed' | 'corrected';
    messageId: string;
    createdBy: string;
  },
) {
  await deps.db
    .delete(savedExamples)
    .where(and(eq(savedExamples.connectionId, values.connectionId), eq(savedExamples.messageId, values.messageId)));
  const [example] = await deps.db.insert(savedExamples).values(values).returning();
  return example!;
}

export async function listExamples(deps: Deps, connectionId: string) {
  return deps.db
    .select()
    .from(savedExamples)
    .where(eq(savedExamples.connectionId, connectionId))
    .orderBy(desc(savedExamples.createdAt));
}

export async function deleteExample(deps: Deps, connectionId: string, exampleId: string): Promise<void> {
  const removed = await deps.db
    .delete(savedExamples)
    .where(and(eq(savedExamples.id, exampleId), eq(savedExamples.connectionId, connectionId)))
    .returning({ id: savedExamples.id });
  if (removed.length === 0) throw new NotFound('Example not found');
}

/**
 * The SQL people settled for this question on this connection: a correction first, then a confirmed
 * answer; the same question, or one that differs only by a few characters (trigram similarity ≥ 0.9).
 */
export async function settledExample(
  deps: Deps,
  connectionId: string,
  question: string,
): Promise<{ question: string; sql: string; source: string } | undefined> {
  const [example] = await selectRows<{ question: string; sql: string; source: string }>(
    deps.db,
    sql`
    select question, sql, source from saved_examples
    where connection_id = ${connectionId} and similarity(lower(question), lower(${question})) >= 0.9
    order by (source = 'corrected') desc, similarity(lower(question), lower(${question})) desc, created_at desc limit 1`,
  );
  return example;
}

/** Up to `limit` saved examples whose question resembles this one (trigram similarity). */
export async function similarExamples(deps: Deps, connectionId: string, question: string, limit = 3) {
  return selectRows<{ question: string; sql: string; score: number }>(
    deps.db,
    sql`
    select question, sql, similarity(lower(question), lower(${question})) as score
    from saved_examples
    where connection_id = ${connectionId} and similarity(lower(question), lower(${question})) >= 0.3
    order by score desc limit ${limit}`,
  );
}
