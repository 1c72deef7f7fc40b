/** Whether a prompt holds what a gold query needs: every table and column it names, every text literal as stored. */
import type { GoldNeeds } from './gold.ts';

export interface PromptSchema {
  /** Table name (lower case, without schema) → the columns shown. */
  tables: Map<string, Set<string>>;
  text: string;
}

/** Reads the "Tables:" blocks of a prompt back: `TABLE name (…)` then one indented line per column. */
export function promptSchema(content: string): PromptSchema {
  const tables = new Map<string, Set<string>>();
  let current: Set<string> | null = null;
  for (const line of content.split('\n')) {
    const table = /^TABLE (?:"?[\w$]+"?\.)?"?([^\s"]+)"? /.exec(line);
    if (table) {
      current = new Set();
      tables.set(table[1]!.toLowerCase(), current);
      continue;
    }
    const column = /^ {2}"?([^\s"(]+)"? /.exec(line);
    if (column && current) current.add(column[1]!.toLowerCase());
    else if (!line.startsWith('  ')) current = null;
  }
  return { tables, text: content };
}

export interface Miss {
  what: 'table' | 'column' | 'literal';
  name: string;
}

/**
 * What the prompt lacks for the gold query (empty: covered), judged against the real schema
 * (table → its columns, lower case): names that are no real column (aliases, CTE columns) ask nothing.
 */
export function misses(needs: GoldNeeds, prompt: PromptSchema, schema: Map<string, Set<string>>): Miss[] {
  const out: Miss[] = [];
  const known = [...needs.tables].filter((t) => schema.has(t));
  for (const t of known) if (!prompt.tables.has(t)) out.push({ what: 'table', name: t });
  for (const tc of needs.columns) {
    const [t, c] = tc.split('.') as [string, string];
    if (schema.get(t)?.has(c) && prompt.tables.has(t) && !prompt.tables.get(t)!.has(c))
      out.push({ what: 'column', name: tc });
  }
  for (const c of needs.loose) {
    const owners = known.filter((t) => schema.get(t)!.has(c));
    const shown = owners.filter((t) => prompt.tables.has(t));
    if (shown.length > 0 && !shown.some((t) => prompt.tables.get(t)!.has(c)))
      out.push({ what: 'column', name: `${shown[0]}.${c}` });
  }
  const lower = prompt.text.toLowerCase();
  for (const l of needs.literals) {
    // A LIKE pattern's fixed part must appear, in any case; an equality literal exactly as stored.
    const core = l.pattern ? l.text.replace(/^%+|%+$/g, '') : l.text;
    if (l.pattern && /[%_]/.test(core)) continue;
    const found =
      l.pattern || l.caseless
        ? lower.includes(core.toLowerCase())
        : prompt.text.includes(core) || prompt.text.includes(core.replace(/'/g, "''"));
    if (!found) out.push({ what: 'literal', name: l.text });
  }
  return out;
}
