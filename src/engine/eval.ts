import type { DatabaseModel } from '../intelligence/model.ts';
import { answerQuestion, type EngineTerm } from './index.ts';
import { memoryValueLookup } from './memory-values.ts';
import type { Signals } from './signals.ts';
import type { ValueLookup } from './values.ts';

/** One line of a questions JSONL file (the defog bench format). */
export interface EvalQuestion {
  id: string;
  db: string;
  question: string;
  instructions?: string;
  category?: string;
  set?: string;
  gold?: string[];
}

export interface EvalDeps {
  /** The analysed model of a database. */
  model(db: string): Promise<DatabaseModel>;
  /** Runs read-only SQL on a database, rows as arrays. */
  run(db: string, sql: string): Promise<unknown[][]>;
  /** Value lookup for a database; defaults to the in-memory one built from the model. */
  values?(db: string, model: DatabaseModel): ValueLookup;
  /** Receives each prediction line as JSON text. */
  write?(line: string): void;
  now?: Date;
  /** The engine's answer threshold (0: keep every reading, to calibrate confidence). */
  threshold?: number;
  /** Business terms of a database, as if people had accepted them (`bench:engine -- --terms proposed`). */
  terms?(db: string, model: DatabaseModel): EngineTerm[];
  /** Answers a question; defaults to the built-in engine (a baseline can be passed instead). */
  answer?(
    question: string,
    model: DatabaseModel,
    values: ValueLookup,
  ): Promise<{ sql: string | null; confidence: number; note?: string; signals?: Signals }>;
}

type Outcome = 'correct' | 'wrong' | 'error' | 'abstained' | 'unscored';

export interface Tally {
  n: number;
  correct: number;
  wrong: number;
  error: number;
  abstained: number;
}

export interface EvalReport {
  overall: Tally;
  byCategory: Record<string, Tally>;
  byDb: Record<string, Tally>;
  outcomes: {
    id: string;
    db: string;
    category: string;
    sql: string | null;
    confidence: number;
    ms: number;
    outcome: Outcome;
    question: string;
    note?: string;
    signals?: Signals;
  }[];
  p50ms: number;
  p95ms: number;
}

export function parseQuestions(jsonl: string): EvalQuestion[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as EvalQuestion);
}

/** Answers every question, writes `{"id","sql","confidence","ms"}` lines and scores against gold where given. */
export async function evaluate(questions: EvalQuestion[], deps: EvalDeps): Promise<EvalReport> {
  const models = new Map<string, { model: DatabaseModel; values: ValueLookup }>();
  const report: EvalReport = { overall: tally(), byCategory: {}, byDb: {}, outcomes: [], p50ms: 0, p95ms: 0 };
  const termsOf = new Map<DatabaseModel, EngineTerm[]>();
  const answer =
    deps.answer ??
    (async (question: string, model: DatabaseModel, values: ValueLookup) => {
      const db = [...models.entries()].find(([, e]) => e.model === model)?.[0] ?? '';
      if (deps.terms && !termsOf.has(model)) termsOf.set(model, deps.terms(db, model));
      const terms = termsOf.get(model);
      const result = await answerQuestion(question, model, {
        values,
        ...(deps.now ? { now: deps.now } : {}),
        ...(deps.threshold !== undefined ? { threshold: deps.threshold } : {}),
        ...(terms ? { terms } : {}),
      });
      if (result.kind === 'sql')
        return { sql: result.sql, confidence: result.confidence, note: result.explanation, signals: result.signals };
      return { sql: null, confidence: result.confidence, note: result.message };
    });
  for (const q of questions) {
    let entry = models.get(q.db);
    if (!entry) {
      const model = await deps.model(q.db);
      entry = { model, values: deps.values?.(q.db, model) ?? memoryValueLookup(model) };
      models.set(q.db, entry);
    }
    const started = performance.now();
    const { sql, confidence, note, signals } = await answer(q.question, entry.model, entry.values);
    const ms = Math.round((performance.now() - started) * 100) / 100;
    deps.write?.(JSON.stringify({ id: q.id, sql, confidence, ms }));
    const outcome = q.gold && q.gold.length > 0 ? await score(q, sql, deps) : 'unscored';
    report.outcomes.push({
      id: q.id,
      db: q.db,
      category: q.category ?? 'none',
      sql,
      confidence,
      ms,
      outcome,
      question: q.question,
      ...(note ? { note } : {}),
      ...(signals ? { signals } : {}),
    });
    if (outcome === 'unscored') continue;
    report.byCategory[q.category ?? 'none'] ??= tally();
    report.byDb[q.db] ??= tally();
    for (const t of [report.overall, report.byCategory[q.category ?? 'none']!, report.byDb[q.db]!]) {
      t.n++;
      t[outcome]++;
    }
  }
  const times = report.outcomes.map((o) => o.ms).sort((a, b) => a - b);
  report.p50ms = percentile(times, 0.5);
  report.p95ms = percentile(times, 0.95);
  return report;
}

