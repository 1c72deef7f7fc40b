import type { DatabaseModel } from '../intelligence/model.ts';
import { compose } from './compose.ts';
import { answerThreshold, confidenceOf } from './confidence.ts';
import { explain } from './explain.ts';
import { droppedLinks, onlyKeysShown, unhonouredCues } from './honoured.ts';
import { interpret } from './interpret.ts';
import { stopWords } from './lexicon.ts';
import { type Candidate, linkMentions } from './link.ts';
import { renderSelect } from './render.ts';
import { indexSchema, type SchemaIndex } from './schema-index.ts';
import { tokenize } from './tokenize.ts';
import { glueWords, isSoftWord, readCues } from './understand.ts';
import type { ValueLookup } from './values.ts';

export type { ValueLookup, ValueMatch } from './values.ts';
export { memoryValueLookup } from './memory-values.ts';

/** One piece of the database an answer relied on, and the words that named it. */
export interface Link {
  text: string;
  kind: 'table' | 'column' | 'value';
  table: string;
  column?: string;
  value?: string;
  score: number;
  role: string;
}

export type EngineResult =
  | { kind: 'sql'; sql: string; confidence: number; explanation: string; links: Link[]; tables: string[] }
  | { kind: 'abstain'; confidence: number; message: string; unplaced: string[]; suggestions: string[] };

export interface AnswerOptions {
  values: ValueLookup;
  now?: Date;
  previous?: { question: string; sql: string };
  /** Answers below this confidence are refused; the bench passes 0 to see every reading the engine would give. */
  threshold?: number;
}

/** Answers a plain-language question with one SELECT over the model's tables, or says why it will not. */
export async function answerQuestion(question: string, schema: DatabaseModel, options: AnswerOptions): Promise<EngineResult> {
  if (!options.previous) return answerOne(question, schema, options);
  // A short follow-up ("and from Berlin?", "what about 2023?") is read together with the question before it.
  const followUp = /^\s*(and|what about|how about|only|now)\b/i.test(question);
  const rest = question.replace(/^\s*(and|what about|how about|only|now)\b/i, '').replace(/[?.!]+\s*$/, '').trim();
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
  const cues = readCues(tokens, options.now ?? new Date());
  // Bucket words ("daily") stay linkable: "daily price" may be a table's name.
  const free = tokens.map((_, i) => !cues.some((c) => i >= c.start && i < c.end && c.cue.type !== 'bucket'));
  const mentions = await linkMentions(tokens, free, index, options.values);
  const kept = cues.filter(
    (c) => c.cue.type !== 'bucket' || !mentions.some((m) => m.start <= c.start && m.end > c.start && m.end - m.start > 1 && m.candidates[0]!.score >= 0.8),
  );
  const bucketWords = new Set(kept.filter((c) => c.cue.type === 'bucket').map((c) => c.start));
  const { frame, usedTokens } = interpret(tokens, kept, mentions.filter((m) => !bucketWords.has(m.start) || m.end - m.start > 1));

  const unplaced: string[] = [];
  const soft: string[] = [];
  tokens.forEach((t, i) => {
    if (usedTokens.has(i) || t.kind === 'symbol') return;
    if (t.kind === 'number' || t.kind === 'quoted' || t.kind === 'isodate') {
      unplaced.push(t.text);
      return;
    }
    if (glueWords.has(t.lower) || stopWords.has(t.lower) || glueWords.has(t.lemma)) return;
    if (isSoftWord(t.lower)) soft.push(t.text);
    else unplaced.push(t.text);
  });

  const composed = compose(frame, index);
  if (!composed.ok) return abstain(index, unplaced, [composed.reason], 0.1);
  const keysOnly = onlyKeysShown(tokens, composed.value.query, composed.value.tables);
  const unhonoured = [
    ...unhonouredCues(tokens, kept, composed.value.query),
    ...droppedLinks(frame.used, composed.value.query),
    ...(keysOnly ? [keysOnly] : []),
  ];
  if (unhonoured.length > 0) return abstain(index, unplaced, unhonoured, 0.1);
  const confidence = confidenceOf({ frame, composed: composed.value, unplaced, soft });
  if (confidence < (options.threshold ?? answerThreshold)) return abstain(index, unplaced, frame.loose, confidence);
  return {
    kind: 'sql',
    sql: renderSelect(composed.value.query),
    confidence,
    explanation: explain(composed.value.query),
    links: frame.used.map((u) => linkOf(u.text, u.candidate, u.role)),
    tables: composed.value.tables.map((t) => (t.schema === 'public' ? t.name : `${t.schema}.${t.name}`)),
  };
}

function linkOf(text: string, c: Candidate, role: string): Link {
  if (c.kind === 'table') return { text, kind: 'table', table: c.table.name, score: c.score, role };
  if (c.kind === 'column') return { text, kind: 'column', table: c.column.table.name, column: c.column.name, score: c.score, role };
  return { text, kind: 'value', table: c.column?.table.name ?? '', column: c.column?.name ?? '', value: c.value, score: c.score, role };
}

function abstain(index: SchemaIndex, unplaced: string[], problems: string[], confidence: number): EngineResult {
  const suggestions = suggest(index, unplaced);
  const parts: string[] = [];
  if (unplaced.length > 0) parts.push(`I could not place ${unplaced.map((w) => `"${w}"`).join(', ')} in this database.`);
  if (problems.length > 0) parts.push(`I am not sure how to read it: ${problems.join('; ')}.`);
  if (parts.length === 0) parts.push('I am not sure enough of what the question asks to answer it.');
  parts.push(suggestions.length > 0 ? `It does contain ${suggestions.join(', ')}.` : `It contains ${index.tables.slice(0, 8).map((t) => t.name).join(', ')}.`);
  return { kind: 'abstain', confidence, message: parts.join(' '), unplaced, suggestions };
}

/** Tables and columns whose names come closest to the words that could not be placed. */
function suggest(index: SchemaIndex, words: string[]): string[] {
  const found = new Set<string>();
  for (const word of words.map((w) => w.toLowerCase())) {
    for (const t of index.tables) if (t.forms.some((f) => f.some((x) => near(x, word)))) found.add(`table ${t.name}`);
    for (const c of index.columns) if (c.forms.some((f) => f.some((x) => near(x, word)))) found.add(`${c.table.name}.${c.name}`);
  }
  return [...found].slice(0, 6);
}

function near(a: string, b: string): boolean {
  if (a.length < 3 || b.length < 3) return false;
  return a.startsWith(b.slice(0, 4)) || b.startsWith(a.slice(0, 4));
}
