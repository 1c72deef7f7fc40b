import { z } from 'zod';
import { LlmBadResponse } from './errors.ts';
import { jsonObjectsIn, repairJson, salvageMembers } from './json-repair.ts';
import { type Fence, findFences, stripThinking } from './model-text.ts';
import { danglingEnd, splitStatements } from './sql-scan.ts';

/*
 * Reading what small local models really write: <think> blocks, code fences, prose around the SQL,
 * several statements, near-JSON, output cut off by the token limit. Each reader says what it had to
 * do in `notes`, for logs and for the retry prompt.
 */

export interface ExtractedSql {
  sql: string | null;
  notes: string[];
}

type Intent = 'query' | 'chitchat' | 'unanswerable';

export interface ModelAnswer {
  intent: Intent;
  tables: string[];
  sql: string | null;
  rationale: string;
  /** What to tell the person when there is no SQL (a greeting back, or why it cannot be answered). */
  reply?: string;
  notes: string[];
}

// ─── SQL ────────────────────────────────────────────────────────────────────────────────────────

/** The first SQL statement in a model's text, without its semicolon; null (with a note) when there is none or it was cut off. */
export function extractSql(text: string): ExtractedSql {
  const { text: visible, notes, cutOffWhileThinking } = stripThinking(text);
  if (visible === '') {
    if (!cutOffWhileThinking) notes.push('the answer is empty');
    return { sql: null, notes };
  }
  const fence = sqlFence(findFences(visible));
  if (fence) {
    if (!fence.closed) notes.push('the code block was never closed');
    return firstStatement(fence.body, false, notes);
  }
  const start = sqlStartInProse(visible);
  if (start < 0) {
    notes.push('no SQL found in the answer');
    return { sql: null, notes };
  }
  return firstStatement(visible.slice(start), true, notes);
}

function firstStatement(source: string, inProse: boolean, notes: string[]): ExtractedSql {
  const statements = splitStatements(source, { stopAtProse: inProse });
  const first = statements[0];
  if (!first) {
    notes.push('no SQL found in the answer');
    return { sql: null, notes };
  }
  if (statements.length > 1) notes.push(`the answer had ${statements.length} statements; kept the first`);
  if (first.open) {
    notes.push(`the SQL looks cut off: an unclosed ${first.open}`);
    return { sql: null, notes };
  }
  let { text: sql, code } = first;
  // "…and the query is SELECT count(*) FROM orders." — the full stop belongs to the sentence.
  if (inProse && /\.\s*$/.test(sql) && /\.$/.test(code)) {
    sql = sql.replace(/\.\s*$/, '');
    code = code.slice(0, -1);
  }
  const dangling = danglingEnd(code);
  if (dangling) {
    notes.push(`the SQL looks cut off: it ends with "${dangling}"`);
    return { sql: null, notes };
  }
  return { sql, notes };
}

const sqlLanguages = new Set(['sql', 'postgresql', 'postgres', 'psql', 'pgsql', 'plpgsql']);
const statementStart =
  /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()*(select|with|values|table|explain|insert|update|delete|merge|create|drop|alter|truncate|grant|revoke|copy|call|do|set)\b/i;

/** A fence marked as SQL, else the first unmarked (or oddly marked) fence that starts like a statement. */
function sqlFence(fences: Fence[]): Fence | null {
  return (
    fences.find((f) => sqlLanguages.has(f.lang)) ??
    fences.find((f) => f.lang !== 'json' && statementStart.test(f.body)) ??
    null
  );
}

const cteStart = /^with\s+(recursive\s+)?("[^"]+"|[a-z_][\w$]*)\s*(\([^)]*\))?\s*as\s*(not\s+)?(materialized\s+)?\(/i;
const sqlTermAfterSelect = /^select\s+(statements?|quer(y|ies)|clauses?|permissions?|privileges?)\b/i;
const englishAfterSelect = /^select\s+(the|a|an|which|to|from|all the|only|rows|data|records)\b/i;

/**
 * Where the SQL starts in prose. "select" and "with" are English words too, so an upper-case SELECT,
 * or one at the start of a line, wins over "select the rows from…".
 */
