import { and, count, desc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { analysisRuns, tableInsights, type Connection, type TableInsight } from '../db/schema.ts';
import { Invalid, NotFound } from '../errors.ts';
import type { TableInfo } from './model.ts';
import type { AnalysisStats } from './run.ts';
import { searchTextFor } from './store.ts';

type Deps = Pick<AppContext, 'db'>;

export async function listInsights(
  deps: Deps,
  connectionId: string,
  page: { limit: number; offset: number },
): Promise<{ items: TableInsight[]; total: number }> {
  const where = eq(tableInsights.connectionId, connectionId);
  const [items, [total]] = await Promise.all([
    deps.db
      .select()
      .from(tableInsights)
      .where(where)
      .orderBy(tableInsights.schemaName, tableInsights.tableName)
      .limit(page.limit)
      .offset(page.offset),
    deps.db.select({ n: count() }).from(tableInsights).where(where),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

/**
 * One table's insight by name: `schema.table`, or `table` alone when only one schema has it
 * (`public` first). Case-sensitive first, then case-insensitive.
 */
export async function findInsight(deps: Deps, connectionId: string, name: string): Promise<TableInsight> {
  const rows = await deps.db.select().from(tableInsights).where(eq(tableInsights.connectionId, connectionId));
  const lower = name.toLowerCase();
  const candidates: ((r: TableInsight) => boolean)[] = [
    (r) => `${r.schemaName}.${r.tableName}` === name,
    (r) => r.tableName === name,
    (r) => `${r.schemaName}.${r.tableName}`.toLowerCase() === lower,
    (r) => r.tableName.toLowerCase() === lower,
  ];
  for (const matches of candidates) {
    const found = rows.filter(matches);
    if (found.length === 1) return found[0]!;
    if (found.length === 0) continue;
    const inPublic = found.filter((r) => r.schemaName === 'public');
    if (inPublic.length === 1) return inPublic[0]!;
    throw new Invalid(
      `Several schemas have a table "${name}": name one of ${found.map((r) => `${r.schemaName}.${r.tableName}`).join(', ')}`,
    );
  }
  throw new NotFound(`No table "${name}" in what analysis learned about this database`);
}

/** A person's edit of an insight; analysis keeps it from now on (`edited`). */
export async function editInsight(
  deps: Pick<AppContext, 'db' | 'knowledge'>,
  connectionId: string,
  insightId: string,
  changes: { summary?: string; document?: string; columnNotes?: Record<string, string> },
): Promise<TableInsight> {
  const [insight] = await deps.db
    .select()
    .from(tableInsights)
    .where(and(eq(tableInsights.id, insightId), eq(tableInsights.connectionId, connectionId)));
  if (!insight) throw new NotFound('Insight not found');
  const info = insight.info as TableInfo;
  const unknown = Object.keys(changes.columnNotes ?? {}).filter((name) => !info.columns.some((c) => c.name === name));
  if (unknown.length)
    throw new NotFound(`No column named ${unknown.map((n) => `"${n}"`).join(', ')} in ${insight.tableName}`);
  const summary = changes.summary ?? insight.summary;
  const document = changes.document ?? insight.document;
  const columnNotes = { ...insight.columnNotes, ...(changes.columnNotes ?? {}) };
  for (const [name, note] of Object.entries(columnNotes)) if (!note.trim()) delete columnNotes[name];
  const [updated] = await deps.db
    .update(tableInsights)
    .set({
      summary,
      document,
      columnNotes,
      edited: true,
      searchText: searchTextFor(info, { summary, document }, columnNotes),
      updatedAt: new Date(),
    })
    .where(eq(tableInsights.id, insightId))
    .returning();
  // Column notes read like comments to the engine: answers use them from the next question on.
  if (changes.columnNotes) await deps.knowledge.invalidate(connectionId);
  return updated!;
}

export async function analysisStats(deps: Deps, connection: Connection) {
  const [lastRun] = await deps.db
    .select()
    .from(analysisRuns)
    .where(and(eq(analysisRuns.connectionId, connection.id), eq(analysisRuns.outcome, 'ready')))
    .orderBy(desc(analysisRuns.startedAt))
    .limit(1);
  const stats = (lastRun?.stats ?? null) as AnalysisStats | null;
  return {
    status: connection.status,
    analysis_progress: connection.analysisProgress,
    last_analyzed_at: connection.lastAnalyzedAt?.toISOString() ?? null,
    last_duration_ms: lastRun?.durationMs ?? null,
    tables: stats?.tables ?? 0,
    views: stats?.views ?? 0,
    columns: stats?.columns ?? 0,
    columns_by_strategy: stats?.strategies ?? { categorical: 0, vector: 0, skip: 0 },
    rows: stats?.rows ?? 0,
    row_counts: { exact: stats?.exact_row_counts ?? 0, estimated: stats?.estimated_row_counts ?? 0 },
    values_indexed: stats?.values_indexed ?? 0,
  };
}
