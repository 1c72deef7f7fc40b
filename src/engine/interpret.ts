import { isEnglishWord } from '../text/index.ts';
import { genericNameWords, lemma, related } from './lexicon.ts';
import { type Candidate, candidateTable, type Mention, nameScore, wordMatch } from './link.ts';
import type { Filter, Frame, Measure } from './frame.ts';
import { isNumericMeasure, type IndexedColumn, type IndexedTable } from './schema-index.ts';
import type { Token } from './tokenize.ts';
import { type Cue, type CueMatch, isSoftWord } from './understand.ts';

type CueItem = { kind: 'cue'; cue: Cue; start: number; end: number; used: boolean };
type MentionItem = { kind: 'mention'; mention: Mention; start: number; end: number; used: boolean; near: Set<IndexedTable> };
type Item = CueItem | MentionItem;

type TableCandidate = Extract<Candidate, { kind: 'table' }>;
type ColumnCandidate = Extract<Candidate, { kind: 'column' }>;
type ValueCandidate = Extract<Candidate, { kind: 'value' }>;

export interface Interpretation {
  frame: Frame;
  /** Tokens some part of the frame rests on. */
  usedTokens: Set<number>;
}

/** Words before "the maximum X" that make it a ranking of rows rather than an aggregate. */
const rankingVerbs = new Set(['with', 'has', 'have', 'having', 'had', 'whose']);

/** The word before position `at`, past an article. */
function wordBefore(tokens: Token[], at: number): string {
  let k = at - 1;
  if (['the', 'a', 'an'].includes(tokens[k]?.lower ?? '')) k--;
  return tokens[k]?.lower ?? '';
}

/** Superlatives about quantity ("the most orders") rank by a count; others ("the longest river") by a column. */
const quantityWords = new Set(['most', 'fewest', 'least']);
/** Words that introduce the rows a question asks for. */
const askingWords = new Set(['which', 'what', 'who', 'list', 'show', 'return', 'give', 'display', 'find', 'get', 'name']);
const beVerbs = new Set(['is', 'are', 'was', 'were', "what's"]);

