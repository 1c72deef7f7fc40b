import type { Filter, Frame } from '../frame.ts';
import { type Candidate, candidateTable, type Mention } from '../link.ts';
import type { IndexedColumn, IndexedTable } from '../schema-index.ts';
import type { Token } from '../tokenize.ts';
import type { Cue, CueMatch } from '../understand.ts';

export type CueItem = { kind: 'cue'; cue: Cue; start: number; end: number; used: boolean };
export type MentionItem = {
  kind: 'mention';
  mention: Mention;
  start: number;
  end: number;
  used: boolean;
  near: Set<IndexedTable>;
};
export type Item = CueItem | MentionItem;

export type TableCandidate = Extract<Candidate, { kind: 'table' }>;
export type ColumnCandidate = Extract<Candidate, { kind: 'column' }>;
export type ValueCandidate = Extract<Candidate, { kind: 'value' }>;

/** A superlative read before the rows it ranks are known: what it ranks by is settled by the order phase. */
interface Extreme {
  direction: 'asc' | 'desc';
  measureIndex: number | null;
  column: IndexedColumn | null;
  hint: string[];
  /** Index of its cue among the items. */
  at: number;
  table: IndexedTable | null;
}

/**
 * The state the phases of interpretation share: the question's cues and mentions in word order
 * (each marked once some phase claims it), the frame being built, and what one phase leaves for a
 * later one.
 */
export interface Reading {
  tokens: Token[];
  items: Item[];
  frame: Frame;
  /** Tokens some part of the frame rests on. */
  usedTokens: Set<number>;
  /** Where in the question each filter was named (to join "or"s and split ratios). */
  filterAt: Map<Filter, number>;
  /** Where the last value of a value filter ends (to extend "Berlin or Paris" lists). */
  valueEnd: Map<Filter, number>;
  extreme: Extreme | null;
  /** "all the information about…": every column of the subject is shown. */
  everything: boolean;
  direction: 'asc' | 'desc' | undefined;
  orderColumn: IndexedColumn | null;
  /** "sorted by codes": a sort on a generic word, settled once the rows asked about are known. */
  orderGeneric: MentionItem | null;
  subjectItem: MentionItem | null;
  /** Every table of the database, for words no mention links (an inflected verb naming its event table). */
  tables: IndexedTable[];
  /** Where cues start whose words turned out to be part of a name ("total" in a total_points column). */
  namedCues: Set<number>;
}

export function startReading(
  tokens: Token[],
  cues: CueMatch[],
  mentions: Mention[],
  tables: IndexedTable[] = [],
): Reading {
  return {
    tokens,
    items: buildItems(cues, mentions),
    frame: {
      subject: null,
      asked: false,
      listed: false,
      measures: [],
      groups: [],
      filters: [],
      projections: [],
      order: null,
      ratio: null,
      limit: null,
      distinct: false,
      anchored: false,
      loose: [],
      blocked: [],
      used: [],
    },
    usedTokens: new Set(),
    filterAt: new Map(),
    valueEnd: new Map(),
    extreme: null,
    everything: false,
    direction: undefined,
    orderColumn: null,
    orderGeneric: null,
    subjectItem: null,
    tables,
    namedCues: new Set(),
  };
}

