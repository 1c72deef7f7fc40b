import type { DatabaseModel } from '../intelligence/model.ts';
import { compose } from './compose.ts';
import { answerThreshold, calibratedConfidence, priorConfidence } from './confidence.ts';
import { type Signals, signalsOf } from './signals.ts';
import { explain } from './explain.ts';
import { droppedLinks, onlyKeysShown, unansweredQuestionWord, unhonouredCues } from './honoured.ts';
import { interpret } from './interpret/index.ts';
import { stopWords } from './lexicon.ts';
import { type Candidate, linkMentions, type Mention } from './link.ts';
import { renderSelect } from './render.ts';
import { indexSchema, type SchemaIndex } from './schema-index.ts';
import { type EngineTerm, type IndexedTerm, indexTerms, linkTerms } from './terms.ts';
import { type Token, tokenize } from './tokenize.ts';
import { type CueMatch, glueWords, isSoftWord, readCues } from './understand.ts';
import type { ValueLookup } from './values.ts';

export type { ValueLookup, ValueMatch } from './values.ts';
export { memoryValueLookup } from './memory-values.ts';
export type { EngineTerm } from './terms.ts';

/** One piece of the database an answer relied on, and the words that named it. */
export interface Link {
  text: string;
  kind: 'table' | 'column' | 'value' | 'term';
  table: string;
  column?: string;
  value?: string;
  /** The business term's name, for a term. */
  term?: string;
  score: number;
  role: string;
}

/** A business term an answer used, as it was defined. */
export interface TermUse {
  name: string;
  kind: EngineTerm['kind'];
  expression: string;
  table: string;
  editor: string | null;
}

export type EngineResult =
  | {
      kind: 'sql';
      sql: string;
      confidence: number;
      explanation: string;
      links: Link[];
      tables: string[];
      signals: Signals;
      periods: PeriodUse[];
      terms: TermUse[];
    }
  /** The engine has readings but is not sure enough of any: the person picks one (each option's question asks it). */
  | {
      kind: 'clarify';
      confidence: number;
      message: string;
      options: ClarifyOption[];
      unplaced: string[];
      suggestions: string[];
    }
  | { kind: 'abstain'; confidence: number; message: string; unplaced: string[]; suggestions: string[] };

/** A date column a period was applied to, with the latest date analysis saw in it (to explain an empty answer). */
export interface PeriodUse {
  table: string;
  column: string;
  relative: boolean;
  latest: string | null;
}

export interface ClarifyOption {
  /** The reading in plain words. */
  label: string;
  /** What to ask to get this reading: the chat answers it with `sql` when it follows this clarification. */
  question: string;
  sql: string;
  confidence: number;
  periods: PeriodUse[];
}

export interface AnswerOptions {
  values: ValueLookup;
  now?: Date;
  previous?: { question: string; sql: string };
  /** Answers below this confidence are refused; the bench passes 0 to see every reading the engine would give. */
  threshold?: number;
  /** Business terms people accepted: question words link to them before tables and columns. */
  terms?: EngineTerm[];
}

/** Answers a plain-language question with one SELECT over the model's tables, or says why it will not. */
export async function answerQuestion(
  question: string,
  schema: DatabaseModel,
  options: AnswerOptions,
): Promise<EngineResult> {
  if (!options.previous) return answerOne(question, schema, options);
  // A short follow-up ("and from Berlin?", "what about 2023?") is read together with the question before it.
  const followUp = /^\s*(and|what about|how about|only|now)\b/i.test(question);
  const rest = question
    .replace(/^\s*(and|what about|how about|only|now)\b/i, '')
    .replace(/[?.!]+\s*$/, '')
    .trim();
  const together = () => answerOne(`${options.previous!.question.replace(/[?.!]+\s*$/, '')} ${rest}`, schema, options);
  if (followUp && rest.split(/\s+/).length <= 8) {
    const combined = await together();
    if (combined.kind === 'sql') return combined;
  }
  const alone = await answerOne(question, schema, options);
  if (alone.kind === 'sql' || followUp || rest.split(/\s+/).length > 8) return alone;
  const combined = await together();
  return combined.kind === 'sql' ? combined : alone;
}