/** Turns the cues and linked mentions of a question into an intent frame. */
export function interpret(tokens: Token[], cues: CueMatch[], mentions: Mention[]): Interpretation {
  const items = buildItems(cues, mentions);
  const usedTokens = new Set<number>();
  const filterAt = new Map<Filter, number>();
  const valueEnd = new Map<Filter, number>();
  const frame: Frame = { subject: null, asked: false, listed: false, measures: [], groups: [], filters: [], projections: [], order: null, ratio: null, limit: null, distinct: false, anchored: false, loose: [], blocked: [], used: [] };
  const mentionItems = () => items.filter((i): i is MentionItem => i.kind === 'mention');

  const inPlay = () => {
    const set = new Set<IndexedTable>();
    if (frame.subject) set.add(frame.subject);
    for (const m of frame.measures) set.add('table' in m ? m.table : m.column.table);
    for (const g of frame.groups) if (g.kind !== 'bucket') set.add(g.kind === 'column' ? g.column.table : g.table);
    for (const f of frame.filters) if ('column' in f && f.column) set.add(f.column.table);
    for (const u of frame.used) if (u.candidate.kind === 'table') set.add(u.candidate.table);
    return set;
  };
  function pick(item: MentionItem, kind: 'table', accept?: (c: TableCandidate) => boolean): TableCandidate | null;
  function pick(item: MentionItem, kind: 'column', accept?: (c: ColumnCandidate) => boolean): ColumnCandidate | null;
  function pick(item: MentionItem, kind: 'value', accept?: (c: ValueCandidate) => boolean): ValueCandidate | null;
  function pick(item: MentionItem, kind: Candidate['kind'], accept?: (c: never) => boolean): Candidate | null {
    const playing = inPlay();
    let best: Candidate | null = null;
    let bestScore = -1;
    for (const c of item.mention.candidates) {
      if (c.kind !== kind || (accept && !accept(c as never))) continue;
      const table = candidateTable(c);
      const bonus = table ? (item.near.has(table) ? 0.15 : 0) + (playing.has(table) ? 0.1 : 0) : 0;
      if (c.score + bonus > bestScore) (best = c), (bestScore = c.score + bonus);
    }
    return best;
  }
  const use = (item: MentionItem, candidate: Candidate, role: string) => {
    item.used = true;
    frame.used.push({ text: item.mention.text, start: item.start, candidate, role });
  };
  const nextMention = (from: number, maxGap = 2): MentionItem | null => {
    for (let k = from; k < items.length && k <= from + maxGap; k++) {
      const item = items[k]!;
      if (item.kind === 'mention') return item.used ? null : item;
      if (item.kind === 'cue' && !['distinct', 'aggregate'].includes(item.cue.type)) return null;
    }
    return null;
  };
  const previousMention = (from: number, maxGap = 2): MentionItem | null => {
    for (let k = from; k >= 0 && k >= from - maxGap; k--) {
      const item = items[k]!;
      if (item.kind === 'mention') return item;
    }
    return null;
  };
  /** A noun compound ("business category") is about its last noun. */
  const head = (item: MentionItem): MentionItem => {
    const after = items[items.indexOf(item) + 1];
    return after?.kind === 'mention' && !after.used && after.start === item.end ? after : item;
  };
  /** "failed payments": a stored value right before the thing it qualifies is a filter on it, not what is counted. */
  const qualified = (item: MentionItem | null): MentionItem | null => {
    if (!item || item.mention.candidates[0]?.kind !== 'value') return item;
    const after = items[items.indexOf(item) + 1];
    const names = after?.kind === 'mention' && !after.used && after.start === item.end && after.mention.candidates[0]?.kind !== 'value';
    return names ? after : item;
  };
  const precededByVerb = (start: number) => /(ed|en)$/.test(tokens[start - 1]?.lower ?? '');

  // Pass 0: business terms people defined; each becomes what its kind says.
  readTerms(items, frame, use);

  // Pass 1: measures and extremes claim the mentions right after them.
  let extreme: { direction: 'asc' | 'desc'; measureIndex: number | null; column: IndexedColumn | null; hint: string[]; at: number; table: IndexedTable | null } | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind !== 'cue') continue;
    const cue = item.cue;
    if (cue.type === 'aggregate') {
      const following = items[i + 1];
      if (cue.fn === 'sum' && following?.kind === 'cue' && following.cue.type === 'aggregate') {
        item.used = true; // "total number of": the count says it all
        continue;
      }
      const target = qualified(nextMention(i + 1));
      if (!target) continue;
      const distinct = items.slice(i + 1, items.indexOf(target)).some((x) => x.kind === 'cue' && x.cue.type === 'distinct');
      // "total amount" where a total_amount column exists: the cue word is part of the name.
      const cueWords = tokens.slice(item.start, item.end).map((t) => t.lemma);
      target.mention.candidates = target.mention.candidates.map((c) => {
        if (c.kind !== 'column') return c;
        const words = [...cueWords, ...target.mention.text.toLowerCase().split(' ').map(lemma)].filter((w) => !['of', 'the', 'number'].includes(w));
        const joined = nameScore(words, c.column.forms, c.column.commentWords);
        return joined > c.score ? { ...c, score: joined } : c;
      });
      const measure = measureFor(cue.fn, target, pick, distinct);
      if (!measure) continue;
      item.used = true;
      // "average number of citations" over a column that holds the number: the count cue is part of the name.
      if (following?.kind === 'cue' && following.cue.type === 'aggregate' && following.cue.fn === 'count' && 'column' in measure.measure && isFigure(measure.measure.column))
        following.used = true;
      use(target, measure.candidate, cue.fn);
      const full = { ...measure.measure, ...(distinct ? { distinct: true } : {}) } as Measure;
      const existing = frame.measures.findIndex((m) => sameMeasure(m, full));
      if (existing < 0) frame.measures.push(full);
      if (extreme && extreme.measureIndex === frame.measures.length - (existing < 0 ? 1 : 0) && existing >= 0) extreme.measureIndex = existing;
      i = items.indexOf(target);
    } else if (cue.type === 'extreme') {
      item.used = true;
      const word = tokens[item.start]!.lower;
      extreme = { direction: cue.direction, measureIndex: null, column: null, hint: cue.hint, at: i, table: null };
      const following = items[i + 1];
      if (following?.kind === 'cue' && following.cue.type === 'aggregate') {
        extreme.measureIndex = frame.measures.length; // "highest number of X": ranks by the measure that follows
        continue;
      }
      // "the most tournament competitions": a value before the thing counted qualifies it.
      const target = quantityWords.has(word) ? qualified(nextMention(i + 1, 1)) : nextMention(i + 1, 1);
      if (!target) continue;
      const column = pick(target, 'column');
      const table = pick(target, 'table');
      // "the flight with the maximum price" ranks flights; "the maximum price of each film" is MAX(price).
      const aggregate = cue.explicit && !rankingVerbs.has(wordBefore(tokens, item.start));
      if (column && (column.column.numeric || column.column.temporal) && column.score >= 0.6 && (!table || column.score >= table.score - 0.1)) {
        use(target, column, aggregate ? cue.direction === 'desc' ? 'max' : 'min' : 'order');
        if (aggregate) {
          frame.measures.push({ fn: cue.direction === 'desc' ? 'max' : 'min', column: column.column });
          extreme = null;
        } else extreme.column = column.column;
      } else if (table && table.score >= 0.7 && !cue.explicit) {
        if (quantityWords.has(word) && item.end - item.start === 1) {
          use(target, table, 'count');
          extreme.measureIndex = frame.measures.length;
          frame.measures.push({ fn: 'count', table: table.table });
        } else extreme.table = table.table; // "the longest rivers": ranks rivers by a column the word implies
      }
    }
  }

  // Pass 2: groups, filters, order, limits.
  let everything = false;
  let direction: 'asc' | 'desc' | undefined;
  let orderColumn: IndexedColumn | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind !== 'cue' || item.used) continue;
    const cue = item.cue;
    switch (cue.type) {
      case 'group': {
        if (tokens[item.start]?.lower === 'by' && precededByVerb(item.start)) {
          item.used = true; // "written by": who did it, not a grouping
          break;
        }
        const ranking = tokens[item.start]?.lower === 'by' && items.slice(0, i).some((x) => x.kind === 'cue' && (x.cue.type === 'top' || x.cue.type === 'extreme'));
        const rankedBy = ranking ? nextMention(i + 1, 1) : null;
        const rankColumn = rankedBy ? pick(rankedBy, 'column', (c) => c.column.numeric || c.column.temporal) : null;
        if (rankedBy && rankColumn && rankColumn.score >= 0.6) {
          item.used = true; // "top 3 products by price": ranks, does not group
          use(rankedBy, rankColumn, 'order');
          orderColumn = rankColumn.column;
          direction ??= 'desc';
          break;
        }
        const bucket = items[i + 1];
        if (bucket?.kind === 'cue' && bucket.cue.type === 'bucket') {
          item.used = bucket.used = true;
          frame.groups.push({ kind: 'bucket', unit: bucket.cue.unit, column: null });
          break;
        }
        const found = nextMention(i + 1, 1);
        if (!found) {
          const unit = tokens[item.end]?.lemma;
          if (unit && ['day', 'week', 'month', 'quarter', 'year'].includes(unit) && !items.some((x) => x.kind === 'mention' && x.start === item.end)) {
            item.used = true;
            frame.groups.push({ kind: 'bucket', unit: unit as 'month', column: null });
            usedTokens.add(item.end);
          }
          break;
        }
        const target = head(found);
        if (target !== found) use(found, pick(found, 'table') ?? found.mention.candidates[0]!, 'scope');
        const column = pick(target, 'column');
        const table = pick(target, 'table');
        const playing = inPlay();
        item.used = true;
        const columnInPlay = column && playing.has(column.column.table) && column.score >= 0.75;
        if (table && table.score >= 0.75 && !columnInPlay && (!column || table.score >= column.score)) {
          use(target, table, 'group');
          frame.groups.push({ kind: 'entity', table: table.table });
        } else if (column && column.score >= 0.5) {
          use(target, column, 'group');
          frame.groups.push({ kind: 'column', column: column.column });
        } else if (table) {
          use(target, table, 'group');
          frame.groups.push({ kind: 'entity', table: table.table });
        } else item.used = false;
        break;
      }
      case 'bucket':
        item.used = true;
        frame.groups.push({ kind: 'bucket', unit: cue.unit, column: null });
        break;
      case 'compare':
      case 'between': {
        const before = previousMention(i - 1, 2);
        // "more than 5 orders": only a name right after the number is what is counted or compared.
        const following = nextMention(i + 1, 1);
        const after = following && following.start === item.end ? following : null;
        const afterTable = after ? pick(after, 'table') : null;
        const afterColumn = after ? pick(after, 'column') : null;
        if (cue.type === 'compare' && afterTable && afterTable.score >= 0.7 && (!afterColumn || !afterColumn.column.numeric || afterTable.score > afterColumn.score)) {
          item.used = true;
          use(after!, afterTable, 'having');
          frame.filters.push({ kind: 'countCompare', table: afterTable.table, op: cue.op, value: cue.value });
          break;
        }
        // A number is never compared with a key ("parties with two or more records" is not party_id >= 2).
        const comparable = (item: MentionItem, c: ColumnCandidate) => c.column.numeric && (!c.column.identifier || /\b(ids?|numbers?|codes?)\b/i.test(item.mention.text));
        const numericAfter = afterColumn && comparable(after!, afterColumn) ? afterColumn : null;
        const beforeColumn = before ? pick(before, 'column', (c) => comparable(before, c)) : null;
        const target = numericAfter ? { item: after!, c: numericAfter } : beforeColumn ? { item: before!, c: beforeColumn } : null;
        if (!target) break;
        item.used = true;
        if (!target.item.used) use(target.item, target.c, 'filter');
        frame.filters.push(
          cue.type === 'compare'
            ? { kind: 'compare', column: target.c.column, op: cue.op, value: cue.value }
            : { kind: 'between', column: target.c.column, low: cue.low, high: cue.high },
        );
        filterAt.set(frame.filters[frame.filters.length - 1]!, item.start);
        break;
      }
      case 'noop':
        item.used = true;
        break;
      case 'anchor':
        item.used = true;
        frame.anchored = true;
        break;
      case 'like': {
        let at = item.end;
        for (const next of items.slice(i + 1)) {
          if (next.kind !== 'cue' || next.cue.type !== 'noop' || next.start !== at) break;
          next.used = true;
          at = next.end;
        }
        const token = tokens[at];
        if (!token || (token.kind !== 'quoted' && token.kind !== 'word' && token.kind !== 'number')) break;
        const before = previousMention(i - 1, 3);
        const column = before ? pick(before, 'column', (c) => c.column.textual) : null;
        const table = before ? pick(before, 'table') : null;
        item.used = true;
        usedTokens.add(token.index);
        const patternItem = items.find((x) => x.kind === 'mention' && x.start === token.index);
        if (patternItem) patternItem.used = true;
        if (column && (!table || column.score >= table.score)) {
          if (!before!.used) use(before!, column, 'filter');
          frame.filters.push({ kind: 'contains', column: column.column, pattern: token.text, mode: cue.mode, negated: false });
        } else frame.filters.push({ kind: 'contains', column: null, pattern: token.text, mode: cue.mode, negated: false });
        filterAt.set(frame.filters[frame.filters.length - 1]!, item.start);
        break;
      }
      case 'period':
        item.used = true;
        frame.filters.push({ kind: 'period', column: null, period: cue.period, at: item.start, verb: verbBefore(tokens, item.start) });
        break;
      case 'orderBy':
      case 'direction': {
        item.used = true;
        if (cue.type === 'direction') direction = cue.direction;
        const target = nextMention(i + 1, 2);
        const column = target ? pick(target, 'column') : null;
        if (target && column && column.score >= 0.6) {
          use(target, column, 'order');
          orderColumn = column.column;
        }
        break;
      }
      case 'alphabetical':
        item.used = true;
        frame.order = { by: { kind: 'label' }, direction: 'asc' };
        break;
      case 'top':
        item.used = true;
        frame.limit = cue.n;
        break;
      case 'distinct':
        item.used = true;
        frame.distinct = true;
        break;
      case 'everything':
        item.used = true;
        everything = true;
        break;
      case 'negation': {
        const target = nextMention(i + 1, 2);
        if (!target) break;
        const value = pick(target, 'value');
        const table = pick(target, 'table');
        if (table && (!value || table.score >= value.score)) {
          item.used = true;
          use(target, table, 'absent');
          frame.filters.push({ kind: 'absent', table: table.table });
        } else if (value && value.column) {
          item.used = true;
          use(target, value, 'exclude');
          frame.filters.push({ kind: 'equals', column: value.column, values: [value.value], negated: true });
        }
        break;
      }
      default:
        break;
    }
  }

  // "student 1004", "order 42": a number right after a table's name is the key of one row.
  for (const item of mentionItems()) {
    const number = tokens[item.end];
    if (number?.kind !== 'number' || number.value === undefined || items.some((x) => x.kind === 'cue' && item.end >= x.start && item.end < x.end)) continue;
    const table = pick(item, 'table');
    const key = table && table.table.keyColumns.length === 1 ? table.table.keyColumns[0]! : null;
    if (!table || !key?.numeric || table.score < 0.8 || items.some((x) => x.kind === 'mention' && x.start === item.end)) continue;
    if (!item.used) use(item, table, 'scope');
    frame.filters.push({ kind: 'compare', column: key, op: '=', value: number.value });
    filterAt.set(frame.filters[frame.filters.length - 1]!, item.start);
    usedTokens.add(item.end);
  }

  // Values: each unclaimed value mention becomes a filter; "A or B" on one column becomes IN.
  for (const item of mentionItems()) {
    if (item.used) continue;
    const value = pick(item, 'value');
    const top = item.mention.candidates[0]!;
    if (!value || (top.kind !== 'value' && top.score > value.score + 0.05)) continue;
    const at = items.indexOf(item);
    let column = value.column;
    if (!column) {
      // A quoted value no index knows: put it on the text column named just before it ("the domain "X"").
      const anchor = previousMention(at - 1, 0);
      const anchorColumn = anchor ? pick(anchor, 'column', (c) => c.column.textual) : null;
      const anchorTable = anchor ? pick(anchor, 'table') : null;
      if (anchorColumn && (!anchorTable || anchorColumn.score >= anchorTable.score)) column = anchorColumn.column;
      else if (anchorTable && anchorTable.table.labelColumns.length === 1) column = anchorTable.table.labelColumns[0]!;
      if (!column) continue;
      if (anchor && !anchor.used) use(anchor, anchorColumn && column === anchorColumn.column ? anchorColumn : anchorTable!, 'value column');
      use(item, value, 'value');
      if (knownValues(column) && !knownValues(column)!.has(value.value.toLowerCase()))
        frame.loose.push(`"${value.value}" is not among the values of ${column.table.name}.${column.name}`);
      frame.filters.push({ kind: 'contains', column, pattern: value.value, mode: 'equals', negated: false });
      filterAt.set(frame.filters[frame.filters.length - 1]!, item.start);
      continue;
    }
    use(item, value, 'value');
    // "all London airports": a word of longer stored values ("London Luton") matches each of them.
    if (value.match === 'fuzzy' && /^\p{Lu}/u.test(item.mention.text) && partOfValue(item.mention.text, value.value)) {
      frame.used[frame.used.length - 1]!.candidate = { ...value, value: item.mention.text };
      frame.filters.push({ kind: 'contains', column, pattern: item.mention.text, mode: 'contains', negated: false });
      filterAt.set(frame.filters[frame.filters.length - 1]!, item.start);
      continue;
    }
    // "Berlin or Paris", "Berlin, Paris and Lyon": a list of values for one column.
    const same = frame.filters.find(
      (f): f is Extract<Filter, { kind: 'equals' }> =>
        f.kind === 'equals' && f.column === column && !f.negated && tokens.slice(valueEnd.get(f) ?? 0, item.start).every((t) => ['or', 'and', ',', 'nor'].includes(t.lower)),
    );
    if (same) same.values.push(value.value);
    else {
      frame.filters.push({ kind: 'equals', column, values: [value.value], negated: false });
      filterAt.set(frame.filters[frame.filters.length - 1]!, item.start);
    }
    valueEnd.set(same ?? frame.filters[frame.filters.length - 1]!, item.end);
    // "the city of San Francisco": the column named beside a value is that value's column.
    for (const neighbour of [items[at - 1], items[at + 1]]) {
      if (neighbour?.kind !== 'mention' || neighbour.used) continue;
      const c = pick(neighbour, 'column');
      if (c && c.column === column) use(neighbour, c, 'value column');
    }
  }

  // The subject: the first table named after an asking word, else the first table named and unclaimed.
  const tableMentions = mentionItems().filter((m) => {
    const t = pick(m, 'table');
    const c = pick(m, 'column');
    return !m.used && t && t.score >= 0.7 && (!c || t.score >= c.score - 0.05);
  });
  // A table already counted ("… ordered from most to least sales") is not what the rows are about.
  const counted = new Set(frame.measures.flatMap((m) => ('table' in m ? [m.table] : [])));
  for (const m of tableMentions.filter((x) => counted.has(pick(x, 'table')!.table) && frame.groups.length > 0)) use(m, pick(m, 'table')!, 'scope');
  tableMentions.splice(0, tableMentions.length, ...tableMentions.filter((x) => !x.used));
  const subjectItem = tableMentions[0];
  if (subjectItem) {
    const t = pick(subjectItem, 'table')!;
    use(subjectItem, t, 'subject');
    frame.subject = t.table;
    frame.asked = asksFor(tokens, subjectItem.start);
  } else if (extreme?.table) {
    frame.subject = extreme.table;
    frame.asked = true;
  }
  for (const m of tableMentions.slice(1)) {
    const t = pick(m, 'table')!;
    use(m, t, 'scope');
    // "states that border the state where…": a second, different row of the same table.
    const comparing = items.some((x) => x.kind === 'cue' && x.cue.type === 'ratio');
    if (t.table === frame.subject && m.start > subjectItem!.end + 1 && !comparing) frame.loose.push(`"${m.mention.text}" names ${t.table.name} a second time`);
  }
  // "all the information about the marketing department": every column of the rows asked about.
  if (everything && frame.subject && frame.measures.length === 0) {
    frame.projections.push(...frame.subject.columns);
    frame.listed = true;
  } else if (everything) frame.loose.push('"all the information" about something I could not list');
  // Columns left over are what the question wants to see.
  const generic: MentionItem[] = [];
  let firstShown: MentionItem | null = null;
  for (const m of mentionItems().filter((x) => !x.used)) {
    if (m.mention.text.split(' ').every((w) => genericNameWords.has(lemma(w.toLowerCase())))) {
      generic.push(m);
      continue;
    }
    const absent = new Set(frame.filters.flatMap((f) => (f.kind === 'absent' ? [f.table] : [])));
    const c = pick(m, 'column', (x) => !absent.has(x.column.table));
    // "students who live in…": a verb that only resembles a column name ("last name") is not asked to be shown.
    const word = tokens[m.start]!;
    const verbOnly = m.end - m.start === 1 && isSoftWord(word.lower) && (c?.score ?? 0) < 0.9 && !c?.column.forms.some((f) => f.some((w) => wordMatch(word.lower, w) >= 0.85));
    if (c && c.score >= 0.5 && !verbOnly) {
      use(m, c, 'show');
      frame.projections.push(c.column);
      firstShown ??= m;
    }
  }
  // "What are the names of the authors…": the rows listed are those of the first thing asked for.
  if (frame.measures.length === 0 && firstShown && subjectItem && firstShown.start < subjectItem.start && frame.projections[0]!.table !== frame.subject) {
    frame.subject = frame.projections[0]!.table;
    const demoted = frame.used.find((u) => u.role === 'subject');
    if (demoted) demoted.role = 'scope';
  }
  if (frame.measures.length === 0 && firstShown && (!subjectItem || firstShown.start < subjectItem.start)) frame.listed = true;
  // "the names and areas of the lakes": a bare "names" or "ids" is the label or key of the rows listed.
  for (const m of generic) {
    const entity = frame.groups.find((g) => g.kind === 'entity');
    const table = frame.subject ?? (entity?.kind === 'entity' ? entity.table : null) ?? frame.projections[0]?.table ?? null;
    if (!table) continue;
    const wantsKey = m.mention.text.toLowerCase().startsWith('id');
    // "the name of the country" where rows have no name column: the text column asked for is the name.
    const named = !wantsKey && table.labelColumns.length === 0 ? frame.projections.find((p) => p.textual) : undefined;
    if (named) {
      use(m, { kind: 'column', column: named, score: 0.8 }, 'show');
      continue;
    }
    const columns = wantsKey ? table.keyColumns : table.labelColumns.length > 0 ? table.labelColumns : table.keyColumns;
    if (columns.length === 0) continue;
    use(m, { kind: 'column', column: columns[0]!, score: 0.9 }, 'show');
    for (const c of columns) if (!frame.projections.includes(c)) frame.projections.push(c);
  }

  // "the id and name of the employee…": a bare "id" no column is named after is the key of the rows listed.
  const idAt = tokens.findIndex((t, k) => ['id', 'ids', 'identifier', 'identifiers'].includes(t.lower) && !items.some((x) => x.kind === 'mention' && k >= x.start && k < x.end));
  const keyed = frame.subject ?? frame.projections[0]?.table ?? null;
  if (idAt >= 0 && keyed && keyed.keyColumns.length > 0 && frame.measures.length === 0) {
    for (const c of keyed.keyColumns) if (!frame.projections.includes(c)) frame.projections.push(c);
    usedTokens.add(idAt);
  }

  // "the publications with the highest number of citations": a count column of the listed rows is read as is.
  frame.measures.forEach((m, k) => {
    if (!('column' in m) || !m.figure || frame.groups.length > 0 || !frame.asked || frame.subject !== m.column.table) return;
    frame.measures.splice(k, 1);
    if (extreme?.measureIndex === k) {
      extreme.measureIndex = null;
      extreme.column = m.column;
    } else frame.projections.push(m.column);
  });

  // "for each city, the highest latitude": a superlative over a column, per group, is its MAX (MIN) in each group.
  if (extreme?.column && frame.groups.length > 0 && frame.measures.length === 0) {
    frame.measures.push({ fn: extreme.direction === 'desc' ? 'max' : 'min', column: extreme.column });
    extreme = null;
  }
  // Extremes become an order (and a limit of one for a singular "the X with the highest Y").
  if (extreme) {
    const dir = extreme.direction;
    const measure = extreme.measureIndex !== null && frame.measures[extreme.measureIndex] ? extreme.measureIndex : null;
    if (measure !== null) frame.order = { by: { kind: 'measure', index: measure }, direction: dir };
    else if (extreme.column) frame.order = { by: { kind: 'column', column: extreme.column }, direction: dir };
    else if (frame.measures.length > 0 && !extreme.table) frame.order = { by: { kind: 'measure', index: frame.measures.length - 1 }, direction: dir };
    else {
      const subject = extreme.table ?? frame.subject;
      const measurable = subject?.columns.filter((c) => c.numeric && !c.identifier) ?? [];
      const hinted =
        subject?.columns.find((c) => (c.numeric || c.temporal) && !c.identifier && c.forms.some((f) => f.some((w) => extreme!.hint.some((h) => related(h, w))))) ??
        // "the highest mountains": a table with a single figure is ranked by it; "the most" is a quantity, never that figure.
        (measurable.length === 1 && extreme.hint.length === 0 && !quantityWords.has(tokens[items[extreme.at]!.start]!.lower) ? measurable[0] : undefined);
      const ordered = orderColumn && orderColumn.table === subject ? orderColumn : null;
      if (ordered ?? hinted) frame.order = { by: { kind: 'column', column: (ordered ?? hinted)! }, direction: dir };
    }
    if (!frame.order) frame.loose.push('a superlative with nothing to rank by');
    if (frame.limit === null && frame.order && singularSubject(tokens, items, extreme.at)) frame.limit = 1;
  }
  const topAsked = items.some((x) => x.kind === 'cue' && x.cue.type === 'top');
  if (orderColumn && !frame.order) frame.order = { by: { kind: 'column', column: orderColumn }, direction: direction ?? (topAsked ? 'desc' : 'asc') };
  if (direction && frame.order) frame.order.direction = direction;
  else if (direction && frame.measures.length > 0) frame.order = { by: { kind: 'measure', index: frame.measures.length - 1 }, direction };
  if (frame.limit !== null && !frame.order && frame.measures.length > 0) frame.order = { by: { kind: 'measure', index: frame.measures.length - 1 }, direction: 'desc' };

  // "starts with J or ends with 'ez'": conditions with an "or" between them hold together.
  const ors = items.filter((x) => x.kind === 'cue' && x.cue.type === 'or').map((x) => x.start);
  const placed = frame.filters.filter((f) => filterAt.has(f)).sort((a, b) => filterAt.get(a)! - filterAt.get(b)!);
  for (let k = placed.length - 1; k > 0; k--) {
    const [a, b] = [placed[k - 1]!, placed[k]!];
    if (!ors.some((o) => o > filterAt.get(a)! && o < filterAt.get(b)!)) continue;
    const merged: Filter = { kind: 'any', filters: [...(a.kind === 'any' ? a.filters : [a]), ...(b.kind === 'any' ? b.filters : [b])] };
    frame.filters = frame.filters.filter((f) => f !== a && f !== b);
    frame.filters.push(merged);
    filterAt.set(merged, filterAt.get(a)!);
    placed.splice(k - 1, 2, merged);
  }
  for (const o of ors) usedTokens.add(o);

  readRatio(tokens, items, frame, filterAt, usedTokens);

  // "give both the names and the population": "both" only lists columns.
  tokens.forEach((t, k) => {
    if (t.lower !== 'both') return;
    const next = items.find((x): x is MentionItem => x.kind === 'mention' && x.start > k);
    if (next && frame.used.some((u) => u.start === next.start && u.role === 'show')) usedTokens.add(k);
  });
  for (const item of items) {
    const text = tokens.slice(item.start, item.end).map((t) => t.text).join(' ');
    const unitAfter = item.kind === 'cue' && item.cue.type === 'group' && isSoftWord(tokens[item.end]?.lower ?? '');
    if (item.kind === 'cue' && item.cue.type === 'unsupported') frame.blocked.push(`"${text}" asks for ${item.cue.what}, which I cannot compute`);
    else if (item.kind === 'cue' && !item.used && item.cue.type !== 'or' && !unitAfter && !(item.cue.type === 'group' && tokens[item.start]!.lower === 'by'))
      frame.loose.push(`could not apply "${text}"`);
    if (item.used) for (let k = item.start; k < item.end; k++) usedTokens.add(k);
    if (item.kind === 'mention' && !item.used && item.mention.candidates[0]!.score >= 0.7) frame.loose.push(`"${text}" has no clear role`);
  }
  frame.blocked.push(...conflictingValues(tokens, frame));
  rankByTerm(frame);
  return { frame, usedTokens };
}

