import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { tableInsights } from '../db/schema.ts';
import type { Embedder } from '../llm/index.ts';
import { humanize } from '../text/names.ts';
import type { TableInfo } from './model.ts';

/** What an embedding of a table stands for: its name, its summary and its columns' names. */
function embeddingText(info: TableInfo, summary: string): string {
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
    await db
      .update(tableInsights)
      .set({ embedding: vectors[i] ?? null })
      .where(eq(tableInsights.id, row.id));
  }
  return rows.length;
}
