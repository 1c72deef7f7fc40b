import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { tableInsights, type Connection } from '../db/schema.ts';
import type { ValueLookup } from '../engine/index.ts';
import type { DatabaseModel, TableInfo } from '../intelligence/model.ts';
import { findValues } from './values.ts';

/**
 * Reads the connection's model from the app database (uncached: answering reads it through the app
 * context's knowledge cache, `ctx.knowledge.model(connection)`).
 */
export async function readModel(db: Db, connection: Connection): Promise<DatabaseModel> {
  const rows = await db
    .select({ info: tableInsights.info, notes: tableInsights.columnNotes })
    .from(tableInsights)
    .where(eq(tableInsights.connectionId, connection.id))
    .orderBy(tableInsights.schemaName, tableInsights.tableName);
  return {
    database: connection.database,
    serverVersion: connection.serverVersion ?? '',
    analyzedAt: connection.lastAnalyzedAt?.toISOString() ?? '',
    tables: rows.map((r) => withNotes(r.info as TableInfo, r.notes)),
  };
}

/** A person's note on a column reads like a comment to everything downstream. */
function withNotes(table: TableInfo, notes: Record<string, string>): TableInfo {
  if (Object.keys(notes).length === 0) return table;
  return {
    ...table,
    columns: table.columns.map((c) =>
      notes[c.name] ? { ...c, comment: [c.comment, notes[c.name]].filter(Boolean).join('. ') } : c,
    ),
  };
}

/** The engine's value lookup over the connection's value index. */
export function valueLookup(db: Db, connectionId: string): ValueLookup {
  return { find: (phrase, limit) => findValues(db, connectionId, [phrase], limit ?? 10) };
}
