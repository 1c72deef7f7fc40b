/**
 * Tables ranked for a question from what analysis learned: the words of table and column names,
 * comments and notes (weighed by how rare they are in this database), WordNet synonyms and shared
 * stems, stored values the question names, and similarity in meaning when embeddings are configured.
 */
import type { ColumnInfo } from '../intelligence/model.ts';
import { synonymsOf } from '../text/index.ts';
import type { ValueMatch } from '../engine/index.ts';
import { rarity, tableKey, type IndexedTable, type TableIndex } from './table-index.ts';
import type { NamedTerm } from './terms.ts';

export interface RankedTable {
  entry: IndexedTable;
  score: number;
  /** Columns the question names (by name, comment, synonym or a stored value). */
  columns: Set<ColumnInfo>;
  reasons: string[];
}

/** How strongly each kind of match counts, relative to a word of the table's own name. */
const weight = {
  tableName: 1,
  columnName: 0.6,
  comment: 0.4,
  synonym: 0.5,
  stem: 0.6,
  value: 1,
  wholeName: 1,
  term: 1,
} as const;
const minStem = 5;

/** Shortest word found inside a run-together name ("invoice" in "xyinvoice"). */
const minInside = 4;

/**
 * Words of the database's names that share a long stem with the word ("employ" ~ "employment") or
 * hold it whole inside a name no dictionary could split ("xyinvoice").
 */
function stemMatches(index: TableIndex, word: string): string[] {
  if (word.length < minInside) return [];
  const out: string[] = [];
  for (const v of index.vocabulary) {
    if (v === word) continue;
    if (v.length > word.length && v.includes(word)) {
      out.push(v);
      continue;
    }
    if (v.length < minStem || word.length < minStem) continue;
    let common = 0;
    while (common < v.length && common < word.length && v[common] === word[common]) common++;
    if (common >= minStem && common >= 0.7 * Math.min(v.length, word.length)) out.push(v);
  }
  return out;
}

interface Variant {
  word: string;
  factor: number;
  how: string;
}

function variantsOf(index: TableIndex, word: string): Variant[] {
  const variants: Variant[] = [{ word, factor: 1, how: '' }];
  for (const s of stemMatches(index, word)) variants.push({ word: s, factor: weight.stem, how: ` (like "${word}")` });
  for (const s of synonymsOf(word))
    if (index.tableCount.has(s)) variants.push({ word: s, factor: weight.synonym, how: ` (synonym of "${word}")` });
  return variants;
}

/** Every table with any evidence (words, values, business terms the question names, meaning), best first. */
export function rankTables(
  index: TableIndex,
  words: string[],
  values: ValueMatch[],
  meaning: Map<string, number> = new Map(),
  terms: NamedTerm[] = [],
): RankedTable[] {
  const ranked = new Map<string, RankedTable>();
  const entry = (e: IndexedTable) => {
    let r = ranked.get(e.key);
    if (!r) {
      r = { entry: e, score: 0, columns: new Set(), reasons: [] };
      ranked.set(e.key, r);
    }
    return r;
  };

  // The words of each table's own name the question names (directly, by synonym or stem).
  const named = new Map<string, Set<string>>();
  for (const word of words) {
    const variants = variantsOf(index, word);
    for (const e of index.tables) {
      let best = 0;
      let reason = '';
      const matched: ColumnInfo[] = [];
      for (const v of variants) {
        const idf = rarity(index, v.word);
        const inName = e.name.has(v.word) ? weight.tableName : 0;
        if (inName) (named.get(e.key) ?? named.set(e.key, new Set()).get(e.key)!).add(v.word);
        const byName = e.columns.get(v.word);
        const byComment = e.columnComments.get(v.word);
        const inColumns = byName ? weight.columnName : byComment || e.comment.has(v.word) ? weight.comment : 0;
        if (byName) matched.push(...byName);
        else if (byComment) matched.push(...byComment);
        const strength = Math.max(inName, inColumns) * v.factor * idf;
        if (strength > best) {
          best = strength;
          reason = inName
            ? `name matches "${v.word}"${v.how}`
            : byName
              ? `column ${byName[0]!.name} matches "${v.word}"${v.how}`
              : `comment mentions "${v.word}"${v.how}`;
        }
      }
      if (best === 0) continue;
      const r = entry(e);
      r.score += best;
      for (const c of matched) r.columns.add(c);
      r.reasons.push(reason);
    }
  }

  // A table the question names whole ("countries" → country, "host city" → hosting_city) is what it
  // asks about far more often than a table sharing one of its words: it counts like a word as rare as
  // the tables named whole.
  const whole = index.tables.filter((e) => e.name.size > 0 && named.get(e.key)?.size === e.name.size);
  const n = index.tables.length;
  for (const e of whole) {
    const r = entry(e);
    r.score += weight.wholeName * Math.log(1 + (n - whole.length + 0.5) / (whole.length + 0.5));
    r.reasons.unshift(`the question names the table`);
  }

  // A business term the question names points at its table and the columns of its SQL, however the
  // table is called: as strong as a word only its tables hold.
  const termTables = new Set(terms.map((t) => t.key));
  for (const named of terms) {
    const e = index.byKey.get(named.key);
    if (!e) continue;
    const r = entry(e);
    r.score +=
      (weight.term * Math.log(1 + (n - termTables.size + 0.5) / (termTables.size + 0.5))) /
      terms.filter((t) => t.key === named.key).length;
    for (const c of named.columns) r.columns.add(c);
    r.reasons.unshift(named.how);
  }

  // A value the question names counts like a word as rare as the tables holding that value.
  const tablesPerValue = new Map<string, Set<string>>();
  for (const v of values) {
    const set = tablesPerValue.get(v.value.toLowerCase()) ?? new Set();
    set.add(tableKey({ schema: v.schema, name: v.table }));
    tablesPerValue.set(v.value.toLowerCase(), set);
  }
  const bestValue = new Map<string, number>();
  for (const v of values) {
    const e = index.byKey.get(tableKey({ schema: v.schema, name: v.table }));
    if (!e) continue;
    const r = entry(e);
    const column = e.table.columns.find((c) => c.name === v.column);
    if (column) r.columns.add(column);
    const k = tablesPerValue.get(v.value.toLowerCase())!.size;
    const strength = weight.value * v.score * Math.log(1 + (n - k + 0.5) / (k + 0.5));
    if (strength > (bestValue.get(e.key) ?? 0)) bestValue.set(e.key, strength);
    const reason = `value "${v.value}" in ${v.column}`;
    if (!r.reasons.includes(reason)) r.reasons.push(reason);
  }
  for (const [key, strength] of bestValue) ranked.get(key)!.score += strength;

  for (const [key, similarity] of meaning) {
    const e = index.byKey.get(key);
    if (!e || similarity < 0.5) continue;
    const r = entry(e);
    r.score += 2 * similarity;
    r.reasons.push(`similar in meaning (${similarity.toFixed(2)})`);
  }

  return [...ranked.values()].sort((a, b) => b.score - a.score || a.entry.key.localeCompare(b.entry.key));
}
