import { related } from './lexicon.ts';
import type { Candidate, Mention } from './link.ts';
import type { Filter, Frame, Measure } from './frame.ts';
import { isNumericMeasure, type IndexedColumn, type IndexedTable } from './schema-index.ts';
import type { Token } from './tokenize.ts';
import type { Cue, CueMatch } from './understand.ts';

type Item =
  | { kind: 'cue'; cue: Cue; start: number; end: number; used: boolean }
  | { kind: 'mention'; mention: Mention; start: number; end: number; used: boolean; pick: Candidate };

type TableCandidate = Extract<Candidate, { kind: 'table' }>;
type ColumnCandidate = Extract<Candidate, { kind: 'column' }>;
type ValueCandidate = Extract<Candidate, { kind: 'value' }>;

/** Turns the cues and linked mentions of a question into an intent frame. */
export function interpret(tokens: Token[], cues: CueMatch[], mentions: Mention[]): Interpretation {
  const items = buildItems(cues, mentions);
  const tokenUsed = new Set<number>();
  const relatedTables: IndexedTable[] = [];
  let pendingDirection: 'asc' | 'desc' | undefined;
  const frame: Frame = { subject: null, measures: [], groups: [], filters: [], projections: [], order: null, limit: null, distinct: false, loose: [], used: [] };
  const mentionItems = () => items.filter((i): i is Extract<Item, { kind: 'mention' }> => i.kind === 'mention');
  const use = (item: Extract<Item, { kind: 'mention' }>, candidate: Candidate, role: string) => {
    item.used = true;
    item.pick = candidate;
    frame.used.push({ text: item.mention.text, candidate, role });
  };
  const nextMention = (from: number, maxGap = 2) => {
    for (let k = from; k < items.length && k <= from + maxGap; k++) {
      const item = items[k]!;
      if (item.kind === 'mention') return item.used ? null : item;
      if (item.kind === 'cue' && !['distinct', 'aggregate'].includes(item.cue.type)) return null;
    }
    return null;
  };
  const previousMention = (from: number, maxGap = 2) => {
    for (let k = from; k >= 0 && k >= from - maxGap; k--) {
      const item = items[k]!;
      if (item.kind === 'mention') return item;
    }
    return null;
  };
  const precededByVerb = (start: number) => /(ed|en)$/.test(tokens[start - 1]?.lower ?? '') && !['red', 'ten', 'seven'].includes(tokens[start - 1]?.lower ?? '');

  // Pass 1: measures and extremes (they claim the mentions right after them).
  let extreme: { direction: 'asc' | 'desc'; measureIndex: number | null; column: IndexedColumn | null; hint: string[]; explicit: boolean; at: number } | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind !== 'cue') continue;
    const cue = item.cue;
    if (cue.type === 'aggregate') {
      const fn = cue.fn;
      // "total number of": the count wins, "total" only says so.
      if (fn === 'sum' && items[i + 1]?.kind === 'cue' && (items[i + 1] as { cue: Cue }).cue.type === 'aggregate') {
        item.used = true;
        continue;
      }
      const target = nextMention(i + 1);
      if (!target) continue;
      const distinct = items.slice(i + 1, items.indexOf(target)).some((x) => x.kind === 'cue' && x.cue.type === 'distinct');
      const measure = measureFor(fn, target.mention, frame.measures.length > 0);
      if (!measure) continue;
      item.used = true;
      use(target, measure.candidate, `${fn}`);
      if (distinct) frame.distinct = false;
      frame.measures.push({ ...measure.measure, ...(distinct ? { distinct: true } : {}) } as Measure);
      i = items.indexOf(target);
    } else if (cue.type === 'extreme') {
      item.used = true;
      extreme = { direction: cue.direction, measureIndex: null, column: null, hint: cue.hint, explicit: cue.explicit, at: i };
      const nextItem = items[i + 1];
      if (nextItem?.kind === 'cue' && nextItem.cue.type === 'aggregate') {
        // "highest number of X" / "most total revenue": the extreme orders by the measure that follows.
        extreme.measureIndex = frame.measures.length;
        continue;
      }
      const target = nextMention(i + 1, 1);
      if (target) {
        const column = bestOf(target.mention, 'column');
        const table = bestOf(target.mention, 'table');
        if (column && (column.column.numeric || column.column.temporal) && column.score >= 0.6 && (!table || column.score >= table.score - 0.1)) {
          use(target, column, 'order');
          if (cue.explicit) frame.measures.push({ fn: cue.direction === 'desc' ? 'max' : 'min', column: column.column });
          else extreme.column = column.column;
        } else if (table && table.score >= 0.7 && !cue.explicit) {
          // "the most publications": order by how many rows of that table.
          use(target, table, 'count');
          extreme.measureIndex = frame.measures.length;
          frame.measures.push({ fn: 'count', table: table.table });
        }
      }
    }
  }
  const explicitExtreme = extreme?.explicit ?? false;

  // Pass 2: groups, filters, order, limits.
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
        const bucket = items[i + 1];
        if (bucket?.kind === 'cue' && bucket.cue.type === 'bucket') {
          item.used = bucket.used = true;
          frame.groups.push({ kind: 'bucket', unit: bucket.cue.unit, column: null });
          break;
        }
        const target = nextMention(i + 1, 1);
        if (!target) {
          const unit = tokens[item.end]?.lemma;
          if (unit && ['day', 'week', 'month', 'quarter', 'year'].includes(unit)) {
            item.used = true;
            frame.groups.push({ kind: 'bucket', unit: unit as 'month', column: null });
            tokenUsed.add(item.end);
          }
          break;
        }
        // "top 5 states by total revenue": `by` introduces what ranks them; the measure takes it.
        const column = bestOf(target.mention, 'column');
        const table = bestOf(target.mention, 'table');
        item.used = true;
        if (column && table && table.score >= column.score && table.score >= 0.75) {
          use(target, table, 'group');
          frame.groups.push({ kind: 'entity', table: table.table });
        } else if (column && column.score >= 0.5) {
          use(target, column, 'group');
          frame.groups.push({ kind: 'column', column: column.column });
        } else if (table) {
          use(target, table, 'group');
          frame.groups.push({ kind: 'entity', table: table.table });
        }
        break;
      }
      case 'bucket':
        item.used = true;
        frame.groups.push({ kind: 'bucket', unit: cue.unit, column: null });
        break;
      case 'compare':
      case 'between': {
        const before = previousMention(i - 1, 2);
        const after = nextMention(i + 1, 1);
        const afterTable = after ? bestOf(after.mention, 'table') : null;
        const afterColumn = after ? bestOf(after.mention, 'column') : null;
        if (cue.type === 'compare' && afterTable && afterTable.score >= 0.7 && (!afterColumn || !afterColumn.column.numeric || afterTable.score > afterColumn.score)) {
          item.used = true;
          use(after!, afterTable, 'having');
          frame.filters.push({ kind: 'countCompare', table: afterTable.table, op: cue.op, value: cue.value });
          break;
        }
        const numericAfter = afterColumn && afterColumn.column.numeric ? afterColumn : null;
        const beforeColumn = before ? bestOf(before.mention, 'column', (c) => c.column.numeric) : null;
        const target = numericAfter ? { item: after!, c: numericAfter } : beforeColumn ? { item: before!, c: beforeColumn } : null;
        if (!target) break;
        item.used = true;
        if (!target.item.used || target.item.pick.kind !== 'column' || target.item.pick.column !== target.c.column) use(target.item, target.c, 'filter');
        frame.filters.push(
          cue.type === 'compare'
            ? { kind: 'compare', column: target.c.column, op: cue.op, value: cue.value }
            : { kind: 'between', column: target.c.column, low: cue.low, high: cue.high },
        );
        break;
      }
      case 'like': {
        const token = tokens[item.end];
        if (!token || (token.kind !== 'quoted' && token.kind !== 'word' && token.kind !== 'number')) break;
        const before = previousMention(i - 1, 3);
        const column = before ? bestOf(before.mention, 'column', (c) => c.column.textual) : null;
        const table = before ? bestOf(before.mention, 'table') : null;
        item.used = true;
        tokenUsed.add(token.index);
        const patternItem = items.find((x) => x.kind === 'mention' && x.start === token.index);
        if (patternItem) patternItem.used = true;
        if (column && (!table || column.score >= table.score)) {
          if (!before!.used) use(before!, column, 'filter');
          frame.filters.push({ kind: 'contains', column: column.column, pattern: token.text, mode: cue.mode, negated: false });
        } else frame.filters.push({ kind: 'contains', column: null, pattern: token.text, mode: cue.mode, negated: false });
        break;
      }
      case 'period':
        item.used = true;
        frame.filters.push({ kind: 'period', column: null, period: cue.period });
        break;
      case 'orderBy': {
        const target = nextMention(i + 1, 2);
        item.used = true;
        if (target) {
          const column = bestOf(target.mention, 'column');
          if (column) {
            use(target, column, 'order');
            frame.order = { by: { kind: 'column', column: column.column }, direction: frame.order?.direction ?? 'asc' };
          }
        } else if (frame.measures.length > 0) frame.order = { by: { kind: 'measure', index: 0 }, direction: frame.order?.direction ?? 'desc' };
        break;
      }
      case 'direction':
        item.used = true;
        frame.order = frame.order ? { ...frame.order, direction: cue.direction } : null;
        pendingDirection = cue.direction;
        break;
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
      case 'negation': {
        const target = nextMention(i + 1, 2);
        if (!target) break;
        const value = bestOf(target.mention, 'value');
        const table = bestOf(target.mention, 'table');
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
      case 'or':
        break;
      default:
        break;
    }
  }

  // Values: each unclaimed value mention becomes a filter; "A or B" on one column becomes IN.
  const mentionsLeft = mentionItems().filter((m) => !m.used);
  for (const item of mentionsLeft) {
    const value = bestOf(item.mention, 'value');
    const top = item.pick;
    if (!value || (top.kind !== 'value' && top.score > value.score + 0.05)) continue;
    let column = value.column;
    if (!column) {
      // A quoted value no index knows: put it on the text column named just before it ("the domain "X"").
      const before = items[items.indexOf(item) - 1];
      const anchor = before?.kind === 'mention' ? before : null;
      const anchorColumn = anchor ? bestOf(anchor.mention, 'column', (c) => c.column.textual) : null;
      const anchorTable = anchor ? bestOf(anchor.mention, 'table') : null;
      if (anchorColumn && (!anchorTable || anchorColumn.score >= anchorTable.score)) column = anchorColumn.column;
      else if (anchorTable && anchorTable.table.labelColumns.length === 1) column = anchorTable.table.labelColumns[0]!;
      if (!column) continue;
      if (anchor && !anchor.used) use(anchor, anchorColumn && column === anchorColumn.column ? anchorColumn : anchorTable!, 'value column');
      use(item, value, 'value');
      frame.filters.push({ kind: 'contains', column, pattern: value.value, mode: 'equals', negated: false });
      continue;
    }
    use(item, value, 'value');
    const same = frame.filters.find((f): f is Extract<Filter, { kind: 'equals' }> => f.kind === 'equals' && f.column === column && !f.negated);
    if (same) same.values.push(value.value);
    else frame.filters.push({ kind: 'equals', column, values: [value.value], negated: false });
    // "the city of San Francisco": the column named beside a value is that value's column.
    for (const neighbour of [items[items.indexOf(item) - 1], items[items.indexOf(item) + 1]]) {
      if (neighbour?.kind !== 'mention' || neighbour.used) continue;
      const c = bestOf(neighbour.mention, 'column');
      const t = bestOf(neighbour.mention, 'table');
      if (c && c.column === column) use(neighbour, c, 'value column');
      else if (t && t.table === column.table && neighbour.mention.candidates[0]?.kind === 'table' && isLabel(column)) use(neighbour, t, 'value table');
    }
  }

  // The subject: the first table named and not yet claimed; else the table of the first column named.
  const remaining = mentionItems().filter((m) => !m.used);
  const subjectItem = remaining.find((m) => {
    const t = bestOf(m.mention, 'table');
    const c = bestOf(m.mention, 'column');
    return t && t.score >= 0.7 && (!c || t.score >= c.score - 0.05);
  });
  if (subjectItem) {
    const t = bestOf(subjectItem.mention, 'table')!;
    use(subjectItem, t, 'subject');
    frame.subject = t.table;
  }
  // Other table mentions restate the subject or scope a measure ("rating of restaurants").
  for (const m of mentionItems().filter((x) => !x.used)) {
    const t = bestOf(m.mention, 'table');
    const c = bestOf(m.mention, 'column');
    if (t && t.score >= 0.7 && (!c || t.score >= c.score)) {
      const relevant =
        t.table === frame.subject ||
        frame.measures.some((ms) => ('table' in ms ? ms.table : ms.column.table) === t.table) ||
        frame.filters.some((f) => 'column' in f && f.column?.table === t.table) ||
        frame.groups.some((g) => (g.kind === 'column' ? g.column.table : g.kind === 'entity' ? g.table : null) === t.table);
      if (relevant) use(m, t, 'scope');
      else {
        use(m, t, 'related');
        frame.loose.push(`"${m.mention.text}" (table ${t.table.name}) adds rows without a clear role`);
        relatedTables.push(t.table);
      }
    }
  }
  // Columns left over are what the question wants to see.
  for (const m of mentionItems().filter((x) => !x.used)) {
    const c = bestOf(m.mention, 'column', undefined, preferTables(frame));
    if (c && c.score >= 0.5) {
      use(m, c, 'show');
      frame.projections.push(c.column);
    }
  }

  // Extremes become an order (and a limit of one for a singular "the X with the highest Y").
  if (extreme && !explicitExtreme) {
    const direction = extreme.direction;
    if (extreme.measureIndex !== null && frame.measures[extreme.measureIndex]) frame.order = { by: { kind: 'measure', index: extreme.measureIndex }, direction };
    else if (extreme.column) frame.order = { by: { kind: 'column', column: extreme.column }, direction };
    else if (frame.measures.length > 0) frame.order = { by: { kind: 'measure', index: frame.measures.length - 1 }, direction };
    else if (extreme.hint.length > 0 && frame.subject) {
      const hinted = frame.subject.columns.find((c) => (c.numeric || c.temporal) && c.forms.some((f) => f.some((w) => extreme!.hint.some((h) => related(h, w)))));
      if (hinted) frame.order = { by: { kind: 'column', column: hinted }, direction };
    }
    if (!frame.order) frame.loose.push('a superlative with nothing to rank by');
    if (frame.limit === null && frame.order && singularAfterExtreme(tokens, items, extreme.at)) frame.limit = 1;
  }
  if (pendingDirection && frame.order) frame.order.direction = pendingDirection;
  else if (pendingDirection && !frame.order) {
    if (frame.measures.length > 0) frame.order = { by: { kind: 'measure', index: frame.measures.length - 1 }, direction: pendingDirection };
  }
  if (frame.limit !== null && !frame.order && frame.measures.length > 0) frame.order = { by: { kind: 'measure', index: frame.measures.length - 1 }, direction: 'desc' };

  for (const item of items) {
    if (item.kind === 'cue' && !item.used && item.cue.type !== 'or') frame.loose.push(`could not apply "${tokens.slice(item.start, item.end).map((t) => t.text).join(' ')}"`);
    if (item.kind === 'cue' && item.used) for (let k = item.start; k < item.end; k++) tokenUsed.add(k);
    if (item.kind === 'mention' && item.used) for (let k = item.start; k < item.end; k++) tokenUsed.add(k);
    if (item.kind === 'mention' && !item.used && item.mention.candidates[0]!.score >= 0.7) frame.loose.push(`"${item.mention.text}" has no clear role`);
  }
  return { frame, usedTokens: tokenUsed, relatedTables };
}

