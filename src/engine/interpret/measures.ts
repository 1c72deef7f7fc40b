import { isEnglishWord } from '../../text/index.ts';
import type { Measure } from '../frame.ts';
import { lemma } from '../lexicon.ts';
import { type Candidate, nameScore } from '../link.ts';
import { type IndexedColumn, type IndexedTable, isNumericMeasure } from '../schema-index.ts';
import type { Token } from '../tokenize.ts';
import {
  type ColumnCandidate,
  type CueItem,
  head,
  holds,
  type MentionItem,
  nextMention,
  pick,
  qualified,
  quantityWords,
  type Reading,
  use,
  wordBefore,
} from './reading.ts';

/** Words before "the maximum X" that make it a ranking of rows rather than an aggregate. */
const rankingVerbs = new Set(['with', 'has', 'have', 'having', 'had', 'whose']);

/** Measures and extremes claim the mentions right after them ("how many orders", "the highest price"). */
export function readMeasures(r: Reading): void {
  let countsRowsOfNext: CueItem | null = null;
  for (let i = 0; i < r.items.length; i++) {
    const item = r.items[i]!;
    if (item.kind !== 'cue') continue;
    const cue = item.cue;
    if (cue.type === 'aggregate') {
      const following = r.items[i + 1];
      if (cue.fn === 'count' && r.tokens[item.end - 1]?.lower === 'and') {
        countsRowsOfNext = item;
        continue;
      }
      if (cue.fn === 'sum' && following?.kind === 'cue' && following.cue.type === 'aggregate') {
        item.used = true; // "total number of": the count says it all
        continue;
      }
      const named = qualified(r, nextMention(r, i + 1));
      if (!named) continue;
      // "how many movie ratings": two tables named back to back count the last (the head noun); the first only qualifies it.
      const compound = head(r, named);
      const target =
        cue.fn === 'count' &&
        compound !== named &&
        named.mention.candidates[0]?.kind === 'table' &&
        singularWord(r.tokens[named.end - 1]!) &&
        compound.mention.candidates[0]?.kind === 'table' &&
        compound.mention.candidates[0].score >= 0.9 &&
        refersTo(compound.mention.candidates[0].table, named.mention.candidates[0].table)
          ? compound
          : named;
      if (target !== named) use(r, named, named.mention.candidates[0]!, 'qualifier');
      // "how many distinct X", and "the distinct number of X".
      const before = r.items[i - 1];
      const distinct =
        r.items.slice(i + 1, r.items.indexOf(target)).some((x) => x.kind === 'cue' && x.cue.type === 'distinct') ||
        (before?.kind === 'cue' && before.cue.type === 'distinct' && before.end === item.start && cue.fn === 'count');
      if (distinct && before?.kind === 'cue' && before.cue.type === 'distinct') before.used = true;
      // "total amount" where a total_amount column exists: the cue word is part of the name.
      const cueWords = r.tokens.slice(item.start, item.end).map((t) => t.lemma);
      target.mention.candidates = target.mention.candidates.map((c) => {
        if (c.kind !== 'column') return c;
        const words = [...cueWords, ...target.mention.text.toLowerCase().split(' ').map(lemma)].filter(
          (w) => !['of', 'the', 'number'].includes(w),
        );
        const joined = nameScore(words, c.column.forms, c.column.commentWords);
        return joined > c.score ? { ...c, score: joined } : c;
      });
      // "ordered by their total points", "the highest total points": the cue word is part of a column's name
      // (total_points), so the words name that column to sort on, not a SUM.
      const namedWithCue = target.mention.candidates.find(
        (c): c is ColumnCandidate =>
          c.kind === 'column' && c.column.numeric && cueWords.every((w) => c.column.forms.some((f) => f.includes(w))),
      );
      const ranked = r.items[i - 1];
      if (cue.fn === 'sum' && namedWithCue && orderedBy(r.tokens, item.start)) {
        item.used = true;
        r.namedCues.add(item.start);
        continue;
      }
      if (
        cue.fn === 'sum' &&
        namedWithCue &&
        ranked?.kind === 'cue' &&
        ranked.cue.type === 'extreme' &&
        r.extreme?.at === i - 1
      ) {
        item.used = true;
        r.namedCues.add(item.start);
        r.extreme.measureIndex = null;
        r.extreme.column = namedWithCue.column;
        use(r, target, namedWithCue, 'order');
        i = r.items.indexOf(target);
        continue;
      }
      // "how many active products": a yes/no column read with its table's name counts the rows where it holds.
      const flag = pick(r, target, 'column');
      if (cue.fn === 'count' && flag && flag.score >= 0.8 && flag.column.info.family === 'boolean') {
        item.used = true;
        holds(r, target, flag);
        r.frame.measures.push({ fn: 'count', table: flag.column.table });
        i = r.items.indexOf(target);
        continue;
      }
      const measure = measureFor(r, cue.fn, target, distinct);
      if (!measure) continue;
      item.used = true;
      // "average number of citations" over a column that holds the number: the count cue is part of the name.
      if (
        following?.kind === 'cue' &&
        following.cue.type === 'aggregate' &&
        following.cue.fn === 'count' &&
        'column' in measure.measure &&
        isFigure(measure.measure.column)
      )
        following.used = true;
      use(r, target, measure.candidate, cue.fn);
      const full = { ...measure.measure, ...(distinct ? { distinct: true } : {}) } as Measure;
      const existing = r.frame.measures.findIndex((m) => sameMeasure(m, full));
      if (existing < 0) r.frame.measures.push(full);
      if (r.extreme && r.extreme.measureIndex === r.frame.measures.length - (existing < 0 ? 1 : 0) && existing >= 0)
        r.extreme.measureIndex = existing;
      i = r.items.indexOf(target);
      if ('column' in measure.measure) i = sameAggregateOver(r, i, measure.measure.fn);
    } else if (cue.type === 'extreme') {
      item.used = true;
      const word = r.tokens[item.start]!.lower;
      r.extreme = { direction: cue.direction, measureIndex: null, column: null, hint: cue.hint, at: i, table: null };
      const following = r.items[i + 1];
      if (following?.kind === 'cue' && following.cue.type === 'aggregate') {
        r.extreme.measureIndex = r.frame.measures.length; // "highest number of X": ranks by the measure that follows
        continue;
      }
      // "the most tournament competitions": a value before the thing counted qualifies it.
      const target = quantityWords.has(word) ? qualified(r, nextMention(r, i + 1, 1)) : nextMention(r, i + 1, 1);
      if (!target) continue;
      const column = pick(r, target, 'column');
      const table = pick(r, target, 'table');
      // "the flight with the maximum price" ranks flights; "the maximum price of each film" is MAX(price).
      const aggregate = cue.explicit && !rankingVerbs.has(wordBefore(r.tokens, item.start));
      if (
        column &&
        (column.column.numeric || column.column.temporal) &&
        column.score >= 0.6 &&
        (!table || column.score >= table.score - 0.1)
      ) {
        use(r, target, column, aggregate ? (cue.direction === 'desc' ? 'max' : 'min') : 'order');
        if (aggregate) {
          r.frame.measures.push({ fn: cue.direction === 'desc' ? 'max' : 'min', column: column.column });
          r.extreme = null;
          i = sameAggregateOver(r, r.items.indexOf(target), cue.direction === 'desc' ? 'max' : 'min');
        } else r.extreme.column = column.column;
      } else if (table && table.score >= 0.7 && !cue.explicit) {
        if (quantityWords.has(word) && item.end - item.start === 1) {
          use(r, target, table, 'count');
          r.extreme.measureIndex = r.frame.measures.length;
          r.frame.measures.push({ fn: 'count', table: table.table });
        } else r.extreme.table = table.table; // "the longest rivers": ranks rivers by a column the word implies
      }
    }
  }
  // "the number and average age of students": count the rows the figure after it is taken over.
  const over = r.frame.measures.find((m) => 'column' in m && m.column);
  if (countsRowsOfNext && over && 'column' in over) {
    countsRowsOfNext.used = true;
    r.frame.measures.unshift({ fn: 'count', table: over.column.table });
    if (r.extreme?.measureIndex != null) r.extreme.measureIndex++;
  }
}

