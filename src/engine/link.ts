import { isEnglishWord, verbBase } from '../text/index.ts';
import { expand, genericNameWords, isStopWord, lemma, related, stopWords } from './lexicon.ts';
import type { IndexedColumn, IndexedTable, NameForm, SchemaIndex } from './schema-index.ts';
import type { IndexedTerm } from './terms.ts';
import type { Token } from './tokenize.ts';
import type { ValueLookup } from './values.ts';

export type Candidate =
  | { kind: 'table'; table: IndexedTable; score: number }
  | { kind: 'column'; column: IndexedColumn; score: number }
  /** `column` is null for a quoted value no index knows: the composer places it. */
  | {
      kind: 'value';
      column: IndexedColumn | null;
      value: string;
      score: number;
      match: 'exact' | 'case-insensitive' | 'fuzzy' | 'quoted';
    }
  /** A business term people defined (terms.ts links these before any table or column). */
  | { kind: 'term'; term: IndexedTerm; score: number };

/** The table a candidate belongs to (a term's table for a term). */
export function candidateTable(c: Candidate): IndexedTable | null {
  if (c.kind === 'table') return c.table;
  if (c.kind === 'term') return c.term.table;
  return c.column?.table ?? null;
}

/** A span of the question linked to what it may mean in the database, best candidate first. */
export interface Mention {
  start: number;
  end: number;
  text: string;
  candidates: Candidate[];
}

const maxSpan = 4;
/** Words that may sit inside a name phrase ("type of food", "date of birth"). */
const innerWords = new Set(['of', 'the', "'s"]);

/**
 * Finds the spans of the question that name tables, columns or stored values. `free` marks the
 * tokens no other reading claimed; the result covers each free token at most once.
 */
export async function linkMentions(
  tokens: Token[],
  free: boolean[],
  index: SchemaIndex,
  values: ValueLookup,
): Promise<Mention[]> {
  const spans: Mention[] = [];
  for (let start = 0; start < tokens.length; start++) {
    for (let end = start + 1; end <= Math.min(tokens.length, start + maxSpan); end++) {
      if (!free.slice(start, end).every(Boolean)) break;
      const span = tokens.slice(start, end);
      const first = span[0]!;
      const last = span[span.length - 1]!;
      if (first.kind === 'symbol' || last.kind === 'symbol') continue;
      if (span.length > 1 && (isStopWord(first) || isStopWord(last))) continue;
      if (span.some((t) => t.kind === 'quoted') && span.length > 1) continue;
      // "lakes in Michigan" is two mentions, not one: only "of", "the" and "&" may sit inside a name.
      if (span.slice(1, -1).some((t) => isStopWord(t) && !innerWords.has(t.lower) && t.text !== '&')) continue;
      const candidates = await candidatesFor(span, tokens, index, values);
      if (candidates.length > 0) spans.push({ start, end, text: span.map((t) => t.text).join(' '), candidates });
    }
  }
  return chooseCover(spans);
}

const auxiliaries = new Set(['did', 'does', 'do', 'to', 'will', 'can', 'would', 'could', 'should']);

/** "how many orders did each person make": a verb in its base form after an auxiliary, not a column called make. */
function isVerbAfterAuxiliary(span: Token[], tokens: Token[]): boolean {
  if (span.length !== 1 || span[0]!.kind !== 'word' || !isEnglishWord(span[0]!.lower, 'verb')) return false;
  const at = span[0]!.index;
  return tokens.slice(Math.max(0, at - 4), at).some((t) => auxiliaries.has(t.lower));
}