export interface Interpretation {
  frame: Frame;
  /** Tokens some part of the frame rests on. */
  usedTokens: Set<number>;
  /** Tables named with no clear role: joined in only as context. */
  relatedTables: IndexedTable[];
}

function buildItems(cues: CueMatch[], mentions: Mention[]): Item[] {
  const items: Item[] = [
    ...cues.map((c) => ({ kind: 'cue' as const, cue: c.cue, start: c.start, end: c.end, used: false })),
    ...mentions.map((m) => ({ kind: 'mention' as const, mention: m, start: m.start, end: m.end, used: false, pick: m.candidates[0]! })),
  ];
  return items.sort((a, b) => a.start - b.start);
}

function bestOf(mention: Mention, kind: 'table', accept?: (c: TableCandidate) => boolean): TableCandidate | null;
function bestOf(mention: Mention, kind: 'column', accept?: (c: ColumnCandidate) => boolean, prefer?: Set<IndexedTable>): ColumnCandidate | null;
function bestOf(mention: Mention, kind: 'value', accept?: (c: ValueCandidate) => boolean): ValueCandidate | null;
function bestOf(mention: Mention, kind: Candidate['kind'], accept?: (c: never) => boolean, prefer?: Set<IndexedTable>): Candidate | null {
  let best: Candidate | null = null;
  let bestScore = -1;
  for (const c of mention.candidates) {
    if (c.kind !== kind || (accept && !accept(c as never))) continue;
    const bonus = prefer && c.kind === 'column' && prefer.has(c.column.table) ? 0.15 : 0;
    if (c.score + bonus > bestScore) (best = c), (bestScore = c.score + bonus);
  }
  return best;
}

