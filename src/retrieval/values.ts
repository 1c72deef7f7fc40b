import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { ValueMatch } from '../engine/index.ts';

function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** A stored value close to a phrase: the engine's ValueMatch, found in the app DB's value index. */
export type ValueHit = ValueMatch;

/** Stored values close to any of the phrases: exact, case-insensitive, then trigram-fuzzy. */
export async function findValues(db: Db, connectionId: string, phrases: string[], limit = 10): Promise<ValueHit[]> {
  if (phrases.length === 0) return [];
  const list = `{${phrases.map((p) => `"${p.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  const hits = rows<{ schema_name: string; table_name: string; column_name: string; value: string; phrase: string; sim: number }>(
    await db.execute(sql`
      with phrases as (select unnest(${list}::text[]) as phrase)
      select schema_name, table_name, column_name, value, phrase, similarity(lower(value), lower(phrase)) as sim
      from column_values, phrases
      where connection_id = ${connectionId} and lower(value) % lower(phrase)
      order by sim desc limit ${limit * 3}`),
  );
  const out: ValueHit[] = hits.map((h) => {
    const match = h.value === h.phrase ? 'exact' : h.value.toLowerCase() === h.phrase.toLowerCase() ? 'case-insensitive' : 'fuzzy';
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
