/**
 * Scores the built-in engine on ../shared/bench (defog-dev and spider-train, loaded once with each
 * split's load.sh) against the local bench_<db> databases, with a naive baseline in the same run.
 * Every reading is kept (threshold 0) so confidence can be judged: the report prints EX, precision
 * and abstention per split at the engine's threshold, a reliability table, and the figures when the
 * threshold is chosen with each database held out in turn.
 *
 * Usage: npx tsx bench/engine/run.ts [--split defog-dev|spider-train] [--db NAME] [--per-db]
 *          [--show wrong|abstained|correct|all|shown-wrong] [--out FILE] [--target 0.95] [--write-model]
 *          [--terms proposed]  (every business term analysis proposes for a database, used as if people accepted it)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { heldOutByDatabase, reliabilityTable, type Scored } from '../../src/engine/calibration.ts';
import { answerThreshold, calibratedConfidence } from '../../src/engine/confidence.ts';
import { clarifyFloor } from '../../src/engine/index.ts';
import {
  evaluate,
  formatTally,
  parseQuestions,
  type EvalQuestion,
  type EvalReport,
  type Tally,
} from '../../src/engine/eval.ts';
import { nameScore } from '../../src/engine/link.ts';
import { indexSchema } from '../../src/engine/schema-index.ts';
import { tokenize } from '../../src/engine/tokenize.ts';
import { analyzeDatabase } from '../../src/intelligence/analyze.ts';
import type { DatabaseModel } from '../../src/intelligence/model.ts';
import { queryFnForPool } from '../../src/intelligence/query.ts';
import { proposeTerms } from '../../src/intelligence/terms/propose.ts';
import { crossValidated, fitModel, type Sample } from './fit.ts';
import { benchRoot, benchServer, cliArgs } from '../cli.ts';

pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(20, (v) => Number(v));

const { option, flag } = cliArgs();
const base = benchServer;
const splits = option('split') ? [option('split')!] : ['defog-dev', 'spider-train'];
/** Precision the shipped threshold is chosen for, on held-out databases (`--target`, default 0.95). */
const target = Number(option('target') ?? 0.95);

/** A few open clients at a time: 144 databases would exhaust the server's connection slots. */
const clients = new Map<string, pg.Client>();
async function client(db: string): Promise<pg.Client> {
  let c = clients.get(db);
  if (c) return c;
  if (clients.size >= 3) {
    const [oldest, old] = clients.entries().next().value as [string, pg.Client];
    clients.delete(oldest);
    await old.end();
  }
  c = new pg.Client({ connectionString: `${base}/bench_${db}` });
  await c.connect();
  clients.set(db, c);
  return c;
}

