import { isEnglishWord, isKindOf, singular, verbBase } from '../../text/index.ts';
import { genericNameWords, lemma } from '../lexicon.ts';
import type { IndexedTable } from '../schema-index.ts';
import type { Token } from '../tokenize.ts';
import {
  type ColumnCandidate,
  type MentionItem,
  nextMention,
  pick,
  precededByVerb,
  previousMention,
  head,
  inPlay,
  type Reading,
  use,
} from './reading.ts';

/** Groups, comparisons, patterns, periods, order, limits, distinct and negation, each from its cue. */
export function readStructure(r: Reading): void {
  for (let i = 0; i < r.items.length; i++) {
    const item = r.items[i]!;
    if (item.kind !== 'cue' || item.used) continue;
    const cue = item.cue;
    switch (cue.type) {
      case 'group': {
        if (r.tokens[item.start]?.lower === 'by' && precededByVerb(r, item.start)) {
          item.used = true; // "written by": who did it, not a grouping
          break;
        }
        const ranking =
          r.tokens[item.start]?.lower === 'by' &&
          r.items.slice(0, i).some((x) => x.kind === 'cue' && (x.cue.type === 'top' || x.cue.type === 'extreme'));
        const figure = r.items[i + 1];
        if (ranking && figure?.kind === 'cue' && figure.cue.type === 'aggregate' && figure.used) {
          item.used = true; // "top 5 customers by number of orders": ranks by the figure, does not group
          break;
        }
        const rankedBy = ranking ? nextMention(r, i + 1, 1) : null;
        const rankColumn = rankedBy ? pick(r, rankedBy, 'column', (c) => c.column.numeric || c.column.temporal) : null;
        if (rankedBy && rankColumn && rankColumn.score >= 0.6) {
          item.used = true; // "top 3 products by price": ranks, does not group
          use(r, rankedBy, rankColumn, 'order');
          r.orderColumn = rankColumn.column;
          r.direction ??= 'desc';
          break;
        }
        const bucket = r.items[i + 1];
        if (bucket?.kind === 'cue' && bucket.cue.type === 'bucket') {
          item.used = bucket.used = true;
          r.frame.groups.push({ kind: 'bucket', unit: bucket.cue.unit, column: null });
          break;
        }
        const found = nextMention(r, i + 1, 1);
        if (!found) {
          const unit = r.tokens[item.end]?.lemma;
          if (
            unit &&
            ['day', 'week', 'month', 'quarter', 'year'].includes(unit) &&
            !r.items.some((x) => x.kind === 'mention' && x.start === item.end)
          ) {
            item.used = true;
            r.frame.groups.push({ kind: 'bucket', unit: unit as 'month', column: null });
            r.usedTokens.add(item.end);
          }
          break;
        }
        const target = head(r, found);
        if (target !== found) use(r, found, pick(r, found, 'table') ?? found.mention.candidates[0]!, 'scope');
        const column = pick(r, target, 'column');
        const table = pick(r, target, 'table');
        const playing = inPlay(r);
        item.used = true;
        const columnInPlay = column && playing.has(column.column.table) && column.score >= 0.75;
        if (table && table.score >= 0.75 && !columnInPlay && (!column || table.score >= column.score)) {
          use(r, target, table, 'group');
          r.frame.groups.push({ kind: 'entity', table: table.table });
        } else if (column && column.score >= 0.5) {
          use(r, target, column, 'group');
          r.frame.groups.push({ kind: 'column', column: column.column });
        } else if (table) {
          use(r, target, table, 'group');
          r.frame.groups.push({ kind: 'entity', table: table.table });
        } else item.used = false;
        break;
      }
      case 'bucket':
        item.used = true;
        r.frame.groups.push({ kind: 'bucket', unit: cue.unit, column: null });
        break;
      case 'compare':
      case 'between': {
        const before = previousMention(r, i - 1, 2);
        // "more than 5 orders": only a name right after the number is what is counted or compared.
        const following = nextMention(r, i + 1, 1);
        const after = following && following.start === item.end ? following : null;
        const afterTable = after ? pick(r, after, 'table') : null;
        const afterColumn = after ? pick(r, after, 'column') : null;
        if (
          cue.type === 'compare' &&
          afterTable &&
          afterTable.score >= 0.7 &&
          (!afterColumn?.column.numeric || afterTable.score > afterColumn.score)
        ) {
          item.used = true;
          use(r, after!, afterTable, 'having');
          r.frame.filters.push({ kind: 'countCompare', table: afterTable.table, op: cue.op, value: cue.value });
          break;
        }
        // A number is never compared with a key ("parties with two or more records" is not party_id >= 2).
        const comparable = (item: MentionItem, c: ColumnCandidate) =>
          c.column.numeric && (!c.column.identifier || /\b(ids?|numbers?|codes?)\b/i.test(item.mention.text));
        const numericAfter = afterColumn && comparable(after!, afterColumn) ? afterColumn : null;
        // "more than one festivals": a plural noun right after the number is what is counted, never the column before.
        const counted = r.tokens[item.end];
        const countsThings =
          !numericAfter &&
          counted?.kind === 'word' &&
          counted.lemma !== counted.lower &&
          isEnglishWord(counted.lemma, 'noun') &&
          !isUnit(counted.lemma);
        if (countsThings) {
          if (cue.type === 'compare' && afterTable && afterTable.score >= 0.5) {
            item.used = true;
            use(r, after!, afterTable, 'having');
            r.frame.filters.push({ kind: 'countCompare', table: afterTable.table, op: cue.op, value: cue.value });
          }
          break;
        }
        const beforeColumn = before ? pick(r, before, 'column', (c) => comparable(before, c)) : null;
        const target = numericAfter
          ? { item: after!, c: numericAfter }
          : beforeColumn
            ? { item: before!, c: beforeColumn }
            : null;
        if (!target) break;
        item.used = true;
        if (!target.item.used) use(r, target.item, target.c, 'filter');
        r.frame.filters.push(
          cue.type === 'compare'
            ? { kind: 'compare', column: target.c.column, op: cue.op, value: cue.value }
            : { kind: 'between', column: target.c.column, low: cue.low, high: cue.high },
        );
        r.filterAt.set(r.frame.filters[r.frame.filters.length - 1]!, item.start);
        break;
      }
      case 'noop':
        item.used = true;
        break;
      case 'anchor':
        item.used = true;
        r.frame.anchored = true;
        break;
      case 'like': {
        let at = item.end;
        for (const next of r.items.slice(i + 1)) {
          if (next.kind !== 'cue' || next.cue.type !== 'noop' || next.start !== at) break;
          next.used = true;
          at = next.end;
        }
        // "contain the word you", "with the string 'ez'": the words naming the pattern are not the pattern.
        const naming = ['word', 'words', 'string', 'phrase', 'text', 'letter', 'letters', 'term'];
        let k = at;
        while (['the', 'a', 'an'].includes(r.tokens[k]?.lower ?? '') && r.tokens[k]?.kind === 'word') k++;
        if (naming.includes(r.tokens[k]?.lower ?? '') && r.tokens[k + 1] !== undefined)
          while (at <= k) r.usedTokens.add(at++);
        const token = r.tokens[at];
        if (!token || (token.kind !== 'quoted' && token.kind !== 'word' && token.kind !== 'number')) break;
        const before = previousMention(r, i - 1, 3);
        const column = before ? pick(r, before, 'column', (c) => c.column.textual) : null;
        const table = before ? pick(r, before, 'table') : null;
        item.used = true;
        r.usedTokens.add(token.index);
        const patternItem = r.items.find((x) => x.kind === 'mention' && x.start === token.index);
        if (patternItem) patternItem.used = true;
        if (column && (!table || column.score >= table.score)) {
          if (!before!.used) use(r, before!, column, 'filter');
          r.frame.filters.push({
            kind: 'contains',
            column: column.column,
            pattern: token.text,
            mode: cue.mode,
            negated: false,
          });
        } else
          r.frame.filters.push({ kind: 'contains', column: null, pattern: token.text, mode: cue.mode, negated: false });
        r.filterAt.set(r.frame.filters[r.frame.filters.length - 1]!, item.start);
        break;
      }
      case 'period':
        item.used = true;
        r.frame.filters.push({
          kind: 'period',
          column: null,
          period: cue.period,
          at: item.start,
          verb: verbBefore(r.tokens, item.start),
        });
        break;
      case 'orderBy':
      case 'direction': {
        item.used = true;
        if (cue.type === 'direction') r.direction = cue.direction;
        // "ordered descending by their total points": the "by" names the sort key, it does not group.
        const by = r.items[i + 1];
        const sortBy = by?.kind === 'cue' && by.cue.type === 'group' && r.tokens[by.start]?.lower === 'by';
        if (sortBy) by.used = true;
        const target = nextMention(r, i + (sortBy ? 2 : 1), 2);
        const column = target ? pick(r, target, 'column') : null;
        if (target && column && column.score >= 0.6) {
          use(r, target, column, 'order');
          r.orderColumn = column.column;
        } else if (target?.mention.text.split(' ').every((w) => genericNameWords.has(lemma(w.toLowerCase()))))
          r.orderGeneric = target;
        break;
      }
      case 'alphabetical':
        item.used = true;
        r.frame.order = { by: { kind: 'label' }, direction: 'asc' };
        break;
      case 'top':
        item.used = true;
        r.frame.limit = cue.n;
        break;
      case 'distinct':
        item.used = true;
        r.frame.distinct = true;
        break;
      case 'everything':
        item.used = true;
        r.everything = true;
        break;
      case 'negation': {
        const target = nextMention(r, i + 1, 2);
        const value = target ? pick(r, target, 'value') : null;
        const table = target ? pick(r, target, 'table') : null;
        // "products never ordered": the verb names the event table whose rows are absent.
        const event = (!table || table.score < 0.7) && !value ? eventTableOfVerb(r, item.end) : null;
        if (event) {
          item.used = true;
          r.usedTokens.add(item.end);
          // The verb is read; the rows found absent may be those of a table linking both (order lines).
          if (target && target.start === item.end) target.used = true;
          r.frame.filters.push({ kind: 'absent', table: event });
          break;
        }
        if (!target) break;
        if (table && (!value || table.score >= value.score)) {
          item.used = true;
          use(r, target, table, 'absent');
          r.frame.filters.push({ kind: 'absent', table: table.table });
        } else if (value?.column) {
          item.used = true;
          use(r, target, value, 'exclude');
          r.frame.filters.push({ kind: 'equals', column: value.column, values: [value.value], negated: true });
        }
        break;
      }
      default:
        break;
    }
  }
}