async function answerOne(question: string, schema: DatabaseModel, options: AnswerOptions): Promise<EngineResult> {
  const index = indexSchema(schema);
  const tokens = tokenize(question);
  // A business term's words are its own ("average order value" is one measure, not an average cue).
  const termMentions = linkTerms(tokens, options.terms?.length ? indexTerms(options.terms, index) : []);
  const inTerm = (i: number) => termMentions.some((m) => i >= m.start && i < m.end);
  const cues = readCues(tokens, options.now ?? new Date()).filter(
    (c) => !termMentions.some((m) => c.start < m.end && c.end > m.start),
  );
  // Bucket words ("daily") stay linkable: "daily price" may be a table's name.
  const free = tokens.map(
    (_, i) => !inTerm(i) && !cues.some((c) => i >= c.start && i < c.end && c.cue.type !== 'bucket'),
  );
  const mentions = [...termMentions, ...(await linkMentions(tokens, free, index, options.values))].sort(
    (a, b) => a.start - b.start,
  );
  const kept = cues.filter(
    (c) =>
      c.cue.type !== 'bucket' ||
      !mentions.some(
        (m) => m.start <= c.start && m.end > c.start && m.end - m.start > 1 && m.candidates[0]!.score >= 0.8,
      ),
  );
  const bucketWords = new Set(kept.filter((c) => c.cue.type === 'bucket').map((c) => c.start));
  const linked = mentions.filter((m) => !bucketWords.has(m.start) || m.end - m.start > 1);

  const best = readingOf(tokens, kept, linked, index);
  if (!best.ok) return abstain(index, best.unplaced, best.problems, best.confidence);
  const alternatives = alternativeReadings(tokens, kept, linked, index, best.reading);
  const reading = withRivals(best.reading, alternatives);
  const threshold = options.threshold ?? answerThreshold;
  if (reading.confidence >= threshold) return { kind: 'sql', ...reading.answer, confidence: reading.confidence };
  if (reading.confidence < clarifyFloor) return abstain(index, reading.unplaced, reading.loose, reading.confidence);
  return clarify(index, reading, alternatives);
}

/** The reading re-scored knowing how many rivals come close (by the rule-of-thumb prior, which needs no model). */
function withRivals(reading: Reading, alternatives: Reading[]): Reading {
  const close = alternatives.filter((a) => a.answer.signals.prior >= reading.answer.signals.prior - 0.15).length;
  if (close === 0) return reading;
  const signals = { ...reading.answer.signals, rivals: close };
  return { ...reading, answer: { ...reading.answer, signals }, confidence: calibratedConfidence(signals) };
}

/** Readings below this confidence are not even offered as a choice: the engine says what it could not place. */
export const clarifyFloor = Math.min(answerThreshold, 0.3);

interface Reading {
  answer: Omit<Extract<EngineResult, { kind: 'sql' }>, 'kind' | 'confidence'>;
  confidence: number;
  unplaced: string[];
  loose: string[];
  /** Mentions the reading rests on, least certain first (the best rival reading scored closest). */
  doubtful: Mention[];
}

type Attempt =
  | { ok: true; reading: Reading }
  | { ok: false; unplaced: string[]; problems: string[]; confidence: number };

