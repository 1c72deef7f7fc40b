export interface SqlToken {
  text: string;
  kind: 'keyword' | 'string' | 'number' | 'comment' | 'identifier' | 'other';
}

const keywords = new Set(
  'select from where group by order having limit offset join left right inner outer full cross on as and or not in is null like ilike between case when then else end distinct with union all intersect except asc desc nulls first last count sum avg min max over partition filter exists true false date_trunc extract interval cast'.split(
    ' ',
  ),
);

/** Splits SQL into tokens to colour; a display aid, never used to decide anything about the SQL. */
export function highlightSql(sql: string): SqlToken[] {
  const pattern =
    /(--[^\n]*|\/\*[\s\S]*?\*\/)|('(?:[^']|'')*'?)|("(?:[^"]|"")*"?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_$]*)|(\s+|[^\sA-Za-z0-9_'"-]+|-)/g;
  const tokens: SqlToken[] = [];
  for (const m of sql.matchAll(pattern)) {
    const [text, comment, string, quoted, number, word] = m;
    if (comment) tokens.push({ text, kind: 'comment' });
    else if (string) tokens.push({ text, kind: 'string' });
    else if (quoted) tokens.push({ text, kind: 'identifier' });
    else if (number) tokens.push({ text, kind: 'number' });
    else if (word) tokens.push({ text, kind: keywords.has(word.toLowerCase()) ? 'keyword' : 'identifier' });
    else tokens.push({ text, kind: 'other' });
  }
  return tokens;
}
