import { LRUCache } from 'lru-cache';
import type { Connection } from '../db/schema.ts';
import type { Db } from '../db/client.ts';
import { answerQuestion } from '../engine/index.ts';
import type { ColumnInfo, DatabaseModel, TableInfo } from '../intelligence/model.ts';
import { humanize, isIdLikeName } from '../intelligence/names.ts';
import { loadModel, valueLookup } from '../retrieval/knowledge.ts';

const cache = new LRUCache<string, Promise<string[]>>({ max: 100 });
const measureName = /(amount|price|total|cost|revenue|sales|salary|quantity|qty|value|score|balance|fee|weight|duration)/i;

function isMeasure(c: ColumnInfo): boolean {
  return c.family === 'number' && !c.isPrimaryKey && !isIdLikeName(c.name) && measureName.test(c.name);
}

function isGrouping(c: ColumnInfo): boolean {
  return c.strategy === 'categorical' && c.family !== 'boolean' && (c.profile?.categories.length ?? 0) >= 2 && (c.profile?.categories.length ?? 0) <= 20;
}

/** Questions of the kinds people ask first, phrased from the names the database uses. */
function candidates(model: DatabaseModel): string[] {
  const tables = model.tables
    .filter((t) => t.kind === 'table' && t.rowCount > 0)
    .sort((a, b) => b.rowCount - a.rowCount)
    .slice(0, 6);
  const out: string[] = [];
  const words = (t: TableInfo) => humanize(t.name);
  for (const table of tables) {
    const group = table.columns.find(isGrouping);
    const measure = table.columns.find(isMeasure);
    const date = table.columns.find((c) => c.family === 'date' || c.family === 'timestamp');
    if (group) out.push(`How many ${words(table)} per ${humanize(group.name)}?`);
    if (measure && group) out.push(`What is the average ${humanize(measure.name)} per ${humanize(group.name)}?`);
    if (measure) out.push(`What is the total ${humanize(measure.name)} of ${words(table)}?`);
    if (date) out.push(`How many ${words(table)} per month?`);
    out.push(`How many ${words(table)} are there?`);
  }
  return out;
}

/**
 * Five questions the built-in engine can answer on this database, built from what analysis learned
 * and checked by answering them (without running anything), varied across tables and kinds.
 */
export function suggestQuestions(db: Db, connection: Connection, count = 5): Promise<string[]> {
  const key = `${connection.id}:${connection.lastAnalyzedAt?.getTime() ?? 0}`;
  let found = cache.get(key);
  if (!found) {
    found = (async () => {
      const model = await loadModel(db, connection);
      const values = valueLookup(db, connection.id);
      const chosen: string[] = [];
      const usedTables = new Map<string, number>();
      for (const question of candidates(model)) {
        if (chosen.length >= count) break;
        const result = await answerQuestion(question, model, { values });
        if (result.kind !== 'sql') continue;
        const table = result.tables[0] ?? '';
        if ((usedTables.get(table) ?? 0) >= 2) continue;
        usedTables.set(table, (usedTables.get(table) ?? 0) + 1);
        chosen.push(question);
      }
      return chosen;
    })();
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}