/**
 * Value conditions no single row can meet as read: "both Surgery and Psychiatry" asks for things
 * linked to each value (the rows of a set intersection), and two different values required of one
 * column at once match nothing.
 */
function conflictingValues(tokens: Token[], frame: Frame): string[] {
  const problems: string[] = [];
  const equals = frame.filters.filter((f): f is Extract<Filter, { kind: 'equals' }> => f.kind === 'equals' && !f.negated);
  const both = tokens.some((t) => t.lower === 'both');
  if (both && equals.some((f) => f.values.length > 1)) problems.push('"both" asks for things that have each of several values, which I cannot read');
  const columns = equals.map((f) => f.column);
  if (columns.some((c, k) => columns.indexOf(c) !== k)) problems.push('two different values are required of one column at once');
  return problems;
}

/** The phrase is one or more whole words of a longer stored value. */
function partOfValue(phrase: string, value: string): boolean {
  const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const asked = words(phrase);
  const stored = words(value);
  if (asked.length === 0 || stored.length <= asked.length) return false;
  return stored.some((_, k) => asked.every((w, j) => stored[k + j] === w));
}

type TermCandidate = Extract<Candidate, { kind: 'term' }>;

/**
 * Business terms: a measure is computed by its SQL ("total revenue" takes the cue with it), a
 * dimension groups, a filter bounds the rows ("how many failed payments" counts them, and so does
 * "failed payments by method"), an entity is another name for its table.
 */