/**
 * "the average price and score": the same aggregate over each figure listed right after the one at
 * item `at`; returns the index of the last item read.
 */
function sameAggregateOver(r: Reading, at: number, fn: Measure['fn']): number {
  let i = at;
  const first = r.frame.measures.at(-1);
  const table0 = first && 'column' in first ? first.column.table : null;
  for (
    let next = r.items[i + 1];
    next?.kind === 'mention' &&
    !next.used &&
    ['and', ','].includes(r.tokens[next.start - 1]?.lower ?? '') &&
    next.start === r.items[i]!.end + 1;
    next = r.items[i + 1]
  ) {
    // Only figures of the same rows: another table's would be counted once per joined row.
    const more = pick(r, next, 'column', (c) => c.column.numeric && !c.column.identifier && c.column.table === table0);
    const table = pick(r, next, 'table');
    if (!more || more.score < 0.6 || (table && table.score > more.score)) break;
    use(r, next, more, fn);
    r.frame.measures.push({ fn, column: more.column });
    i++;
  }
  return i;
}

/** "sorted by the total …", "in order of their total …": the words before `at` ask for a sort key. */
function orderedBy(tokens: Token[], at: number): boolean {
  let k = at - 1;
  while (['the', 'their', 'its', 'his', 'her'].includes(tokens[k]?.lower ?? '')) k--;
  const word = tokens[k]?.lower;
  return (
    word === 'by' || (word === 'of' && /^(order|ordered|sorted|sort|ranked|rank)$/.test(tokens[k - 1]?.lower ?? ''))
  );
}

