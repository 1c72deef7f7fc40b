import type { Select } from './ast.ts';
import type { Composed } from './compose.ts';
import type { Frame } from './frame.ts';
import type { Mention } from './link.ts';
import type { Token } from './tokenize.ts';
import type { CueMatch } from './understand.ts';

/** What the confidence model weighs: how well the reading is grounded and how much of it was guessed. */
export interface Signals {
  /** The former rule-of-thumb confidence (weakest link, lowered per doubt). */
  prior: number;
  minLink: number;
  meanLink: number;
  /** Smallest lead of a chosen link over the best other reading of the same words. */
  minMargin: number;
  unplaced: number;
  soft: number;
  loose: number;
  joins: number;
  inferredJoins: number;
  /** Tables the query joins that no word of the question named. */
  bridges: number;
  fuzzyValues: number;
  values: number;
  /** Columns shown that no word asked for (keys and labels added for readability). */
  addedColumns: number;
  shown: number;
  distinct: number;
  grouped: number;
  aggregated: number;
  ordered: number;
  limited: number;
  negation: number;
  ratio: number;
  period: number;
  /** Content words of the question (neither glue nor symbols). */
  words: number;
  /** Share of content words some link or cue rests on. */
  coverage: number;
  /** The subject table was inferred, not named. */
  implicitSubject: number;
  /** Other readings, from the least certain links read another way, that compose to a different query and score nearly as well. */
  rivals: number;
}

export interface SignalInput {
  tokens: Token[];
  cues: CueMatch[];
  mentions: Mention[];
  frame: Frame;
  composed: Composed;
  unplaced: string[];
  soft: string[];
  contentWords: number;
  usedContentWords: number;
  prior: number;
}

export function signalsOf(input: SignalInput): Signals {
  const { frame, composed, cues, mentions } = input;
  const query: Select = composed.query;
  const scores = frame.used.map((u) => u.candidate.score);
  const margins = frame.used.map((u) => {
    const mention = mentions.find((m) => m.start === u.start);
    const rival = mention?.candidates.find((c) => c !== u.candidate && identity(c) !== identity(u.candidate));
    return u.candidate.score - (rival?.score ?? 0);
  });
  const named = new Set(frame.used.map((u) => tableOf(u.candidate)).filter((t): t is string => t !== null));
  const shownColumns = query.select.filter((s) => s.expr.kind === 'column');
  const linkedColumns = new Set(
    frame.used.filter((u) => u.candidate.kind === 'column').map((u) => identity(u.candidate)),
  );
  const has = (type: string) => (cues.some((c) => c.cue.type === type) ? 1 : 0);
  return {
    prior: input.prior,
    minLink: scores.length > 0 ? Math.min(...scores) : 0,
    meanLink: scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : 0,
    minMargin: margins.length > 0 ? Math.min(...margins) : 0,
    unplaced: input.unplaced.length,
    soft: input.soft.length,
    loose: frame.loose.length,
    joins: composed.joins,
    inferredJoins: composed.inferredJoins,
    bridges: composed.tables.filter((t) => !named.has(t.name)).length,
    fuzzyValues: frame.used.filter((u) => u.candidate.kind === 'value' && u.candidate.match === 'fuzzy').length,
    values: frame.used.filter((u) => u.candidate.kind === 'value').length,
    addedColumns: shownColumns.filter(
      (s) => s.expr.kind === 'column' && !linkedColumns.has(`${s.expr.alias}.${s.expr.column}`),
    ).length,
    shown: query.select.length,
    distinct: query.distinct ? 1 : 0,
    grouped: query.groupBy.length > 0 ? 1 : 0,
    aggregated: query.select.some(
      (s) => s.expr.kind === 'aggregate' || (s.expr.kind === 'raw' && s.expr.aggregates.length > 0),
    )
      ? 1
      : 0,
    ordered: query.orderBy.length > 0 ? 1 : 0,
    limited: query.limit !== undefined ? 1 : 0,
    negation: has('negation'),
    ratio: has('ratio'),
    period: has('period'),
    words: input.contentWords,
    coverage: input.contentWords === 0 ? 1 : input.usedContentWords / input.contentWords,
    implicitSubject: frame.subject && !named.has(frame.subject.name) ? 1 : 0,
    rivals: 0,
  };
}

function identity(c: Mention['candidates'][number]): string {
  if (c.kind === 'table') return c.table.name;
  if (c.kind === 'column') return `${c.column.table.name}.${c.column.name}`;
  if (c.kind === 'term') return `term:${c.term.term.name}`;
  return `${c.column?.table.name}.${c.column?.name}=${c.value}`;
}

function tableOf(c: Mention['candidates'][number]): string | null {
  if (c.kind === 'table') return c.table.name;
  if (c.kind === 'term') return c.term.table.name;
  return c.column?.table.name ?? null;
}