/** Particles that end a phrasal verb ("signed up in 2024"): the verb is the word before them. */
const particles = new Set(['up', 'out', 'in', 'on', 'off', 'down', 'over', 'back']);

/** The word right before a period, past any particle: the verb that may name its date column. */
function verbBefore(tokens: Token[], at: number): string {
  let k = at - 1;
  while (k > 0 && particles.has(tokens[k]!.lower)) k--;
  return tokens[k]?.lower ?? '';
}

/** The table an inflected verb names ("ordered" → orders): the one whose name is the verb's base, fewest words first. */
function eventTableOfVerb(r: Reading, at: number): IndexedTable | null {
  const word = r.tokens[at];
  if (word?.kind !== 'word') return null;
  const base = verbBase(word.lower);
  if (base === word.lower) return null;
  const named = r.tables.filter((t) => t.forms.some((f) => f[0] === base || f[0] === singular(base)));
  return (
    named.sort((a, b) => Math.min(...a.forms.map((f) => f.length)) - Math.min(...b.forms.map((f) => f.length)))[0] ??
    null
  );
}

/** "30 years", "100 dollars": a unit of measure or time after a number, not a thing counted. */
function isUnit(word: string): boolean {
  return word === 'year' || isKindOf(word, 'unit_of_measurement') || isKindOf(word, 'time_unit');
}
