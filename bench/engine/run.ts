/**
 * Scores the built-in engine on the defog dev questions against the local bench_<db> databases
 * (load them once with `bash ../shared/bench/defog-dev/load.sh`), with a naive baseline measured in
 * the same run. Usage: npx tsx bench/engine/run.ts [--db NAME] [--show wrong|abstained|correct|all] [--out FILE]
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseModel } from '../../src/intelligence/model.ts';
import { evaluate, formatReport, parseQuestions } from '../../src/engine/eval.ts';
import { nameScore } from '../../src/engine/link.ts';
import { indexSchema } from '../../src/engine/schema-index.ts';
import { tokenize } from '../../src/engine/tokenize.ts';
import { quickModel } from './quick-model.ts';

pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(20, (v) => Number(v));

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const benchDir = process.env.BENCH_DIR ?? path.resolve(import.meta.dirname, '../../../shared/bench/defog-dev');
const base = process.env.PGURL ?? 'postgres://postgres@127.0.0.1:5432';
let questions = parseQuestions(fs.readFileSync(path.join(benchDir, 'questions.jsonl'), 'utf8'));
if (option('db')) questions = questions.filter((q) => q.db === option('db'));

const clients = new Map<string, pg.Client>();
async function client(db: string): Promise<pg.Client> {
  let c = clients.get(db);
  if (!c) {
    c = new pg.Client({ connectionString: `${base}/bench_${db}` });
    await c.connect();
    clients.set(db, c);
  }
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

/** The analysis module's model (unless --model quick), else the temporary quick model. */
async function loadModel(db: string): Promise<DatabaseModel> {
  if (option('model') !== 'quick') {
    const analysis = await import('../../src/intelligence/analyze.ts' as string).catch(() => null);
    const query = await import('../../src/intelligence/query.ts' as string).catch(() => null);
    if (analysis?.analyzeDatabase && query?.queryFnForPool) {
      const pool = new pg.Pool({ connectionString: `${base}/bench_${db}`, max: 2 });
      try {
        modelSource.add('analysis');
        return (await analysis.analyzeDatabase(query.queryFnForPool(pool), {})) as DatabaseModel;
      } catch (error) {
        console.error(`analyzeDatabase failed on ${db} (${(error as Error).message}); using the quick model`);
      } finally {
        await pool.end();
      }
    }
  }
  modelSource.add('quick');
  return quickModel(await client(db), db);
}
const modelSource = new Set<string>();

const models = new Map<string, DatabaseModel>();
const model = async (db: string) => {
  let m = models.get(db);
  if (!m) models.set(db, (m = await loadModel(db)));
  return m;
};

const predictions: string[] = [];
const engine = await evaluate(questions, { model, run, write: (line) => predictions.push(line) });

// Baseline: SELECT * FROM the table whose name best matches the question's words.
const baseline = await evaluate(questions, {
  model,
  run,
  answer: async (question, m) => {
    const words = tokenize(question).filter((t) => t.kind === 'word').map((t) => t.lemma);
    let best: { name: string; score: number } | null = null;
    for (const t of indexSchema(m).tables) {
      const score = Math.max(0, ...words.map((w) => nameScore([w], t.forms, t.commentWords)));
      if (score > 0 && (!best || score > best.score)) best = { name: t.schema === 'public' ? t.name : `${t.schema}.${t.name}`, score };
    }
    return { sql: best ? `SELECT * FROM ${best.name}` : null, confidence: best?.score ?? 0 };
  },
});
for (const c of clients.values()) await c.end();

if (option('out')) fs.writeFileSync(option('out')!, `${predictions.join('\n')}\n`);
const show = option('show');
if (show)
  for (const o of engine.outcomes)
    if (show === 'all' || o.outcome === show)
      console.log(`[${o.outcome}] ${o.db} ${o.category} (${o.confidence})\n  Q: ${o.question}\n  ${o.sql ? `SQL: ${o.sql}` : `NOTE: ${o.note}`}`);
console.log(formatReport(engine, `built-in engine (model: ${[...modelSource].join(', ')})`));
console.log(formatReport(baseline, 'baseline: SELECT * FROM best-matching table').split('\n').slice(0, 2).join('\n'));
console.log('baseline: always abstain                  EX 0.0%, precision undefined, abstain 100%');
