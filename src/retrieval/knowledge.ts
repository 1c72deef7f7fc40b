import { eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.ts';
import { tableInsights, type Connection } from '../db/schema.ts';
import type { ValueLookup } from '../engine/index.ts';
import type { DatabaseModel, TableInfo } from '../intelligence/model.ts';
import { findValues } from './search.ts';

const models = new LRUCache<string, Promise<DatabaseModel>>({ max: 50 });

/** What analysis learned about a connection, as one DatabaseModel (cached until the next analysis). */
export function loadModel(db: Db, connection: Connection): Promise<DatabaseModel> {
  const key = `${connection.id}:${connection.lastAnalyzedAt?.getTime() ?? 0}`;
  let model = models.get(key);
  if (!model) {
    model = db
      .select({ info: tableInsights.info, notes: tableInsights.columnNotes })
      .from(tableInsights)
      .where(eq(tableInsights.connectionId, connection.id))
      .orderBy(tableInsights.schemaName, tableInsights.tableName)
      .then((rows) => ({
        database: connection.database,
        serverVersion: connection.serverVersion ?? '',
        analyzedAt: connection.lastAnalyzedAt?.toISOString() ?? '',
        tables: rows.map((r) => withNotes(r.info as TableInfo, r.notes)),
      }));
    model.catch(() => models.delete(key));
    models.set(key, model);
  }
  return model;
}

/** A person's note on a column reads like a comment to everything downstream. */
function withNotes(table: TableInfo, notes: Record<string, string>): TableInfo {
  if (Object.keys(notes).length === 0) return table;
  return { ...table, columns: table.columns.map((c) => (notes[c.name] ? { ...c, comment: [c.comment, notes[c.name]].filter(Boolean).join('. ') } : c)) };
}

/** The engine's value lookup over the connection's value index. */
export function valueLookup(db: Db, connectionId: string): ValueLookup {
  return { find: (phrase, limit) => findValues(db, connectionId, [phrase], limit ?? 10) };
}

function qualified(table: TableInfo): string {
  return table.schema === 'public' ? table.name : `${table.schema}.${table.name}`;
}

/** DDL-like lines for a model to read: columns with types, keys, references and known values. */
export function describeTables(tables: TableInfo[], maxValues = 12): string {
  return tables
    .map((table) => {
      const columns = table.columns.map((c) => {
        const fk = table.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === c.name);
        const values = c.strategy === 'categorical' ? (c.profile?.categories ?? []).slice(0, maxValues).map((v) => `'${v.value.replace(/'/g, "''")}'`) : [];
        const notes = [
          c.isPrimaryKey ? 'primary key' : '',
          fk ? `references ${fk.referencedTable}.${fk.referencedColumns[0]}` : '',
          values.length ? `values: ${values.join(', ')}` : '',
          c.comment ?? '',
        ].filter(Boolean);
        return `  ${c.name} ${c.dataType}${notes.length ? ` -- ${notes.join('; ')}` : ''}`;
      });
      const about = table.comment ? ` -- ${table.comment}` : '';
      return `TABLE ${qualified(table)} (${table.rowCount} rows)${about}\n${columns.join(',\n')}`;
    })
    .join('\n\n');
}

/** How the given tables join, declared or inferred: "orders.customer_id = customers.id". */
export function joinPaths(tables: TableInfo[]): string[] {
  const names = new Set(tables.map((t) => `${t.schema}.${t.name}`));
  const paths: string[] = [];
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      if (!names.has(`${fk.referencedSchema}.${fk.referencedTable}`)) continue;
      const on = fk.columns.map((c, i) => `${table.name}.${c} = ${fk.referencedTable}.${fk.referencedColumns[i]}`).join(' AND ');
      paths.push(fk.origin === 'inferred' ? `${on} (inferred)` : on);
    }
  }
  return paths;
}