/** One complete reading of the question from its cues and linked mentions: the SQL, or why there is none. */
function readingOf(tokens: Token[], cues: CueMatch[], mentions: Mention[], index: SchemaIndex): Attempt {
  const { frame, usedTokens, namedCues } = interpret(tokens, cues, mentions, index.tables);
  const unplaced: string[] = [];
  const soft: string[] = [];
  let contentWords = 0;
  let usedContentWords = 0;
  tokens.forEach((t, i) => {
    if (t.kind === 'symbol') return;
    const glue =
      t.kind === 'word' && !t.acronym && (glueWords.has(t.lower) || stopWords.has(t.lower) || glueWords.has(t.lemma));
    if (!glue) contentWords++;
    if (usedTokens.has(i)) {
      if (!glue) usedContentWords++;
      return;
    }
    if (t.kind === 'number' || t.kind === 'quoted' || t.kind === 'isodate') {
      unplaced.push(t.text);
      return;
    }
    if (glue) return;
    if (isSoftWord(t.lower)) soft.push(t.text);
    else unplaced.push(t.text);
  });

  const composed = compose(frame, index);
  if (!composed.ok) return { ok: false, unplaced, problems: [composed.reason], confidence: 0.1 };
  const query = composed.value.query;
  const keysOnly = onlyKeysShown(tokens, query, composed.value.tables, frame.used);
  const questionWord = unansweredQuestionWord(tokens, query, composed.value.tables);
  const problems = [
    ...frame.blocked,
    ...unhonouredCues(
      tokens,
      cues.filter((c) => !namedCues.has(c.start)),
      query,
    ),
    ...droppedLinks(frame.used, query),
    ...(keysOnly ? [keysOnly] : []),
    ...(questionWord ? [questionWord] : []),
  ];
  if (problems.length > 0) return { ok: false, unplaced, problems, confidence: 0.1 };

  const prior = priorConfidence({ frame, composed: composed.value, unplaced, soft });
  const signals = signalsOf({
    tokens,
    cues,
    mentions,
    frame,
    composed: composed.value,
    unplaced,
    soft,
    contentWords,
    usedContentWords,
    prior,
  });
  const margin = (m: Mention) => {
    const chosen = frame.used.find((u) => u.start === m.start)!.candidate;
    return chosen.score - Math.max(0, ...m.candidates.filter((c) => c !== chosen).map((c) => c.score));
  };
  const doubtful = mentions
    .filter((m) => m.candidates.length > 1 && frame.used.some((u) => u.start === m.start))
    .sort((a, b) => margin(a) - margin(b));
  return {
    ok: true,
    reading: {
      answer: {
        sql: renderSelect(query),
        explanation: explain(query),
        links: frame.used.map((u) => linkOf(u.text, u.candidate, u.role)),
        tables: composed.value.tables.map((t) => (t.schema === 'public' ? t.name : `${t.schema}.${t.name}`)),
        signals,
        periods: composed.value.periods.map((p) => ({
          table: p.column.table.name,
          column: p.column.name,
          relative: p.relative,
          latest: p.column.info.profile?.max ?? null,
        })),
        terms: [
          ...new Set(
            frame.used.flatMap((u) =>
              termOf(
                u.candidate,
                mentions.find((m) => m.start === u.start),
              ),
            ),
          ),
        ].map(({ term, table }) => ({
          name: term.name,
          kind: term.kind,
          expression: term.expression,
          table: table.schema === 'public' ? table.name : table.key,
          editor: term.editor ?? null,
        })),
      },
      confidence: calibratedConfidence(signals),
      unplaced,
      loose: frame.loose,
      doubtful,
    },
  };
}

/** Other readings: each doubtful mention read as its closest rival instead (a column instead of a table, another table's column). */
function alternativeReadings(
  tokens: Token[],
  cues: CueMatch[],
  mentions: Mention[],
  index: SchemaIndex,
  best: Reading,
): Reading[] {
  const found: Reading[] = [];
  for (const doubt of best.doubtful.slice(0, 3)) {
    const chosen = best.answer.links.find((l) => l.text === doubt.text);
    for (const rival of doubt.candidates.slice(0, 3)) {
      if (chosen && sameTarget(rival, chosen)) continue;
      // A far weaker link is not a reading a person would mean.
      if (chosen && rival.score < 0.75 * chosen.score) continue;
      const top = doubt.candidates[0]!.score;
      const promoted: Mention = {
        ...doubt,
        candidates: [{ ...rival, score: top + 0.01 } as Candidate, ...doubt.candidates.filter((c) => c !== rival)],
      };
      const attempt = readingOf(
        tokens,
        cues,
        mentions.map((m) => (m === doubt ? promoted : m)),
        index,
      );
      if (!attempt.ok || attempt.reading.confidence < clarifyFloor) continue;
      if ([best, ...found].some((r) => r.answer.sql === attempt.reading.answer.sql)) continue;
      found.push(attempt.reading);
      break;
    }
  }
  return found;
}

function sameTarget(c: Candidate, link: Link): boolean {
  if (c.kind !== link.kind) return false;
  if (c.kind === 'table') return c.table.name === link.table;
  if (c.kind === 'column') return c.column.table.name === link.table && c.column.name === link.column;
  if (c.kind === 'term') return c.term.term.name === link.term;
  return c.value === link.value && c.column?.name === link.column;
}

