import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { tableInsights } from '../db/schema.ts';
import type { TableInfo } from '../intelligence/model.ts';
import { humanize } from '../text/names.ts';
import type { Embedder } from '../llm/index.ts';

/** What an embedding of a table stands for: its name, its summary and its columns' names. */
export function embeddingText(info: TableInfo, summary: string): string {
  return `${humanize(info.name)}: ${summary}\nColumns: ${info.columns.map((c) => humanize(c.name)).join(', ')}`;
}

/** Embeds every insight of a connection; returns how many. Failures are the caller's to log. */
export async function embedInsights(db: Db, embedder: Embedder, connectionId: string): Promise<number> {
  const rows = await db
    .select({ id: tableInsights.id, info: tableInsights.info, summary: tableInsights.summary })
    .from(tableInsights)
    .where(eq(tableInsights.connectionId, connectionId));
  if (rows.length === 0) return 0;
  const vectors = await embedder.embed(rows.map((r) => embeddingText(r.info as TableInfo, r.summary)));
  for (const [i, row] of rows.entries()) {
    await db.update(tableInsights).set({ embedding: vectors[i] ?? null }).where(eq(tableInsights.id, row.id));
  }
  return rows.length;
}

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
    .select({ schema: tableInsights.schemaName, table: tableInsights.tableName, summary: tableInsights.summary, embedding: tableInsights.embedding })
    .from(tableInsights)
    .where(and(eq(tableInsights.connectionId, connectionId), isNotNull(tableInsights.embedding)));
  if (rows.length === 0) return [];
  const [vector] = await embedder.embed([query]);
  if (!vector) return [];
  return rows.map((r) => ({ schema: r.schema, table: r.table, summary: r.summary, similarity: cosine(vector, r.embedding ?? []) }));
}