function buildItems(cues: CueMatch[], mentions: Mention[]): Item[] {
  const items: Item[] = [
    ...cues.map((c) => ({ kind: 'cue' as const, cue: c.cue, start: c.start, end: c.end, used: false })),
    ...mentions.map((m) => ({
      kind: 'mention' as const,
      mention: m,
      start: m.start,
      end: m.end,
      used: false,
      near: new Set<IndexedTable>(),
    })),
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

export const mentionItems = (r: Reading): MentionItem[] =>
  r.items.filter((i): i is MentionItem => i.kind === 'mention');

/** Tables the frame already rests on. */
export function inPlay(r: Reading): Set<IndexedTable> {
  const { frame } = r;
  const set = new Set<IndexedTable>();
  if (frame.subject) set.add(frame.subject);
  for (const m of frame.measures) set.add('table' in m ? m.table : m.column.table);
  for (const g of frame.groups) if (g.kind !== 'bucket') set.add(g.kind === 'column' ? g.column.table : g.table);
  for (const f of frame.filters) if ('column' in f && f.column) set.add(f.column.table);
  for (const u of frame.used) if (u.candidate.kind === 'table') set.add(u.candidate.table);
  return set;
}

/** The best candidate of a kind for a mention, favouring tables named nearby and tables already in play. */
export function pick(
  r: Reading,
  item: MentionItem,
  kind: 'table',
  accept?: (c: TableCandidate) => boolean,
): TableCandidate | null;
export function pick(
  r: Reading,
  item: MentionItem,
  kind: 'column',
  accept?: (c: ColumnCandidate) => boolean,
): ColumnCandidate | null;
export function pick(
  r: Reading,
  item: MentionItem,
  kind: 'value',
  accept?: (c: ValueCandidate) => boolean,
): ValueCandidate | null;
export function pick(
  r: Reading,
  item: MentionItem,
  kind: Candidate['kind'],
  accept?: (c: never) => boolean,
): Candidate | null {
  const playing = inPlay(r);
  let best: Candidate | null = null;
  let bestScore = -1;
  for (const c of item.mention.candidates) {
    if (c.kind !== kind || (accept && !accept(c as never))) continue;
    const table = candidateTable(c);
    const bonus = table ? (item.near.has(table) ? 0.15 : 0) + (playing.has(table) ? 0.1 : 0) : 0;
    if (c.score + bonus > bestScore) {
      best = c;
      bestScore = c.score + bonus;
    }
  }
  return best;
}

/** Claims a mention for the frame in a role. */
export function use(r: Reading, item: MentionItem, candidate: Candidate, role: string): void {
  item.used = true;
  r.frame.used.push({ text: item.mention.text, start: item.start, candidate, role });
}

/** The first unclaimed mention within `maxGap` items from `from`, past only distinct/aggregate cues. */
export function nextMention(r: Reading, from: number, maxGap = 2): MentionItem | null {
  for (let k = from; k < r.items.length && k <= from + maxGap; k++) {
    const item = r.items[k]!;
    if (item.kind === 'mention') return item.used ? null : item;
    if (item.kind === 'cue' && !['distinct', 'aggregate'].includes(item.cue.type)) return null;
  }
  return null;
}

export function previousMention(r: Reading, from: number, maxGap = 2): MentionItem | null {
  for (let k = from; k >= 0 && k >= from - maxGap; k--) {
    const item = r.items[k]!;
    if (item.kind === 'mention') return item;
  }
  return null;
}

/** A noun compound ("business category") is about its last noun. */
export function head(r: Reading, item: MentionItem): MentionItem {
  const after = r.items[r.items.indexOf(item) + 1];
  return after?.kind === 'mention' && !after.used && after.start === item.end ? after : item;
}

/** "failed payments": a stored value right before the thing it qualifies is a filter on it, not what is counted. */
export function qualified(r: Reading, item: MentionItem | null): MentionItem | null {
  if (item?.mention.candidates[0]?.kind !== 'value' && !(item && isFlag(item))) return item;
  const after = r.items[r.items.indexOf(item) + 1];
  const names =
    after?.kind === 'mention' &&
    !after.used &&
    after.start === item.end &&
    after.mention.candidates[0]?.kind !== 'value';
  return names ? after : item;
}

/** "active products": a yes/no column named as an adjective; it qualifies rows, it is not what is shown or counted. */
export function isFlag(item: MentionItem): boolean {
  const top = item.mention.candidates[0];
  return top?.kind === 'column' && top.column.info.family === 'boolean' && top.score >= 0.8;
}

/** Keeps the rows where a yes/no column holds, named by the mention `item`. */
export function holds(r: Reading, item: MentionItem, flag: ColumnCandidate): void {
  use(r, item, flag, 'filter');
  const filter: Filter = { kind: 'equals', column: flag.column, values: ['true'], negated: false };
  r.frame.filters.push(filter);
  r.filterAt.set(filter, item.start);
}

export const precededByVerb = (r: Reading, start: number): boolean => /(ed|en)$/.test(r.tokens[start - 1]?.lower ?? '');

/** The word before position `at`, past an article. */
export function wordBefore(tokens: Token[], at: number): string {
  let k = at - 1;
  if (['the', 'a', 'an'].includes(tokens[k]?.lower ?? '')) k--;
  return tokens[k]?.lower ?? '';
}

/** Superlatives about quantity ("the most orders") rank by a count; others ("the longest river") by a column. */
export const quantityWords = new Set(['most', 'fewest', 'least']);
