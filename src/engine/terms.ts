/**
 * Business terms as the engine reads them: named SQL over one table ("revenue" = a sum, "failed
 * payments" = a condition), defined by people. Question words link to a term by its name or a
 * synonym (same words in dictionary form), or a one-word name by a WordNet synonym.
 */
import type { AggregateFn } from './ast.ts';
import { lemma, related } from './lexicon.ts';
import type { Mention } from './link.ts';
import type { IndexedColumn, IndexedTable, SchemaIndex } from './schema-index.ts';
import { type Token, tokenize } from './tokenize.ts';

export interface EngineTerm {
  name: string;
  synonyms: string[];
  kind: 'measure' | 'dimension' | 'filter' | 'entity';
  /** SQL over the table's columns, written `table.column` (checked when the term was saved). */
  expression: string;
  /** `schema.table`, or `table` in public. */
  table: string;
  /** Who defined it last, for the answer's provenance. */
  editor?: string | null;
}

export interface IndexedTerm {
  term: EngineTerm;
  table: IndexedTable;
  /** Columns the expression names, first one first. */
  columns: IndexedColumn[];
  /** Aggregates a measure computes. */
  aggregates: AggregateFn[];
  /** The name and synonyms as dictionary-form word sequences. */
  phrases: string[][];
}

/** Words that never tell two phrasings apart ("the revenue", "a failed payment"). */
const ignorable = new Set(['the', 'a', 'an']);
const maxTermWords = 8;

const phraseOf = (tokens: Token[]) =>
  tokens
    .filter((t) => t.kind === 'word' || t.kind === 'number')
    .map((t) => t.lemma)
    .filter((w) => !ignorable.has(w));

/** The terms whose table analysis knows, with their phrases and columns. */
export function indexTerms(terms: EngineTerm[], index: SchemaIndex): IndexedTerm[] {
  const out: IndexedTerm[] = [];
  for (const term of terms) {
    const lower = term.table.toLowerCase();
    const table = index.tables.find(
      (t) => t.key.toLowerCase() === lower || (t.schema === 'public' && t.name.toLowerCase() === lower),
    );
    if (!table) continue;
    const columns: IndexedColumn[] = [];
    for (const m of term.expression.matchAll(
      /(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*))\s*\.\s*(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*))/gi,
    )) {
      const name = (m[3] ?? m[4] ?? '').replace(/""/g, '"');
      const column =
        table.columns.find((c) => c.name === name) ??
        table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (column && !columns.includes(column)) columns.push(column);
    }
    const aggregates = [...term.expression.toLowerCase().matchAll(/\b(count|sum|avg|min|max)\s*\(/g)].map(
      (m) => m[1] as AggregateFn,
    );
    const phrases = [term.name, ...term.synonyms]
      .map((p) => phraseOf(tokenize(p)))
      .filter((p) => p.length > 0 && p.length <= maxTermWords);
    out.push({ term, table, columns, aggregates, phrases });
  }
  return out;
}

/**
 * Spans of the question that name a term: the whole phrase in the same words (score 1), or a
 * one-word name by a WordNet synonym (0.85). Longest first; spans never overlap.
 */
export function linkTerms(tokens: Token[], terms: IndexedTerm[]): Mention[] {
  if (terms.length === 0) return [];
  const found: Mention[] = [];
  const taken = new Set<number>();
  for (let length = maxTermWords; length >= 1; length--) {
    for (let start = 0; start + length <= tokens.length; start++) {
      const span = tokens.slice(start, start + length);
      if (span.some((t) => taken.has(t.index))) continue;
      if (span[0]!.kind === 'symbol' || span[length - 1]!.kind === 'symbol' || ignorable.has(span[0]!.lower)) continue;
      const words = phraseOf(span);
      if (words.length === 0) continue;
      const candidates = terms
        .map((term) => ({ kind: 'term' as const, term, score: matchScore(words, term.phrases) }))
        .filter((c) => c.score > 0)
        .sort((a, b) => b.score - a.score);
      if (candidates.length === 0) continue;
      found.push({ start, end: start + length, text: span.map((t) => t.text).join(' '), candidates });
      for (const t of span) taken.add(t.index);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function matchScore(words: string[], phrases: string[][]): number {
  let best = 0;
  for (const phrase of phrases) {
    if (phrase.length === words.length && phrase.every((w, i) => w === words[i] || lemma(w) === lemma(words[i]!)))
      return 1;
    if (phrase.length === 1 && words.length === 1 && phrase[0]!.length > 3 && related(words[0]!, phrase[0]!))
      best = Math.max(best, 0.85);
  }
  return best;
}