function readTerms(items: Item[], frame: Frame, use: (item: MentionItem, candidate: Candidate, role: string) => void): void {
  const filters: TermCandidate[] = [];
  let counted = false;
  items.forEach((item, i) => {
    if (item.kind !== 'mention' || item.used) return;
    const c = item.mention.candidates[0];
    if (c?.kind !== 'term') return;
    const t = c.term;
    const before = items[i - 1];
    const cue = before?.kind === 'cue' && !before.used && before.end === item.start ? before : null;
    switch (t.term.kind) {
      case 'measure':
        use(item, c, 'measure');
        frame.measures.push({ fn: 'count', table: t.table, term: t });
        if (cue?.cue.type === 'aggregate' && (cue.cue.fn === 'sum' ? t.aggregates.some((f) => f === 'sum' || f === 'count') : t.aggregates.includes(cue.cue.fn))) cue.used = true;
        break;
      case 'dimension':
        if (!t.columns[0]) return;
        use(item, c, 'group');
        frame.groups.push({ kind: 'column', column: t.columns[0], term: t });
        if (cue?.cue.type === 'group') cue.used = true;
        break;
      case 'filter':
        use(item, c, 'filter');
        frame.filters.push({ kind: 'term', term: t, column: t.columns[0] ?? null });
        filters.push(c);
        if (cue?.cue.type === 'aggregate' && cue.cue.fn === 'count') {
          cue.used = true;
          counted = true;
          frame.measures.push({ fn: 'count', table: t.table });
        }
        break;
      case 'entity':
        // Read as its table by everything that follows; the link names the term.
        item.mention.candidates = [{ kind: 'table', table: t.table, score: c.score }, c, ...item.mention.candidates.slice(1)];
        break;
    }
  });
  // "failed payments by method": rows a term names, split into groups, are counted.
  const grouped = items.some((x) => x.kind === 'cue' && (x.cue.type === 'group' || x.cue.type === 'bucket'));
  const otherFigure = items.some((x) => x.kind === 'cue' && !x.used && (x.cue.type === 'aggregate' || x.cue.type === 'extreme' || x.cue.type === 'ratio'));
  if (!counted && filters.length > 0 && frame.measures.length === 0 && grouped && !otherFigure) frame.measures.push({ fn: 'count', table: filters[0]!.term.table });
}