async function candidatesFor(
  span: Token[],
  tokens: Token[],
  index: SchemaIndex,
  values: ValueLookup,
): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  if (isVerbAfterAuxiliary(span, tokens)) return candidates;
  const quoted = span.length === 1 && span[0]!.kind === 'quoted';
  const words = span.filter((t) => !innerWords.has(t.lower) && t.kind === 'word').map((t) => t.lemma);
  const contentWords = words.filter((w) => !stopWords.has(w));
  if (span.length === 1 && span[0]!.kind === 'word' && /[_]/.test(span[0]!.text)) {
    // A name written as in the database (payment_method) means exactly that column or table.
    const exact = span[0]!.lower;
    for (const table of index.tables)
      if (table.name.toLowerCase() === exact) candidates.push({ kind: 'table', table, score: 1 });
    for (const column of index.columns)
      if (column.name.toLowerCase() === exact) candidates.push({ kind: 'column', column, score: 1 });
    if (candidates.length > 0) return candidates;
  }
  if (!quoted && contentWords.length > 0 && span.every((t) => t.kind === 'word')) {
    for (const table of index.tables) {
      const score = nameScore(contentWords, table.forms, table.commentWords);
      if (score > 0) candidates.push({ kind: 'table', table, score });
    }
    // A bare "name" or "id" says which kind of column, not which table's: it only links weakly.
    const bare = contentWords.every((w) => genericNameWords.has(w)) ? 0.5 : 1;
    for (const column of index.columns) {
      const score = bare * nameScore(contentWords, column.forms, column.commentWords);
      if (score > 0) candidates.push({ kind: 'column', column, score });
    }
  }
  if (quoted || worthValueLookup(span, tokens)) {
    const phrase = span.map((t) => t.text).join(' ');
    for (const match of await values.find(phrase, 8)) {
      const column = index.columns.find(
        (c) => c.table.schema === match.schema && c.table.name === match.table && c.name === match.column,
      );
      if (!column) continue;
      // Near-misses are for names and typos; an ordinary lower-case word ("month") is not a misspelt "Montreal".
      // The first word of a sentence is capitalised whatever it is ("Count the films…").
      if (
        match.match === 'fuzzy' &&
        !quoted &&
        span.every(
          (t) =>
            t.kind === 'word' &&
            (t.text === t.lower || t.index === 0) &&
            (isEnglishWord(t.lemma) || isEnglishWord(verbBase(t.lower), 'verb')),
        )
      )
        continue;
      // "Australia" near "Austria" in a column whose values were only sampled: the name as written is more
      // likely stored but unseen than misspelt, so it is looked for as written.
      if (
        match.match === 'fuzzy' &&
        !valuesComplete(column) &&
        span.every((t) => /^\p{Lu}/u.test(t.text) || t.kind !== 'word')
      ) {
        if (!candidates.some((c) => c.kind === 'value' && c.column === column && c.value === phrase))
          candidates.push({ kind: 'value', column, value: phrase, score: 0.7, match: 'fuzzy' });
        continue;
      }
      // A capitalised or quoted phrase is more likely a value than a common word that happens to be stored.
      const emphasis = quoted || span.some((t) => /^[A-Z0-9]/.test(t.text) && t.index > 0) ? 1 : 0.85;
      candidates.push({ kind: 'value', column, value: match.value, score: match.score * emphasis, match: match.match });
    }
    if (quoted && candidates.length === 0)
      // A quoted value not in the index still names a value; the composer places it on a column.
      candidates.push({ kind: 'value', column: null, value: span[0]!.text, score: 0.5, match: 'quoted' });
  }
  return candidates.sort((a, b) => b.score - a.score);
}

/** Every distinct value of the column is known (a category list), so a near-miss is a misspelling. */
function valuesComplete(column: IndexedColumn): boolean {
  const profile = column.info.profile;
  if (column.info.enumValues?.length) return true;
  if (!profile || profile.distinctCount === null) return false;
  return profile.categories.length >= profile.distinctCount;
}

function worthValueLookup(span: Token[], tokens: Token[]): boolean {
  if (!span.every((t) => t.kind === 'word' || t.kind === 'number' || (t.kind === 'symbol' && t.text === '&')))
    return false;
  if (span.every((t) => isStopWord(t) || t.kind === 'number')) return false;
  if (span.length === 1 && span[0]!.text.length < 2) return false;
  return tokens.length > 0;
}