function sqlStartInProse(text: string): number {
  const candidates = [...text.matchAll(/\b(select|with)\b/gi)].filter((match) => {
    const rest = text.slice(match.index, match.index + 400);
    if (match[1]!.toLowerCase() === 'with') return cteStart.test(rest);
    // "SELECT a FROM b" is SQL; "select a few rows" is English.
    return !sqlTermAfterSelect.test(rest) && (match[1] === 'SELECT' || !englishAfterSelect.test(rest));
  });
  const strong = candidates.find((m) => m[1] === m[1]!.toUpperCase() || /(^|\n)[ \t>]*$/.test(text.slice(0, m.index)));
  const weak = candidates.find((m) => /\bfrom\b/i.test(text.slice(m.index, m.index + 400)));
  return (strong ?? weak)?.index ?? -1;
}

// ─── JSON ───────────────────────────────────────────────────────────────────────────────────────

type FoundJson =
  | { kind: 'value'; value: unknown }
  | { kind: 'broken'; body: string; cutOff: boolean }
  | { kind: 'none' };

function findJson(visible: string): FoundJson {
  const fence = findFences(visible).find((f) => f.lang === 'json' || f.body.trimStart().startsWith('{'));
  const source = fence ? fence.body : visible;
  let firstBroken: FoundJson | undefined;
  let tries = 0;
  for (const found of jsonObjectsIn(source)) {
    if (!found.complete) return firstBroken ?? { kind: 'broken', body: found.body, cutOff: true };
    for (const candidate of [found.body, repairJson(found.body)]) {
      try {
        return { kind: 'value', value: JSON.parse(candidate) };
      } catch {
        // try the repaired text, then the next object
      }
    }
    firstBroken ??= { kind: 'broken', body: found.body, cutOff: false };
    if (++tries >= 5) break;
  }
  return firstBroken ?? { kind: 'none' };
}

/**
 * The first JSON object in a model's text, read leniently: fences and <think> blocks around it,
 * comments, trailing commas, single quotes, bare keys, raw newlines in strings. Throws LlmBadResponse.
 */
export function parseJsonLoose(text: string): unknown {
  const { text: visible, cutOffWhileThinking } = stripThinking(text);
  const found = findJson(visible);
  if (found.kind === 'value') return found.value;
  if (cutOffWhileThinking)
    throw new LlmBadResponse('The model ran out of room while still thinking and gave no answer');
  if (found.kind === 'broken')
    throw new LlmBadResponse(
      found.cutOff
        ? 'The model’s JSON answer was cut off before it ended'
        : `The model’s JSON answer could not be read: ${preview(found.body)}`,
    );
  throw new LlmBadResponse(`The model did not answer with JSON: ${preview(visible)}`);
}

// ─── The structured answer ──────────────────────────────────────────────────────────────────────

const optionalText = z.string().optional().catch(undefined);

/** Lenient on purpose: every field may be missing, mistyped or under a name small models prefer. */
const looseAnswer = z.object({
  intent: optionalText,
  tables: z
    .union([z.array(z.unknown()), z.string()])
    .optional()
    .catch(undefined),
  sql: optionalText,
  query: optionalText,
  SQL: optionalText,
  rationale: optionalText,
  explanation: optionalText,
  reason: optionalText,
  reply: optionalText,
  message: optionalText,
  response: optionalText,
});

const answerKeys = [
  'intent',
  'tables',
  'sql',
  'query',
  'SQL',
  'rationale',
  'explanation',
  'reason',
  'reply',
  'message',
  'response',
];

/**
 * The model's one structured answer (intent, tables, SQL, rationale, reply). When it ignored the JSON
 * instruction and just wrote SQL, the SQL is taken from its text; when it wrote only prose, that is
 * the reply. Throws LlmBadResponse when the answer is empty or was cut off before the SQL ended.
 */