/** "top 5 products by revenue": a term's figure over other rows ranks the rows asked about, one group each. */
function rankByTerm(frame: Frame): void {
  const term = frame.measures.find((m) => 'table' in m && m.term);
  if (!term || !frame.subject || frame.groups.length > 0 || frame.limit === null || !frame.order) return;
  if (frame.measures.some((m) => ('table' in m ? m.table : m.column.table) === frame.subject)) return;
  frame.groups.push({ kind: 'entity', table: frame.subject });
}

/** Particles that end a phrasal verb ("signed up in 2024"): the verb is the word before them. */
const particles = new Set(['up', 'out', 'in', 'on', 'off', 'down', 'over', 'back']);

/** The word right before a period, past any particle: the verb that may name its date column. */
function verbBefore(tokens: Token[], at: number): string {
  let k = at - 1;
  while (k > 0 && particles.has(tokens[k]!.lower)) k--;
  return tokens[k]?.lower ?? '';
}

function buildItems(cues: CueMatch[], mentions: Mention[]): Item[] {
  const items: Item[] = [
    ...cues.map((c) => ({ kind: 'cue' as const, cue: c.cue, start: c.start, end: c.end, used: false })),
    ...mentions.map((m) => ({ kind: 'mention' as const, mention: m, start: m.start, end: m.end, used: false, near: new Set<IndexedTable>() })),
  ].sort((a, b) => a.start - b.start);
  // Tables named within a few words of a mention say which table its column or value belongs to.
  for (const item of items) {
    if (item.kind !== 'mention') continue;
    for (const other of items) {
      if (other === item || other.kind !== 'mention') continue;
      const distance = other.start >= item.end ? other.start - item.end : item.start - other.end;
      const top = other.mention.candidates[0]!;
      if (distance <= 3 && top.kind === 'table' && top.score >= 0.8) item.near.add(top.table);
    }
  }
  return items;
}

