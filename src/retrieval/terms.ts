/**
 * Business terms as retrieval weighs them: a term the question names ("revenue", "failed payments")
 * points at its table and the columns of its SQL, whatever the table is called. The caller passes
 * the accepted terms (retrieval reads no module above it).
 */
import type { ColumnInfo, DatabaseModel } from '../intelligence/model.ts';
import { synonymsOf } from '../text/index.ts';
import { tableKey } from './table-index.ts';
import { questionWords } from './words.ts';

/** What retrieval needs of an accepted term. */
export interface RetrievalTerm {
  name: string;
  synonyms: string[];
  /** SQL over its table's columns, written `table.column`. */
  expression: string;
  /** `schema.table`, or `table` in public. */
  table: string;
}

export interface NamedTerm {
  term: RetrievalTerm;
  /** The term's table, as `tableKey` writes it. */
  key: string;
  /** Columns its SQL names. */
  columns: ColumnInfo[];
  /** How the question names it: its name, a synonym, or a WordNet synonym of a one-word name. */
  how: string;
}

const columnRefs = /(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*))\s*\.\s*(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*))/gi;

/** True when every content word of the phrase is among the question's words. */
function namesAll(phrase: string, words: Set<string>): boolean {
  const needed = questionWords(phrase);
  return needed.length > 0 && needed.every((w) => words.has(w));
}

/** How the question names the term, or null when it does not. */
function namedBy(term: RetrievalTerm, words: Set<string>): string | null {
  if (namesAll(term.name, words)) return `term "${term.name}"`;
  const synonym = term.synonyms.find((s) => namesAll(s, words));
  if (synonym) return `term "${term.name}" (as "${synonym}")`;
  const single = questionWords(term.name);
  if (single.length === 1) {
    const related = [...words].find((w) => synonymsOf(w).has(single[0]!));
    if (related) return `term "${term.name}" (like "${related}")`;
  }
  return null;
}

/** The terms the question names, each with its table and the columns its SQL uses. */
export function namedTerms(question: string, terms: readonly RetrievalTerm[], model: DatabaseModel): NamedTerm[] {
  if (terms.length === 0) return [];
  const words = new Set(questionWords(question));
  const out: NamedTerm[] = [];
  for (const term of terms) {
    const how = namedBy(term, words);
    if (!how) continue;
    const lower = term.table.toLowerCase();
    const table = model.tables.find(
      (t) => tableKey(t).toLowerCase() === lower || (t.schema === 'public' && t.name.toLowerCase() === lower),
    );
    if (!table) continue;
    const columns: ColumnInfo[] = [];
    for (const m of term.expression.matchAll(columnRefs)) {
      const name = (m[3] ?? m[4] ?? '').replace(/""/g, '"');
      const column =
        table.columns.find((c) => c.name === name) ??
        table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (column && !columns.includes(column)) columns.push(column);
    }
    out.push({ term, key: tableKey(table), columns, how });
  }
  return out;
}