async function score(q: EvalQuestion, sql: string | null, deps: EvalDeps): Promise<Outcome> {
  if (sql === null) return 'abstained';
  let predicted: unknown[][];
  try {
    predicted = await deps.run(q.db, sql);
  } catch {
    return 'error';
  }
  for (const gold of q.gold ?? []) {
    let rows: unknown[][];
    try {
      rows = await deps.run(q.db, gold);
    } catch {
      continue;
    }
    if (resultsMatch(rows, predicted)) return 'correct';
  }
  return 'wrong';
}

function tally(): Tally {
  return { n: 0, correct: 0, wrong: 0, error: 0, abstained: 0 };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Values compared as score.mjs does: numbers to two decimals, dates as ISO text. */
function normalise(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  const text = String(v);
  return /^-?\d+(\.\d+)?$/.test(text) ? normalise(Number(text)) : text;
}

const columnKey = (rows: unknown[][], i: number) =>
  rows
    .map((r) => normalise(r[i]))
    .sort()
    .join('\u0001');

/**
 * The bench's rule: every gold column matches a distinct predicted column as a multiset, then the rows
 * match jointly; extra predicted columns are fine and row order is ignored.
 */
export function resultsMatch(gold: unknown[][], predicted: unknown[][]): boolean {
  if (predicted.length !== gold.length) return false;
  if (gold.length === 0) return true;
  const goldWidth = gold[0]!.length;
  const predictedWidth = predicted[0]!.length;
  const used = new Set<number>();
  const map: number[] = [];
  for (let g = 0; g < goldWidth; g++) {
    const key = columnKey(gold, g);
    let hit = -1;
    for (let p = 0; p < predictedWidth; p++)
      if (!used.has(p) && columnKey(predicted, p) === key) {
        hit = p;
        break;
      }
    if (hit < 0) return false;
    used.add(hit);
    map.push(hit);
  }
  const a = gold
    .map((r) => r.map(normalise).join('\u0002'))
    .sort()
    .join('\u0003');
  const b = predicted
    .map((r) => map.map((i) => normalise(r[i])).join('\u0002'))
    .sort()
    .join('\u0003');
  return a === b;
}

export function formatTally(label: string, t: Tally): string {
  const answered = t.n - t.abstained;
  const pct = (x: number, of: number) => (of === 0 ? '  -  ' : `${((100 * x) / of).toFixed(1).padStart(5)}%`);
  return `${label.padEnd(40)} n=${String(t.n).padStart(3)}  EX ${pct(t.correct, t.n)}  precision ${pct(t.correct, answered)}  abstain ${pct(t.abstained, t.n)}  wrong=${t.wrong} error=${t.error}`;
}

/** The report as lines of text: overall, per category, per database, latency. */
export function formatReport(report: EvalReport, title = 'engine'): string {
  const lines = [`== ${title}`, formatTally('ALL', report.overall)];
  for (const [k, t] of Object.entries(report.byCategory).sort()) lines.push(formatTally(`  category ${k}`, t));
  for (const [k, t] of Object.entries(report.byDb).sort()) lines.push(formatTally(`  db ${k}`, t));
  lines.push(`latency p50 ${report.p50ms} ms, p95 ${report.p95ms} ms`);
  return lines.join('\n');
}