const ratioConnectors = new Set(['that', 'which', 'who', 'with', 'are', 'were', 'is', 'was', 'have', 'has', 'had']);
const wholeWords = ['all', 'total', 'overall', 'whole', 'entire'];

/**
 * "the ratio of X with A to X with B", "what percentage of X are A (out of all X)": splits the
 * conditions into a numerator and a denominator; conditions on other columns bound both.
 */
function readRatio(tokens: Token[], items: Item[], frame: Frame, filterAt: Map<Filter, number>, usedTokens: Set<number>): void {
  const cueItem = items.find((x): x is CueItem => x.kind === 'cue' && x.cue.type === 'ratio');
  if (!cueItem || cueItem.cue.type !== 'ratio') return;
  const after = (f: Filter) => (filterAt.get(f) ?? -1) > cueItem.start;
  const toAt = tokens.findIndex((t, k) => k > cueItem.start && (t.lower === 'to' || (t.lower === 'out' && tokens[k + 1]?.lower === 'of')));
  const conditions = frame.filters.filter((f) => after(f) && f.kind !== 'period');
  let numerator: Filter[];
  let denominator: Filter[] | null;
  if (toAt > 0) {
    const first = conditions.filter((f) => filterAt.get(f)! < toAt);
    const second = conditions.filter((f) => filterAt.get(f)! > toAt);
    const columnsOf = (fs: Filter[]) => new Set(fs.flatMap((f) => ('column' in f && f.column ? [f.column] : f.kind === 'any' ? f.filters.flatMap((x) => ('column' in x && x.column ? [x.column] : [])) : [])));
    const firstColumns = columnsOf(first);
    numerator = first;
    const whole = tokens.slice(toAt, toAt + 5).some((t) => wholeWords.includes(t.lower));
    const matching = second.filter((f) => [...columnsOf([f])].some((c) => firstColumns.has(c)));
    if (!whole && matching.length === 0) return;
    denominator = whole ? null : matching;
    for (let k = toAt; k < toAt + 5 && k < tokens.length; k++) if (wholeWords.includes(tokens[k]!.lower) || ['to', 'out', 'of', 'the', 'number'].includes(tokens[k]!.lower)) usedTokens.add(k);
  } else {
    const connector = tokens.findIndex((t, k) => k > cueItem.start + 1 && ratioConnectors.has(t.lower));
    if (connector < 0) return;
    numerator = conditions.filter((f) => filterAt.get(f)! > connector);
    denominator = null;
    usedTokens.add(connector);
  }
  if (numerator.length === 0) return;
  cueItem.used = true;
  frame.filters = frame.filters.filter((f) => !numerator.includes(f) && !(denominator ?? []).includes(f));
  // "the ratio of the length of X to the length of Y" compares a figure, not how many rows.
  const figure = frame.used.find((u) => u.role === 'show' && u.candidate.kind === 'column' && u.candidate.column.numeric && u.start > cueItem.start && u.start <= cueItem.end + 2);
  const of = figure?.candidate.kind === 'column' ? figure.candidate.column : null;
  if (of) frame.projections = frame.projections.filter((c) => c !== of);
  if (of) for (const u of frame.used) if (u.role === 'show' && u.candidate.kind === 'column' && u.candidate.column === of) u.role = 'ratio';
  frame.ratio = { percent: cueItem.cue.percent, numerator, denominator, of };
}

