import type { DatabaseModel } from '../intelligence/model.ts';
import { similarity, trigrams, type ValueLookup, type ValueMatch } from './values.ts';

interface Entry {
  schema: string;
  table: string;
  column: string;
  value: string;
  lower: string;
  grams: Set<string>;
}

/** Similarity below which a fuzzy match is not offered (pg_trgm's default threshold is 0.3). */
const fuzzyThreshold = 0.45;

/**
 * A ValueLookup over the values analysis kept (categories, enum labels and samples of text columns),
 * matching exactly, case-insensitively, then by trigram similarity.
 */
export function memoryValueLookup(model: DatabaseModel): ValueLookup {
  const entries: Entry[] = [];
  const byLower = new Map<string, Entry[]>();
  for (const table of model.tables)
    for (const column of table.columns) {
      if (!['text', 'enum', 'other'].includes(column.family)) continue;
      const values = new Set<string>([
        ...(column.enumValues ?? []),
        ...(column.profile?.categories.map((c) => c.value) ?? []),
        ...(column.profile?.samples ?? []),
      ]);
      for (const value of values) {
        if (value.length === 0 || value.length > 200) continue;
        const entry = {
          schema: table.schema,
          table: table.name,
          column: column.name,
          value,
          lower: value.toLowerCase(),
          grams: trigrams(value),
        };
        entries.push(entry);
        const list = byLower.get(entry.lower) ?? [];
        list.push(entry);
        byLower.set(entry.lower, list);
      }
    }

  return {
    async find(phrase: string, limit = 10): Promise<ValueMatch[]> {
      const lower = phrase.toLowerCase().trim();
      if (lower.length === 0) return [];
      const found: ValueMatch[] = [];
      for (const entry of byLower.get(lower) ?? [])
        found.push(
          matchOf(entry, entry.value === phrase ? 1 : 0.95, entry.value === phrase ? 'exact' : 'case-insensitive'),
        );
      if (found.length === 0 && lower.length >= 3) {
        const grams = trigrams(lower);
        for (const entry of entries) {
          const score = similarity(grams, entry.grams);
          if (score >= fuzzyThreshold) found.push(matchOf(entry, Math.min(0.9, score), 'fuzzy'));
        }
      }
      return found.sort((a, b) => b.score - a.score).slice(0, limit);
    },
  };
}

function matchOf(entry: Entry, score: number, match: ValueMatch['match']): ValueMatch {
  return { schema: entry.schema, table: entry.table, column: entry.column, value: entry.value, score, match };
}
