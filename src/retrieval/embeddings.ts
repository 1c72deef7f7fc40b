import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { tableInsights } from '../db/schema.ts';
import type { Embedder } from '../llm/index.ts';

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Tables ranked by meaning: cosine similarity of the query's embedding to each table's. Ranked in
 * process (a connection has at most a few thousand tables), so it needs no pgvector on the server.
 */
export async function semanticMatches(
  db: Db,
  embedder: Embedder,
  connectionId: string,
  query: string,
): Promise<{ schema: string; table: string; summary: string; similarity: number }[]> {
  const rows = await db
    .select({
      schema: tableInsights.schemaName,
      table: tableInsights.tableName,
      summary: tableInsights.summary,
      embedding: tableInsights.embedding,
    })
    .from(tableInsights)
    .where(and(eq(tableInsights.connectionId, connectionId), isNotNull(tableInsights.embedding)));
  if (rows.length === 0) return [];
  const [vector] = await embedder.embed([query]);
  if (!vector) return [];
  return rows.map((r) => ({
    schema: r.schema,
    table: r.table,
    summary: r.summary,
    similarity: cosine(vector, r.embedding ?? []),
  }));
}