/** Quantity nouns a singular column name may still hold an amount of. */
const quantityNouns = new Set(['amount', 'quantity', 'total', 'number', 'count', 'sum', 'population', 'capacity', 'size', 'volume', 'area', 'length', 'weight', 'height', 'budget', 'revenue', 'price', 'cost', 'salary', 'score', 'rating', 'age', 'duration', 'distance']);

/** A numeric column named by a role (advisor, manager): it says who, not how many. */
function namesThings(column: IndexedColumn): boolean {
  const last = column.name.toLowerCase().split(/[^a-z]+/).filter(Boolean).at(-1) ?? '';
  // Role nouns (advisor, manager, owner): the column says who, so "how many advisors" counts them.
  return !quantityNouns.has(last) && singularNoun(last) && /(or|er|ist|ant|ee)$/.test(last);
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

function isRelevant(frame: Frame, table: IndexedTable): boolean {
  return (
    table === frame.subject ||
    frame.measures.some((m) => ('table' in m ? m.table : m.column.table) === table) ||
    frame.filters.some((f) => ('column' in f && f.column?.table === table) || ('table' in f && f.table === table)) ||
    frame.groups.some((g) => (g.kind === 'column' ? g.column.table : g.kind === 'entity' ? g.table : null) === table)
  );
}

function knownValues(column: IndexedColumn): Set<string> | null {
  const profile = column.info.profile;
  if (column.info.enumValues) return new Set(column.info.enumValues.map((v) => v.toLowerCase()));
  if (!profile || column.info.strategy !== 'categorical' || profile.categories.length === 0) return null;
  return new Set(profile.categories.map((c) => c.value.toLowerCase()));
}

function measureFor(
  fn: Measure['fn'],
  target: MentionItem,
  pick: {
    (item: MentionItem, kind: 'table'): TableCandidate | null;
    (item: MentionItem, kind: 'column'): ColumnCandidate | null;
  },
  distinct = false,
): { measure: Measure; candidate: Candidate } | null {
  const table = pick(target, 'table');
  const column = pick(target, 'column');
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
    if (column && column.column.numeric && column.score >= 0.6 && column.column.forms.some((f) => f.includes('number') || f.includes('count')))
      // "number of citations" where a citation_num column holds it: the column is the figure.
      return { measure: { fn: 'sum', column: column.column, figure: true }, candidate: column };
    if (column && column.score >= 0.7 && isNumericMeasure(column.column) && namesThings(column.column))
      // "how many advisors" over an advisor column: a column named for one thing per row holds which one, so they are counted.
      return { measure: { fn: 'count', column: column.column, distinct: true }, candidate: column };
    if (column && column.score >= 0.7 && isNumericMeasure(column.column))
      // "the total number of points", "how many beds": a column of amounts is added up, not counted.
      return { measure: { fn: 'sum', column: column.column, figure: true }, candidate: column };
    if (column && column.score >= 0.7) return { measure: { fn: 'count', column: column.column, distinct: true }, candidate: column };
    return null;
  }
  if (column && column.score >= 0.6 && isNumericMeasure(column.column)) return { measure: { fn, column: column.column }, candidate: column };
  if (column && column.column.numeric && column.score >= 0.8) return { measure: { fn, column: column.column }, candidate: column };
  return null;
}