function preferTables(frame: Frame): Set<IndexedTable> {
  const set = new Set<IndexedTable>();
  if (frame.subject) set.add(frame.subject);
  for (const m of frame.measures) set.add('table' in m ? m.table : m.column.table);
  for (const f of frame.filters) if ('column' in f && f.column) set.add(f.column.table);
  return set;
}

function measureFor(fn: Measure['fn'], mention: Mention, _hasOther: boolean): { measure: Measure; candidate: Candidate } | null {
  const table = bestOf(mention, 'table');
  const column = bestOf(mention, 'column');
  if (fn === 'count') {
    if (table && (!column || table.score >= column.score - 0.1)) return { measure: { fn: 'count', table: table.table }, candidate: table };
    if (column && column.column.numeric && column.column.forms.some((f) => f.includes('number') || f.includes('count')))
      // "number of citations" where a citation_num column holds it: the column is the figure.
      return { measure: { fn: 'sum', column: column.column }, candidate: column };
    if (column) return { measure: { fn: 'count', column: column.column, distinct: true }, candidate: column };
    return null;
  }
  if (column && isNumericMeasure(column.column)) return { measure: { fn, column: column.column }, candidate: column };
  if (column && column.column.numeric && column.score >= 0.8) return { measure: { fn, column: column.column }, candidate: column };
  return null;
}

function isLabel(column: IndexedColumn): boolean {
  return column.table.labelColumns.includes(column) || column.table.keyColumns.includes(column);
}

/** "the city with the highest population" asks for one row; "cities with the highest…" for a ranking. */
function singularAfterExtreme(tokens: Token[], items: Item[], at: number): boolean {
  const before = items.slice(0, at).filter((x): x is Extract<Item, { kind: 'mention' }> => x.kind === 'mention');
  const subject = before.find((m) => m.pick.kind === 'table' || m.pick.kind === 'column');
  const question = tokens.map((t) => t.lower);
  if (question.includes('ordered') || question.includes('sorted') || question.includes('order')) return false;
  if (subject) {
    const last = tokens[subject.end - 1]!;
    return last.lemma === last.lower && !/s$/.test(last.lower);
  }
  const first = question[0];
  const verb = question[1];
  if ((first === 'which' || first === 'what' || first === 'who') && (verb === 'is' || verb === 'was' || verb === 'has' || verb === 'had')) return true;
  return false;
}
