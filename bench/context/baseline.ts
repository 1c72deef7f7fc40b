/**
 * The baseline measured in the same run: the LLM context as AskDB built it before retrieval was
 * reworked (commit b887f77's search: full-text and trigram name matches and value hits in the app
 * database, the top 8 tables plus the tables they reference, every column with up to 12 values of
 * each categorical one, a separate list of values close to the question's words).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import type { DatabaseModel, TableInfo } from '../../src/intelligence/model.ts';
import type { ChatMessage } from '../../src/llm/index.ts';
import { findValues } from '../../src/retrieval/values.ts';
import { literal } from '../../src/sql/quote.ts';

const maxTables = 8;
const stopWords = new Set(
  'a an and are as at be by for from has have how i in is it me of on or per show that the their there these this to was what when where which who with list all each many much give find tell'.split(
    ' ',
  ),
);

function queryWords(query: string): string[] {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter(
    (w) => w.length >= 2 && !stopWords.has(w),
  );
}

const rows = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** The old search route's ranking: table keys (schema.table), best first, at most 8. */
export async function baselineSearch(db: Db, connectionId: string, query: string): Promise<string[]> {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const tsquery = words.map((w) => `${w.replace(/'/g, "''")}:*`).join(' | ');
  const score = new Map<string, { text: number; name: number; value: number }>();
  const entry = (schema: string, table: string) => {
    const key = `${schema}.${table}`;
    if (!score.has(key)) score.set(key, { text: 0, name: 0, value: 0 });
    return score.get(key)!;
  };
  const textHits = rows<{ schema_name: string; table_name: string; rank: number }>(
    await db.execute(sql`
      select schema_name, table_name, ts_rank(to_tsvector('simple', search_text), to_tsquery('simple', ${tsquery})) as rank
      from table_insights
      where connection_id = ${connectionId} and to_tsvector('simple', search_text) @@ to_tsquery('simple', ${tsquery})
      order by rank desc limit 50`),
  );
  const topRank = Math.max(...textHits.map((h) => Number(h.rank)), 1e-9);
  for (const hit of textHits) entry(hit.schema_name, hit.table_name).text = Number(hit.rank) / topRank;
  const wordList = `{${words.map((w) => `"${w}"`).join(',')}}`;
  const nameHits = rows<{ schema_name: string; table_name: string; sim: number; column_name: string | null }>(
    await db.execute(sql`
      with words as (select unnest(${wordList}::text[]) as word),
      names as (
        select schema_name, table_name, null::text as column_name, lower(table_name) as name from table_insights where connection_id = ${connectionId}
        union all
        select schema_name, table_name, c->>'name', lower(c->>'name')
        from table_insights, jsonb_array_elements(info->'columns') c where connection_id = ${connectionId}
      )
      select schema_name, table_name, column_name, word_similarity(word, replace(name, '_', ' ')) as sim
      from names, words
      where word_similarity(word, replace(name, '_', ' ')) >= 0.6`),
  );
  for (const hit of nameHits) {
    const e = entry(hit.schema_name, hit.table_name);
    e.name = Math.max(e.name, Number(hit.sim) * (hit.column_name ? 0.6 : 1));
  }
  for (const hit of await findValues(db, connectionId, words, 20)) {
    const e = entry(hit.schema, hit.table);
    e.value = Math.max(e.value, hit.score);
  }
  return [...score.entries()]
    .map(([key, e]) => ({ key, score: 0.4 * e.text + 0.4 * e.name + 0.3 * e.value }))
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
    .slice(0, maxTables)
    .map((e) => e.key);
}

function describeTables(tables: TableInfo[]): string {
  return tables
    .map((table) => {
      const columns = table.columns.map((c) => {
        const fk = table.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === c.name);
        const values =
          c.strategy === 'categorical' ? (c.profile?.categories ?? []).slice(0, 12).map((v) => literal(v.value)) : [];
        const notes = [
          c.isPrimaryKey ? 'primary key' : '',
          fk ? `references ${fk.referencedTable}.${fk.referencedColumns[0]}` : '',
          values.length ? `values: ${values.join(', ')}` : '',
          c.comment ?? '',
        ].filter(Boolean);
        return `  ${c.name} ${c.dataType}${notes.length ? ` -- ${notes.join('; ')}` : ''}`;
      });
      return `TABLE ${table.schema === 'public' ? table.name : `${table.schema}.${table.name}`} (${table.rowCount} rows)${table.comment ? ` -- ${table.comment}` : ''}\n${columns.join(',\n')}`;
    })
    .join('\n\n');
}

function joinPaths(tables: TableInfo[]): string[] {
  const names = new Set(tables.map((t) => `${t.schema}.${t.name}`));
  return tables.flatMap((table) =>
    table.foreignKeys
      .filter((fk) => names.has(`${fk.referencedSchema}.${fk.referencedTable}`))
      .map((fk) =>
        fk.columns.map((c, i) => `${table.name}.${c} = ${fk.referencedTable}.${fk.referencedColumns[i]}`).join(' AND '),
      ),
  );
}

const system = `You answer questions about a PostgreSQL database by writing one SQL query.
Reply with one JSON object and nothing else:
{"intent": "query" | "chitchat" | "unanswerable", "tables": ["tables used"], "sql": "the query", "rationale": "one short line", "reply": "only when sql is empty"}
- "query": the tables below can answer it. Write the sql.
- "chitchat": a greeting or a question about you. sql is "", reply briefly.
- "unanswerable": the tables below cannot answer it. sql is "", reply says what is missing.
SQL rules:
- One SELECT (WITH is allowed). Never INSERT, UPDATE, DELETE, CREATE, DROP or ALTER.
- Use only the tables and columns listed. Join them as shown.
- Put identifiers with capitals, spaces or reserved words in double quotes.
- For text filters use the exact values listed.
- No markdown, no comments, no semicolon.`;

/** The generation messages the old retrieval produced for a question. */
export async function baselinePrompt(
  db: Db,
  connectionId: string,
  model: DatabaseModel,
  question: string,
  today: string,
): Promise<ChatMessage[]> {
  const [keys, values] = await Promise.all([
    baselineSearch(db, connectionId, question),
    findValues(db, connectionId, [question, ...queryWords(question)], 12),
  ]);
  const byName = new Map(model.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const chosen = new Map<string, TableInfo>();
  for (const key of keys) if (byName.has(key)) chosen.set(key, byName.get(key)!);
  for (const table of [...chosen.values()])
    for (const fk of table.foreignKeys) {
      const key = `${fk.referencedSchema}.${fk.referencedTable}`;
      if (chosen.size < maxTables && byName.has(key)) chosen.set(key, byName.get(key)!);
    }
  const context = chosen.size > 0 ? [...chosen.values()] : model.tables.slice(0, maxTables);
  const sections = [`Tables:\n${describeTables(context)}`];
  const joins = joinPaths(context);
  if (joins.length) sections.push(`Joins:\n${joins.join('\n')}`);
  if (values.length)
    sections.push(
      `Values:\n${values
        .slice(0, 30)
        .map((v) => `${v.table}.${v.column}: ${literal(v.value)}`)
        .join('\n')}`,
    );
  sections.push(`Today is ${today}.`, `Question: ${question.trim()}`);
  return [
    { role: 'system', content: system },
    { role: 'user', content: sections.join('\n\n') },
  ];
}