function clarify(index: SchemaIndex, best: Reading, others: Reading[]): EngineResult {
  // The engine's own reading first; the others as their confidence ranks them.
  const readings = [best, ...others.sort((a, b) => b.confidence - a.confidence)].slice(0, 4);
  const options = readings.map((r) => ({
    label: r.answer.explanation,
    question: r.answer.explanation,
    sql: r.answer.sql,
    confidence: r.confidence,
    periods: r.answer.periods,
  }));
  const message =
    options.length === 1
      ? `I am not sure I read the question right. Did you mean: ${options[0]!.label}`
      : `I can read the question in ${options.length} ways. Which one do you mean?`;
  return {
    kind: 'clarify',
    confidence: best.confidence,
    message,
    options,
    unplaced: best.unplaced,
    suggestions: suggest(index, best.unplaced),
  };
}

/** The term a link rests on: a term's own link, or an entity term read as its table. */
function termOf(c: Candidate, mention: Mention | undefined): IndexedTerm[] {
  if (c.kind === 'term') return [c.term];
  const entity = mention?.candidates.find(
    (x): x is Extract<Candidate, { kind: 'term' }> => x.kind === 'term' && x.term.term.kind === 'entity',
  );
  return c.kind === 'table' && entity?.term.table === c.table ? [entity.term] : [];
}

function linkOf(text: string, c: Candidate, role: string): Link {
  if (c.kind === 'table') return { text, kind: 'table', table: c.table.name, score: c.score, role };
  if (c.kind === 'column')
    return { text, kind: 'column', table: c.column.table.name, column: c.column.name, score: c.score, role };
  if (c.kind === 'term')
    return { text, kind: 'term', table: c.term.table.name, term: c.term.term.name, score: c.score, role };
  return {
    text,
    kind: 'value',
    table: c.column?.table.name ?? '',
    column: c.column?.name ?? '',
    value: c.value,
    score: c.score,
    role,
  };
}

function abstain(index: SchemaIndex, unplaced: string[], problems: string[], confidence: number): EngineResult {
  const suggestions = suggest(index, unplaced);
  const parts: string[] = [];
  if (unplaced.length > 0)
    parts.push(`I could not place ${unplaced.map((w) => `"${w}"`).join(', ')} in this database.`);
  if (problems.length > 0) parts.push(`I am not sure how to read it: ${problems.join('; ')}.`);
  if (parts.length === 0) parts.push('I am not sure enough of what the question asks to answer it.');
  parts.push(
    suggestions.length > 0
      ? `It does contain ${suggestions.join(', ')}.`
      : `It contains ${centralTables(index).join(', ')}.`,
  );
  return { kind: 'abstain', confidence, message: parts.join(' '), unplaced, suggestions };
}

/** The tables most others join to and that hold the most rows: what a person would recognise first. */
function centralTables(index: SchemaIndex, limit = 8): string[] {
  const degree = new Map<string, number>();
  for (const t of index.tables)
    for (const fk of t.info.foreignKeys)
      for (const name of [t.name, fk.referencedTable]) degree.set(name, (degree.get(name) ?? 0) + 1);
  const weight = (t: SchemaIndex['tables'][number]) =>
    (degree.get(t.name) ?? 0) * 10 + Math.log10(1 + Math.max(0, t.info.rowCount ?? 0));
  return [...index.tables]
    .sort((a, b) => weight(b) - weight(a))
    .slice(0, limit)
    .map((t) => t.name);
}

/** Tables and columns whose names come closest to the words that could not be placed. */
function suggest(index: SchemaIndex, words: string[]): string[] {
  const found = new Set<string>();
  for (const word of words.map((w) => w.toLowerCase())) {
    for (const t of index.tables) if (t.forms.some((f) => f.some((x) => near(x, word)))) found.add(`table ${t.name}`);
    for (const c of index.columns)
      if (c.forms.some((f) => f.some((x) => near(x, word)))) found.add(`${c.table.name}.${c.name}`);
  }
  return [...found].slice(0, 6);
}

function near(a: string, b: string): boolean {
  if (a.length < 3 || b.length < 3) return false;
  return a.startsWith(b.slice(0, 4)) || b.startsWith(a.slice(0, 4));
}
