import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { columnValues, tableInsights } from '../db/schema.ts';
import { humanize } from '../text/names.ts';
import type { DatabaseModel, TableInfo } from './model.ts';

export interface WrittenDocument {
  summary: string;
  document: string;
}

export function searchTextFor(table: TableInfo, doc: WrittenDocument, notes: Record<string, string>): string {
  // Identifiers as words, so "orderItems" and "order_items" are found by "order items".
  const names = [table.schema, table.name, ...table.columns.map((c) => c.name)].map(humanize);
  return [...names, table.comment ?? '', doc.summary, doc.document, ...Object.values(notes)].join('\n');
}

function columnNames(info: unknown): string[] {
  return ((info as TableInfo | null)?.columns ?? []).map((c) => c.name);
}

/**
 * Replaces what is stored for a connection with a fresh analysis in one transaction. A person's edits
 * (summary, document, column notes) survive; columns added or dropped since last time are recorded.
 */
export async function storeAnalysis(
  db: Db,
  connectionId: string,
  model: DatabaseModel,
  write: (table: TableInfo) => WrittenDocument,
): Promise<{ tables: number; values: number }> {
  const stored = await db.transaction(async (tx) => {
    const previous = await tx.select().from(tableInsights).where(eq(tableInsights.connectionId, connectionId));
    const byName = new Map(previous.map((p) => [`${p.schemaName}.${p.tableName}`, p]));
    const now = new Date();
    const seen = new Set<string>();
    for (const table of model.tables) {
      const key = `${table.schema}.${table.name}`;
      seen.add(key);
      const old = byName.get(key);
      const generated = write(table);
      const doc = old?.edited ? { summary: old.summary, document: old.document } : generated;
      const notes = old?.columnNotes ?? {};
      const oldColumns = old ? columnNames(old.info) : [];
      const newColumns = table.columns.map((c) => c.name);
      const added = old ? newColumns.filter((c) => !oldColumns.includes(c)) : [];
      const removed = oldColumns.filter((c) => !newColumns.includes(c));
      const drift = added.length || removed.length ? { added, removed, at: now.toISOString() } : (old?.drift ?? null);
      const values = {
        connectionId,
        schemaName: table.schema,
        tableName: table.name,
        kind: table.kind,
        info: table,
        summary: doc.summary,
        document: doc.document,
        edited: old?.edited ?? false,
        columnNotes: notes,
        drift,
        searchText: searchTextFor(table, doc, notes),
        updatedAt: now,
      };
      if (old) await tx.update(tableInsights).set(values).where(eq(tableInsights.id, old.id));
      else await tx.insert(tableInsights).values(values);
    }
    const gone = previous.filter((p) => !seen.has(`${p.schemaName}.${p.tableName}`));
    for (const p of gone) await tx.delete(tableInsights).where(eq(tableInsights.id, p.id));

    await tx.delete(columnValues).where(eq(columnValues.connectionId, connectionId));
    const rows = valueRows(connectionId, model);
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(columnValues).values(rows.slice(i, i + 1000));
    return { tables: model.tables.length, values: rows.length };
  });
  // Fresh planner statistics, so value look-ups right after an analysis use the value index's indexes.
  await db.execute(sql`analyze column_values`);
  return stored;
}

/** Categorical columns give all their values; vector columns give their samples. */
function valueRows(connectionId: string, model: DatabaseModel) {
  const rows: (typeof columnValues.$inferInsert)[] = [];
  for (const table of model.tables) {
    for (const column of table.columns) {
      if (!column.profile || column.strategy === 'skip') continue;
      const base = { connectionId, schemaName: table.schema, tableName: table.name, columnName: column.name };
      if (column.strategy === 'categorical') {
        const categories = column.profile.categories.length
          ? column.profile.categories
          : (column.enumValues ?? []).map((value) => ({ value, frequency: null }));
        for (const c of categories)
          rows.push({ ...base, value: c.value, frequency: c.frequency, source: 'categorical' });
      } else {
        for (const value of new Set(column.profile.samples))
          rows.push({ ...base, value, frequency: null, source: 'sample' });
      }
    }
  }
  return rows;
}

export async function hasInsights(db: Db, connectionId: string): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(tableInsights)
    .where(eq(tableInsights.connectionId, connectionId))
    .limit(1);
  return rows.length > 0;
}
