import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { splitIdentifier } from '../intelligence/store.ts';
import type { ValueMatch } from '../engine/index.ts';
import type { Embedder } from '../llm/index.ts';
import { semanticMatches } from './embeddings.ts';

export interface TableMatch {
  schema: string;
  table: string;
  summary: string;
  score: number;
  /** Why it matched, in words: "name matches "orders"", "value "Berlin" in customers.city". */
  reasons: string[];
}

const stopWords = new Set(
  'a an and are as at be by for from has have how i in is it me of on or per show that the their there these this to was what when where which who with list all each many much give find tell'.split(
    ' ',
  ),
);

export function queryWords(query: string): string[] {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter((w) => w.length >= 2 && !stopWords.has(w));
}

function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

interface Scored {
  schema: string;
  table: string;
  summary: string;
  text: number;
  name: number;
  value: number;
  meaning: number;
  reasons: string[];
}

/**
 * Hybrid retrieval over what analysis learned: full-text over the insight documents, trigram
 * similarity of the question's words to table and column names, and hits in the value index.
 */
export async function searchTables(db: Db, connectionId: string, query: string, limit = 10, embedder?: Embedder | null): Promise<TableMatch[]> {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const tsquery = words.map((w) => `${w.replace(/'/g, "''")}:*`).join(' | ');
  const scored = new Map<string, Scored>();
  const entry = (schema: string, table: string, summary: string): Scored => {
    const key = `${schema}.${table}`;
    let found = scored.get(key);
    if (!found) {
      found = { schema, table, summary, text: 0, name: 0, value: 0, meaning: 0, reasons: [] };
      scored.set(key, found);
    }
    return found;
  };

  const textHits = rows<{ schema_name: string; table_name: string; summary: string; rank: number }>(
    await db.execute(sql`
      select schema_name, table_name, summary,
             ts_rank(to_tsvector('simple', search_text), to_tsquery('simple', ${tsquery})) as rank
      from table_insights
      where connection_id = ${connectionId} and to_tsvector('simple', search_text) @@ to_tsquery('simple', ${tsquery})
      order by rank desc limit 50`),
  );
  const topRank = Math.max(...textHits.map((h) => Number(h.rank)), 1e-9);
  for (const hit of textHits) {
    const e = entry(hit.schema_name, hit.table_name, hit.summary);
    e.text = Number(hit.rank) / topRank;
    e.reasons.push('its description mentions the question\'s words');
  }

  const names = rows<{ schema_name: string; table_name: string; summary: string; columns: string[] }>(
    await db.execute(sql`
      select schema_name, table_name, summary,
             coalesce(array(select c->>'name' from jsonb_array_elements(info->'columns') c), '{}') as columns
      from table_insights where connection_id = ${connectionId}`),
  );
  const wordList = `{${words.map((w) => `"${w}"`).join(',')}}`;
  const nameHits = rows<{ schema_name: string; table_name: string; word: string; sim: number; column_name: string | null }>(
    await db.execute(sql`
      with words as (select unnest(${wordList}::text[]) as word),
      names as (
        select schema_name, table_name, null::text as column_name, lower(table_name) as name from table_insights where connection_id = ${connectionId}
        union all
        select schema_name, table_name, c->>'name', lower(c->>'name')
        from table_insights, jsonb_array_elements(info->'columns') c where connection_id = ${connectionId}
      )
      select schema_name, table_name, column_name, word, word_similarity(word, replace(name, '_', ' ')) as sim
      from names, words
      where word_similarity(word, replace(name, '_', ' ')) >= 0.6`),
  );
  const summaries = new Map(names.map((n) => [`${n.schema_name}.${n.table_name}`, n.summary]));
  for (const hit of nameHits) {
    const e = entry(hit.schema_name, hit.table_name, summaries.get(`${hit.schema_name}.${hit.table_name}`) ?? '');
    const weight = hit.column_name ? 0.6 : 1;
    if (Number(hit.sim) * weight > e.name) e.name = Number(hit.sim) * weight;
    const reason = hit.column_name
      ? `column ${hit.column_name} matches "${hit.word}"`
      : `name ${splitIdentifier(hit.table_name)} matches "${hit.word}"`;
    if (!e.reasons.includes(reason)) e.reasons.push(reason);
  }

  for (const hit of await findValues(db, connectionId, words, 20)) {
    const e = entry(hit.schema, hit.table, summaries.get(`${hit.schema}.${hit.table}`) ?? '');
    e.value = Math.max(e.value, hit.score);
    const reason = `value "${hit.value}" in ${hit.table}.${hit.column}`;
    if (!e.reasons.includes(reason)) e.reasons.push(reason);
  }

  if (embedder) {
    // Meaning helps where the words differ ("sales" for a table named orders); a failing embedder only loses that.
    const similar = await semanticMatches(db, embedder, connectionId, query).catch(() => []);
    for (const hit of similar.filter((h) => h.similarity >= 0.5)) {
      const e = entry(hit.schema, hit.table, hit.summary);
      e.meaning = hit.similarity;
      e.reasons.push(`similar in meaning (${hit.similarity.toFixed(2)})`);
    }
  }

  return [...scored.values()]
    .map((e) => ({
      schema: e.schema,
      table: e.table,
      summary: e.summary,
      score: Math.round((0.4 * e.text + 0.4 * e.name + 0.3 * e.value + 0.3 * e.meaning) * 1000) / 1000,
      reasons: e.reasons.slice(0, 5),
    }))
    .sort((a, b) => b.score - a.score || a.table.localeCompare(b.table))
    .slice(0, limit);
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
  return out.sort((a, b) => b.score - a.score).slice(0, limit);
}