/** "Which authors…", "list the top 5 lakes…": the rows themselves are the answer. */
function asksFor(tokens: Token[], start: number): boolean {
  const skippable = new Set(['the', 'a', 'an', 'top', 'all', 'distinct', 'unique', 'different', 'me', 'of']);
  for (let k = start - 1; k >= 0 && k >= start - 5; k--) {
    const word = tokens[k]!.lower;
    if (askingWords.has(word)) return true;
    if (tokens[k]!.kind === 'number' || skippable.has(word) || beVerbs.has(word)) continue;
    return false;
  }
  return false;
}

/** "the city with the highest population" asks for one row; "cities with the highest…" for a ranking. */
function singularSubject(tokens: Token[], items: Item[], at: number): boolean {
  const question = tokens.map((t) => t.lower);
  if (question.includes('ordered') || question.includes('sorted') || question.includes('order')) return false;
  const before = items.slice(0, at).filter((x): x is MentionItem => x.kind === 'mention');
  const subject = before[0];
  if (subject) {
    const last = tokens[subject.end - 1]!;
    // Singular when its dictionary form is itself ("campus" is, "campuses" is not).
    return last.lemma === last.lower && (isEnglishWord(last.lower, 'noun') || !last.lower.endsWith('s'));
  }
  const first = question[0];
  const verb = question[1];
  return (first === 'which' || first === 'what' || first === 'who') && ['is', 'was', 'has', 'had'].includes(verb ?? '');
}
