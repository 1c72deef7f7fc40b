import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../db/client.ts';
import type { ValueMatch } from '../engine/index.ts';

/** A stored value close to a phrase: the engine's ValueMatch, found in the app DB's value index. */
export type ValueHit = ValueMatch;

const textArray = (items: string[]) => `{${items.map((p) => `"${p.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

interface Row {
  schema_name: string;
  table_name: string;
  column_name: string;
  value: string;
  phrase: string;
  sim: number;
}

/**
 * Stored values close to any of the phrases: exact, case-insensitive, then trigram-fuzzy. Every
 * phrase is looked up whole (one pass over the connection's values); only `fuzzy` phrases (all, by
 * default) are also matched by trigrams, each through the trigram index on its own, so a
 * connection with a hundred thousand stored values still answers in milliseconds.
 */
export async function findValues(
  db: Db,
  connectionId: string,
  phrases: string[],
  limit = 10,
  fuzzy: string[] = phrases,
): Promise<ValueHit[]> {
  if (phrases.length === 0) return [];
  const lowered = [...new Set(phrases.map((p) => p.toLowerCase()))];
  const fuzzyPhrases = [...new Set(fuzzy.map((p) => p.toLowerCase()))];
  const [exact, close] = await Promise.all([
    selectRows<Row>(
      db,
      sql`
      select schema_name, table_name, column_name, value, lower(value) as phrase, 1.0 as sim
      from column_values
      where connection_id = ${connectionId} and lower(value) = any(${textArray(lowered)}::text[])
      limit ${limit * 3}`,
    ),
    fuzzyPhrases.length === 0
      ? Promise.resolve([])
      : selectRows<Row>(
          db,
          sql`
      select v.*, p.phrase from unnest(${textArray(fuzzyPhrases)}::text[]) as p(phrase),
      lateral (
        select schema_name, table_name, column_name, value, similarity(lower(value), p.phrase) as sim
        from column_values
        where lower(value) % p.phrase and connection_id = ${connectionId}
        order by sim desc limit ${limit}
      ) v`,
        ),
  ]);
  const original = new Map(phrases.map((p) => [p.toLowerCase(), p]));
  const hits = [...exact, ...close];
  const out: ValueHit[] = hits.map((h) => {
    const phrase = original.get(h.phrase) ?? h.phrase;
    const match = phrases.includes(h.value)
      ? 'exact'
      : h.value.toLowerCase() === phrase.toLowerCase() || original.has(h.value.toLowerCase())
        ? 'case-insensitive'
        : 'fuzzy';
    return {
      schema: h.schema_name,
      table: h.table_name,
      column: h.column_name,
      value: h.value,
      score: match === 'exact' ? 1 : match === 'case-insensitive' ? 0.95 : Math.round(Number(h.sim) * 900) / 1000,
      match,
    };
  });
  // A value several phrases match is listed once, with its best match.
  const best = new Map<string, ValueHit>();
  for (const hit of out) {
    const key = `${hit.schema}.${hit.table}.${hit.column}\u0000${hit.value}`;
    if ((best.get(key)?.score ?? -1) < hit.score) best.set(key, hit);
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}