/**
 * How well question words name a table or column (0..1). Every question word must match a word of
 * the name; the name's own words that stay unmatched lower the score, generic ones (name, id) less.
 */
export function nameScore(words: string[], forms: NameForm[], comment: Set<string>): number {
  let best = 0;
  for (const form of forms) {
    const formWords = form;
    let matchedWeight = 0;
    let totalWeight = 0;
    const used = new Set<number>();
    let allMatched = true;
    let trailing = 0;
    for (const word of words) {
      let bestQuality = 0;
      let bestAt = -1;
      formWords.forEach((fw, i) => {
        if (used.has(i)) return;
        const q = wordMatch(word, fw);
        if (q > bestQuality) {
          bestQuality = q;
          bestAt = i;
        }
      });
      if (bestAt < 0) {
        // "the region name": a trailing generic word may stay unmatched.
        if (word === words[words.length - 1] && words.length > 1 && looseTrailing.has(word)) {
          trailing++;
          continue;
        }
        allMatched = false;
        break;
      }
      used.add(bestAt);
      matchedWeight += bestQuality * weightOf(formWords[bestAt]!);
    }
    if (!allMatched) continue;
    for (const fw of formWords) totalWeight += weightOf(fw);
    const score = (totalWeight === 0 ? 0 : matchedWeight / totalWeight) * 0.9 ** trailing;
    best = Math.max(best, score);
  }
  if (best === 0 && words.length > 0 && words.every((w) => comment.has(w))) best = 0.55;
  return best;
}

const looseTrailing = new Set(['name', 'title', 'value', 'figure', 'number', 'amount', 'count']);

/** Unmatched name words cost less when they only qualify (name, code); an unmatched "id" costs in full. */
function weightOf(word: string): number {
  return genericNameWords.has(word) && word !== 'id' && word !== 'key' ? 0.25 : 1;
}

/** 1 for the same word, less for a synonym, an abbreviation or a shared stem. */
export function wordMatch(questionWord: string, nameWord: string): number {
  if (questionWord === nameWord) return 1;
  const expanded = expand(questionWord);
  if (expanded.length === 1 && expanded[0] === nameWord) return 0.95;
  if (related(questionWord, nameWord)) return 0.8;
  // "cited" is something done, not the thing "cite" names.
  if (/ed$/.test(questionWord) && !/ed$/.test(nameWord)) return 0;
  const a = stem(questionWord);
  const b = stem(nameWord);
  if (a.length >= 4 && a === b) return 0.85;
  if (a.length >= 5 && b.length >= 5 && (a.startsWith(b) || b.startsWith(a))) return 0.7;
  return 0;
}

/** A crude stem for matching word families (citation/cited, publication/published). */
function stem(word: string): string {
  const w = lemma(word);
  return w.replace(/(ations?|ation|ings?|ers?|ed|es|ly|ity|al|ment|ness|ive|ion|e)$/, '').slice(0, 7);
}

/**
 * Picks non-overlapping spans that together say the most: each span is worth its best score times
 * its number of words, so "type of food" as one column beats "type" and "food" apart, while
 * "business category" read as two tables beats a weak single column.
 */
function chooseCover(spans: Mention[]): Mention[] {
  const end = Math.max(0, ...spans.map((s) => s.end));
  const best: { value: number; chosen: Mention[] }[] = [{ value: 0, chosen: [] }];
  for (let i = 1; i <= end; i++) {
    best[i] = best[i - 1]!;
    for (const span of spans) {
      if (span.end !== i) continue;
      const words = span.text.split(' ').filter((w) => !innerWords.has(w.toLowerCase())).length;
      // A phrase that names one thing whole ("product types" → product_type_code) beats its words read apart by a hair.
      const value = best[span.start]!.value + span.candidates[0]!.score * words + 0.05 * (words - 1);
      if (value > best[i]!.value + 1e-9) best[i] = { value, chosen: [...best[span.start]!.chosen, span] };
    }
  }
  return best[end]!.chosen;
}