export function parseAnswer(text: string): ModelAnswer {
  const stripped = stripThinking(text);
  const notes = [...stripped.notes];
  if (stripped.text === '')
    throw new LlmBadResponse(
      stripped.cutOffWhileThinking
        ? 'The model ran out of room while still thinking and gave no answer'
        : 'The model gave an empty answer',
    );

  const found = findJson(stripped.text);
  if (found.kind === 'value' && isRecord(found.value)) return fromJson(found.value, notes);
  if (found.kind === 'broken') {
    const salvaged = salvageMembers(found.body, ['intent', 'tables', 'sql', 'query', 'rationale', 'reply']);
    if (salvaged.sql !== undefined || salvaged.query !== undefined || salvaged.reply !== undefined) {
      notes.push(
        found.cutOff
          ? 'the JSON was cut off; kept the members that were complete'
          : 'the JSON was broken; kept the members that could be read',
      );
      return fromJson(salvaged, notes);
    }
    if (looksLikeJsonAnswer(stripped.text))
      throw new LlmBadResponse(
        found.cutOff
          ? 'The model’s answer was cut off before the SQL was complete'
          : `The model’s JSON answer could not be read: ${preview(found.body)}`,
      );
  }

  const extracted = extractSql(stripped.text);
  notes.push(...extracted.notes);
  if (extracted.sql !== null) {
    notes.push('the model answered without JSON; took the SQL from its text');
    return { intent: 'query', tables: [], sql: extracted.sql, rationale: '', notes };
  }
  const cutOff = extracted.notes.find((note) => note.includes('cut off'));
  if (cutOff) throw new LlmBadResponse(`The model’s answer could not be used: ${cutOff}`);
  notes.push('the model answered in prose without SQL');
  return { intent: 'unanswerable', tables: [], sql: null, rationale: '', reply: oneParagraph(stripped.text), notes };
}

/** Prose may hold a stray brace; an answer that starts like JSON or names its members is meant as JSON. */
function looksLikeJsonAnswer(text: string): boolean {
  return /^\s*(\{|```json)/i.test(text) || /["']?\b(intent|sql|tables)\b["']?\s*:\s*["'[]/.test(text);
}

function fromJson(object: Record<string, unknown>, notes: string[]): ModelAnswer {
  const raw = looseAnswer.parse(unwrap(object));
  const sqlField = raw.sql ?? raw.query ?? raw.SQL;
  const sql = sqlField === undefined ? null : cleanSqlField(sqlField, notes);
  const reply = (raw.reply ?? raw.message ?? raw.response)?.trim();
  return {
    intent: normaliseIntent(raw.intent, sql),
    tables: normaliseTables(raw.tables),
    sql,
    rationale: oneLine(raw.rationale ?? raw.explanation ?? raw.reason ?? ''),
    ...(reply ? { reply } : {}),
    notes,
  };
}

/** `{"answer": {...}}` or `{"response": {...}}`: the model wrapped the object it was asked for. */
function unwrap(object: Record<string, unknown>): Record<string, unknown> {
  if (answerKeys.some((key) => key in object && !isRecord(object[key]))) return object;
  const inner = Object.values(object).find(isRecord);
  return inner ?? object;
}

/** The SQL member may itself carry fences, a semicolon, two statements, or prose instead of SQL. */
function cleanSqlField(value: string, notes: string[]): string | null {
  const trimmed = value.trim();
  if (/^(n\/a|none|null|-|)$/i.test(trimmed)) return null;
  const extracted =
    statementStart.test(trimmed) && !trimmed.includes('```') ? firstStatement(trimmed, false, []) : extractSql(trimmed);
  notes.push(...extracted.notes);
  return extracted.sql;
}

function normaliseIntent(value: string | undefined, sql: string | null): Intent {
  const intent = value?.toLowerCase() ?? '';
  if (/chit|chat|greet|small.?talk|social/.test(intent)) return 'chitchat';
  if (/unanswer|cannot|can't|not.?answer|none|unknown|out.?of|no.?data|irrelevant/.test(intent)) return 'unanswerable';
  if (/query|sql|data|select|question|answer/.test(intent)) return 'query';
  return sql ? 'query' : 'unanswerable';
}

function normaliseTables(value: unknown[] | string | undefined): string[] {
  const items =
    typeof value === 'string'
      ? value.split(/[,\s]+/)
      : (value ?? []).filter((item): item is string => typeof item === 'string');
  const names = items.map((name) => name.trim().replace(/^[`'"]+|[`'"]+$/g, '')).filter(Boolean);
  return [...new Set(names)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function oneParagraph(text: string): string {
  const paragraph = oneLine(text);
  return paragraph.length > 500 ? `${paragraph.slice(0, 500)}…` : paragraph;
}

function preview(text: string): string {
  const line = oneLine(text);
  return `"${line.length > 80 ? `${line.slice(0, 80)}…` : line}"`;
}