async function run(db: string, sql: string): Promise<unknown[][]> {
  const c = await client(db);
  await c.query("BEGIN READ ONLY; SET LOCAL statement_timeout = '20s'");
  try {
    return (await c.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
  } finally {
    await c.query('ROLLBACK').catch(() => {});
  }
}

const models = new Map<string, DatabaseModel>();
async function model(db: string): Promise<DatabaseModel> {
  let m = models.get(db);
  if (m) return m;
  const pool = new pg.Pool({ connectionString: `${base}/bench_${db}`, max: 2 });
  try {
    m = (await analyzeDatabase(queryFnForPool(pool), {})) as DatabaseModel;
  } finally {
    await pool.end();
  }
  models.set(db, m);
  return m;
}

/** Baseline: SELECT * FROM the table whose name best matches the question's words. */
async function baselineAnswer(question: string, m: DatabaseModel) {
  const words = tokenize(question)
    .filter((t) => t.kind === 'word')
    .map((t) => t.lemma);
  let best: { name: string; score: number } | null = null;
  for (const t of indexSchema(m).tables) {
    const score = Math.max(0, ...words.map((w) => nameScore([w], t.forms, t.commentWords)));
    if (score > 0 && (!best || score > best.score))
      best = { name: t.schema === 'public' ? t.name : `${t.schema}.${t.name}`, score };
  }
  return { sql: best ? `SELECT * FROM ${best.name}` : null, confidence: best?.score ?? 0 };
}

/** The report as the engine would answer at `threshold`: readings below it count as abstentions. */
function atThreshold(
  report: EvalReport,
  threshold: number,
): { overall: Tally; byDb: Record<string, Tally>; byCategory: Record<string, Tally> } {
  const empty = (): Tally => ({ n: 0, correct: 0, wrong: 0, error: 0, abstained: 0 });
  const out = { overall: empty(), byDb: {} as Record<string, Tally>, byCategory: {} as Record<string, Tally> };
  for (const o of report.outcomes) {
    if (o.outcome === 'unscored') continue;
    const outcome = o.sql === null || o.confidence < threshold ? 'abstained' : o.outcome;
    out.byDb[o.db] ??= empty();
    out.byCategory[o.category] ??= empty();
    for (const t of [out.overall, out.byDb[o.db]!, out.byCategory[o.category]!]) {
      t.n++;
      t[outcome]++;
    }
  }
  return out;
}

const pct = (x: number, of: number) => (of === 0 ? '   -  ' : `${((100 * x) / of).toFixed(1).padStart(5)}%`);
const allScored: Scored[] = [];
const samples: Sample[] = [];
const questionsPerDb = new Map<string, number>();
const splitOfDb = new Map<string, string>();
const predictions: string[] = [];

for (const split of splits) {
  let questions: EvalQuestion[] = parseQuestions(
    fs.readFileSync(path.join(benchRoot, split, 'questions.jsonl'), 'utf8'),
  );
  if (option('db')) questions = questions.filter((q) => q.db === option('db'));
  if (questions.length === 0) continue;
  const terms = option('terms') === 'proposed' ? (_db: string, m: DatabaseModel) => proposeTerms(m) : undefined;
  const engine = await evaluate(questions, {
    model,
    run,
    threshold: 0,
    write: (line) => predictions.push(line),
    ...(terms ? { terms } : {}),
  });
  const baseline = await evaluate(questions, { model, run, answer: baselineAnswer });
  models.clear();

  const shown = atThreshold(engine, answerThreshold);
  console.log(`== ${split}: built-in engine at its threshold ${answerThreshold}`);
  console.log(formatTally('ALL', shown.overall));
  for (const [k, t] of Object.entries(shown.byCategory).sort()) console.log(formatTally(`  category ${k}`, t));
  if (flag('per-db') || splits.length === 1)
    for (const [k, t] of Object.entries(shown.byDb).sort()) console.log(formatTally(`  db ${k}`, t));
  console.log(`latency p50 ${engine.p50ms} ms, p95 ${engine.p95ms} ms`);
  // Readings between the floor and the threshold are offered back as a clarification (its first option is this reading).
  const offered = engine.outcomes.filter(
    (o) => o.sql !== null && o.confidence >= clarifyFloor && o.confidence < answerThreshold && o.outcome !== 'unscored',
  );
  const n = engine.outcomes.filter((o) => o.outcome !== 'unscored').length;
  console.log(
    `clarify: ${offered.length} of ${n} questions (${pct(offered.length, n).trim()}) are asked back; the first option is right for ${pct(offered.filter((o) => o.outcome === 'correct').length, offered.length).trim()} of them`,
  );
  console.log(formatTally('baseline: SELECT * FROM best table', baseline.overall));

  for (const o of engine.outcomes) {
    if (o.outcome === 'unscored') continue;
    questionsPerDb.set(o.db, (questionsPerDb.get(o.db) ?? 0) + 1);
    splitOfDb.set(o.db, split);
    if (o.sql !== null) allScored.push({ db: o.db, confidence: o.confidence, right: o.outcome === 'correct' });
    if (o.sql !== null && o.signals) samples.push({ db: o.db, signals: o.signals, right: o.outcome === 'correct' });
  }
  const show = option('show');
  if (show)
    for (const o of engine.outcomes)
      if (
        show === 'all' ||
        o.outcome === show ||
        (show === 'shown-wrong' && o.confidence >= answerThreshold && (o.outcome === 'wrong' || o.outcome === 'error'))
      )
        console.log(
          `[${o.outcome}] ${o.db} ${o.category} (${o.confidence})\n  Q: ${o.question}\n  ${o.sql ? `SQL: ${o.sql}` : `NOTE: ${o.note}`}`,
        );
}
for (const c of clients.values()) await c.end();
if (option('out')) fs.writeFileSync(option('out')!, `${predictions.join('\n')}\n`);

function printReliability(title: string, scored: Scored[]) {
  console.log(`\n== ${title}: share right per confidence bin`);
  for (const b of reliabilityTable(scored))
    console.log(
      `  [${b.low.toFixed(2)}, ${Math.min(1, b.high).toFixed(2)})  answered ${String(b.answered).padStart(5)}  right ${pct(b.right, b.answered)}`,
    );
}

function printHeldOut(title: string, scored: Scored[], precision = target) {
  console.log(`\n== ${title}`);
  const held = heldOutByDatabase(scored, questionsPerDb, precision);
  for (const split of splits) {
    const mine = held.filter((h) => splitOfDb.get(h.db) === split);
    const sum = (f: (h: (typeof held)[number]) => number) => mine.reduce((s, h) => s + f(h), 0);
    const [n, answered, right] = [sum((h) => h.questions), sum((h) => h.answered), sum((h) => h.right)];
    const thresholds = mine.map((h) => h.threshold).sort((a, b) => a - b);
    console.log(
      `  ${split.padEnd(14)} n=${n}  EX ${pct(right, n)}  precision ${pct(right, answered)}  abstain ${pct(n - answered, n)}  thresholds ${thresholds[0]}–${thresholds.at(-1)}`,
    );
    if (flag('per-db'))
      for (const h of mine)
        console.log(
          `    db ${h.db.padEnd(36)} n=${String(h.questions).padStart(3)}  answered ${String(h.answered).padStart(3)}  right ${String(h.right).padStart(3)}  precision ${pct(h.right, h.answered)}`,
        );
  }
}

printReliability('reliability of the shipped confidence (every reading, all splits)', allScored);
for (const precision of [...new Set([0.9, 0.95, target])])
  printHeldOut(
    `shipped confidence, each database held out: threshold for ${precision * 100}% precision chosen on the others`,
    allScored,
    precision,
  );

// The confidence model refitted with databases held out (10 groups): what it would say on databases it never saw.
if (option('samples-out')) fs.writeFileSync(option('samples-out')!, samples.map((x) => JSON.stringify(x)).join('\n'));
if (samples.length > 100) {
  const outOfFold = crossValidated(samples, 10, (m, sig) => calibratedConfidence(sig, m));
  const scored = samples.map((s, i) => ({ db: s.db, confidence: outOfFold[i]!, right: s.right }));
  printReliability('refitted model, scored on held-out databases only (10 groups)', scored);
  for (const precision of [...new Set([0.9, 0.95, target])])
    printHeldOut(
      `refitted model, each database held out: threshold for ${precision * 100}% precision chosen on the others`,
      scored,
      precision,
    );
  if (flag('write-model')) {
    const pooled = heldOutByDatabase(scored, new Map([['(none)', 0]]), target)[0]!.threshold;
    const model = fitModel(samples, pooled);
    const file = path.resolve(import.meta.dirname, '../../src/engine/confidence-model.json');
    fs.writeFileSync(file, `${JSON.stringify(model, null, 1)}\n`);
    // Written in the project's format, so `npm run lint` (biome ci) passes on the refitted file.
    execFileSync('npx', ['biome', 'format', '--write', file], { stdio: 'ignore' });
    console.log(
      `\nwrote ${file} (threshold ${pooled}, fitted on ${samples.length} readings from ${questionsPerDb.size} databases)`,
    );
  }
}