/** The rows of `from` each belong to a row of `to` (a foreign key from one to the other). */
function refersTo(from: IndexedTable, to: IndexedTable): boolean {
  return from.info.foreignKeys.some((fk) => fk.referencedTable === to.name && fk.referencedSchema === to.schema);
}

/** Words with a role noun's ending that still name an amount. */
const quantityNouns = new Set(['number', 'counter', 'total', 'amount', 'quantity', 'count', 'sum']);

/** A numeric column named by a role (advisor, manager): it says who, not how many. */
function namesThings(column: IndexedColumn): boolean {
  const last =
    column.name
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter(Boolean)
      .at(-1) ?? '';
  // Role nouns (advisor, manager, owner): the column says who, so "how many advisors" counts them.
  return !quantityNouns.has(last) && singularNoun(last) && /(or|er|ist|ant|ee)$/.test(last);
}

/** A modifier noun stays singular ("movie ratings"); "students play games" is not a compound. */
function singularWord(token: Token): boolean {
  return token.lemma === token.lower;
}

function singularNoun(word: string): boolean {
  return lemma(word) === word && isEnglishWord(word, 'noun');
}

function isFigure(column: IndexedColumn): boolean {
  return column.numeric && column.forms.some((f) => f.includes('number') || f.includes('count'));
}

function sameMeasure(a: Measure, b: Measure): boolean {
  if (('term' in a && a.term) || ('term' in b && b.term)) return 'term' in a && 'term' in b && a.term === b.term;
  return a.fn === b.fn && ('table' in a ? 'table' in b && a.table === b.table : 'column' in b && a.column === b.column);
}

function measureFor(
  r: Reading,
  fn: Measure['fn'],
  target: MentionItem,
  distinct = false,
): { measure: Measure; candidate: Candidate } | null {
  const table = pick(r, target, 'table');
  const column = pick(r, target, 'column');
  // "how many different ages": distinct values are counted, never added up.
  if (fn === 'count' && distinct && column && column.score >= 0.6 && (!table || column.score > table.score))
    return { measure: { fn: 'count', column: column.column, distinct: true }, candidate: column };
  if (fn === 'count') {
    if (table && (!column || table.score >= column.score - 0.1)) {
      // A table that keeps a count per row (visits per day): its rows are tallies, so they are added up.
      const tally = table.table.columns.find((c) => c.numeric && ['count', 'cnt'].includes(c.name.toLowerCase()));
      if (tally) return { measure: { fn: 'sum', column: tally }, candidate: table };
      return { measure: { fn: 'count', table: table.table }, candidate: table };
    }
    if (
      column?.column.numeric &&
      column.score >= 0.6 &&
      column.column.forms.some((f) => f.includes('number') || f.includes('count'))
    )
      // "number of citations" where a citation_num column holds it: the column is the figure.
      return { measure: { fn: 'sum', column: column.column, figure: true }, candidate: column };
    if (column && column.score >= 0.7 && isNumericMeasure(column.column) && namesThings(column.column))
      // "how many advisors" over an advisor column: a column named for one thing per row holds which one, so they are counted.
      return { measure: { fn: 'count', column: column.column, distinct: true }, candidate: column };
    if (column && column.score >= 0.7 && isNumericMeasure(column.column))
      // "the total number of points", "how many beds": a column of amounts is added up, not counted.
      return { measure: { fn: 'sum', column: column.column, figure: true }, candidate: column };
    if (column && column.score >= 0.7)
      return { measure: { fn: 'count', column: column.column, distinct: true }, candidate: column };
    return null;
  }
  if (column && column.score >= 0.6 && isNumericMeasure(column.column))
    return { measure: { fn, column: column.column }, candidate: column };
  if (column?.column.numeric && column.score >= 0.8)
    return { measure: { fn, column: column.column }, candidate: column };
  return null;
}
