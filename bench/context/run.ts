/**
 * Context recall of the LLM path: `npm run bench:context`.
 *
 * For every question of ../shared/bench (defog-dev and spider-train, loaded with each split's
 * load.sh), builds the exact generation prompt AskDB would send (the same code as `askdb eval
 * --prompts-out`) and the baseline's (the retrieval before this rework), and scores both: a question
 * is covered when the prompt shows every table and column its gold SQL uses and holds every text
 * literal exactly as stored. Prompt sizes are counted with the cl100k tokenizer. Rules were tuned on
 * defog-dev and every fourth spider database; the others are held out and reported per database.
 * Then the same on one database where some held-out databases' tables sit among 1,000 generated
 * business tables, with its analysis time.
 *
 * Usage: npx tsx bench/context/run.ts [--split defog-dev|spider-train] [--db NAME] [--no-mixed | --mixed-only]
 *          [--misses N|all] [--prompts-out FILE]
 * PGURL picks the server (default postgres://postgres@127.0.0.1:5432); REBUILD=1 rebuilds the mixed database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import pg from 'pg';
import { promptFor } from '../../src/agent/prompt.ts';
import type { Connection } from '../../src/db/schema.ts';
import { parseQuestions, type EvalQuestion } from '../../src/engine/eval.ts';
import { openEvalSession, type EvalSession } from '../../src/eval/session.ts';
import type { DatabaseModel } from '../../src/intelligence/model.ts';
import type { ChatMessage } from '../../src/llm/index.ts';
import { searchTables } from '../../src/retrieval/search.ts';
import { baselinePrompt, baselineSearch } from './baseline.ts';
import { misses, promptSchema, type Miss } from './coverage.ts';
import { goldNeeds, loadParser, type GoldNeeds } from './gold.ts';
import { chooseSources, ensureMixedDatabase, mixedDatabase } from './mixed.ts';
import { benchRoot, benchServer, cliArgs } from '../cli.ts';

const { option, flag } = cliArgs();
const base = benchServer;
const splits = option('split') ? [option('split')!] : ['defog-dev', 'spider-train'];
const today = '2025-01-15';
const targets = { heldOut: 0.95, mixed: 0.9, median: 2500, p95: 4000, analysisSeconds: 15 };

// ---------------------------------------------------------------------------------------------
// Which databases tuned the rules, which are held out

function isTuning(split: string, db: string, spiderDbs: string[]): boolean {
  return split === 'defog-dev' || spiderDbs.indexOf(db) % 4 === 0;
}

// ---------------------------------------------------------------------------------------------
// Scoring

interface Scored {
  db: string;
  id: string;
  question: string;
  covered: boolean;
  tokens: number;
  misses: Miss[];
  /** Every gold table among the search route's first five. */
  top5: boolean;
}

const tokensOf = (messages: ChatMessage[]) => messages.reduce((sum, m) => sum + encode(m.content).length, 0);

function schemaOf(model: DatabaseModel): Map<string, Set<string>> {
  return new Map(model.tables.map((t) => [t.name.toLowerCase(), new Set(t.columns.map((c) => c.name.toLowerCase()))]));
}

function score(
  q: EvalQuestion,
  needs: GoldNeeds[],
  messages: ChatMessage[],
  schema: Map<string, Set<string>>,
  top5: string[],
): Scored {
  const prompt = promptSchema(messages.map((m) => m.content).join('\n'));
  const perGold = needs.map((n) => misses(n, prompt, schema));
  const best = perGold.reduce((a, b) => (b.length < a.length ? b : a), perGold[0] ?? []);
  const found = new Set(top5.map((key) => key.replace(/^.*\./, '').toLowerCase()));
  const inTop5 = needs.some((n) => [...n.tables].filter((t) => schema.has(t)).every((t) => found.has(t)));
  return {
    db: q.db,
    id: q.id,
    question: q.question,
    covered: best.length === 0,
    tokens: tokensOf(messages),
    misses: best,
    top5: inTop5,
  };
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;
};
const pct = (x: number, of: number) => (of ? `${((100 * x) / of).toFixed(1)}%` : '-');
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

interface Tally {
  n: number;
  now: number;
  before: number;
  top5Now: number;
  top5Before: number;
  tokensNow: number[];
  tokensBefore: number[];
}
const tally = (): Tally => ({ n: 0, now: 0, before: 0, top5Now: 0, top5Before: 0, tokensNow: [], tokensBefore: [] });
function add(t: Tally, now: Scored, before: Scored) {
  t.n++;
  if (now.covered) t.now++;
  if (before.covered) t.before++;
  if (now.top5) t.top5Now++;
  if (before.top5) t.top5Before++;
  t.tokensNow.push(now.tokens);
  t.tokensBefore.push(before.tokens);
}
const line = (label: string, t: Tally) =>
  `${label.padEnd(44)} ${String(t.n).padStart(5)}  ${pct(t.before, t.n).padStart(6)} → ${pct(t.now, t.n).padStart(6)}   median ${String(quantile(t.tokensBefore, 0.5)).padStart(5)} → ${String(quantile(t.tokensNow, 0.5)).padStart(5)}   p95 ${String(quantile(t.tokensBefore, 0.95)).padStart(5)} → ${String(quantile(t.tokensNow, 0.95)).padStart(5)}   search@5 ${pct(t.top5Before, t.n).padStart(6)} → ${pct(t.top5Now, t.n).padStart(6)}`;
const header = `${'database'.padEnd(44)} ${'n'.padStart(5)}  coverage before → now   prompt tokens (cl100k) before → now${' '.repeat(17)}search route: all gold tables in the top 5`;

async function promptsFor(
  session: EvalSession,
  connection: Connection,
  questions: EvalQuestion[],
  label: (db: string) => string,
  dump: string[],
) {
  const model = await session.ctx.knowledge.model(connection);
  const schema = schemaOf(model);
  const rows: { q: EvalQuestion; now: Scored; before: Scored }[] = [];
  for (const q of questions) {
    const needs = (q.gold ?? []).flatMap((g) => {
      try {
        return [goldNeeds(g)];
      } catch {
        return [];
      }
    });
    if (needs.length === 0) continue;
    const messages = await promptFor(session.ctx, connection, q.question, { today });
    const old = await baselinePrompt(session.ctx.db, connection.id, model, q.question, today);
    const [top5, oldTop5] = await Promise.all([
      searchTables(session.ctx, connection.id, q.question, 5).then((hits) => hits.map((h) => `${h.schema}.${h.table}`)),
      baselineSearch(session.ctx.db, connection.id, q.question).then((keys) => keys.slice(0, 5)),
    ]);
    dump.push(JSON.stringify({ id: q.id, messages }));
    rows.push({
      q,
      now: score({ ...q, db: label(q.db) }, needs, messages, schema, top5),
      before: score({ ...q, db: label(q.db) }, needs, old, schema, oldTop5),
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------

async function missingDatabases(names: string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: `${base}/postgres` });
  try {
    await client.connect();
  } catch (error) {
    console.error(
      `No PostgreSQL server answers at ${base} (${(error as Error).message}). Start it: pg_ctlcluster --skip-systemctl-redirect 15 main start`,
    );
    process.exit(1);
  }
  const have = new Set(
    (
      await client.query<{ datname: string }>("select datname from pg_database where datname like 'bench\\_%'")
    ).rows.map((r) => r.datname),
  );
  await client.end();
  return names.filter((n) => !have.has(`bench_${n}`));
}

await loadParser();
const questionsBySplit = new Map<string, EvalQuestion[]>();
for (const split of splits) {
  let questions = parseQuestions(fs.readFileSync(path.join(benchRoot, split, 'questions.jsonl'), 'utf8'));
  if (option('db')) questions = questions.filter((q) => q.db === option('db'));
  questionsBySplit.set(split, questions);
}
const allDbs = [...new Set([...questionsBySplit.values()].flat().map((q) => q.db))];
const missing = await missingDatabases(allDbs);
if (missing.length > 0) {
  console.error(
    `The benchmark databases ${missing
      .slice(0, 5)
      .map((d) => `bench_${d}`)
      .join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} are not loaded. Load them with:`,
  );
  for (const split of splits) console.error(`  bash ${path.join(benchRoot, split, 'load.sh')}`);
  process.exit(1);
}
const spiderDbs = [
  ...new Set(
    parseQuestions(fs.readFileSync(path.join(benchRoot, 'spider-train', 'questions.jsonl'), 'utf8')).map((q) => q.db),
  ),
].sort();

// The app database of this run: a scratch database on the same server (faster than the embedded one for thousands of prompts).
const appName = `askdb_bench_context_app_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: `${base}/postgres` });
await admin.connect();
await admin.query(`CREATE DATABASE ${appName}`);
const session = await openEvalSession({
  dbUrl: `${base}/{db}`,
  appDatabaseUrl: `${base}/${appName}`,
  analyseInline: true,
  overrides: { LLM_PROVIDER: 'builtin', EMBEDDING_PROVIDER: 'none' },
});
// Interrupted, the run still drops its scratch app database.
process.once('SIGINT', () => {
  void session
    .close()
    .catch(() => {})
    .then(() => admin.query(`DROP DATABASE IF EXISTS ${appName} WITH (FORCE)`))
    .finally(() => process.exit(130));
});
const dump: string[] = [];
const showMisses = option('misses') ?? '25';
const missesToShow: Scored[] = [];
const tuningMisses: Scored[] = [];

try {
  const groups = { tuning: tally(), heldOut: tally() };
  const heldOutDbs = new Set<string>();
  for (const [split, questions] of flag('mixed-only') ? [] : questionsBySplit) {
    console.log(`\n== ${split}\n${header}`);
    const perDb = new Map<string, Tally>();
    const byDb = new Map<string, EvalQuestion[]>();
    for (const q of questions) byDb.set(q.db, [...(byDb.get(q.db) ?? []), q]);
    for (const [db, qs] of byDb) {
      const connection = await session.connect(`bench_${db}`);
      const tuning = isTuning(split, db, spiderDbs);
      if (!tuning) heldOutDbs.add(db);
      for (const { now, before } of await promptsFor(session, connection, qs, () => db, dump)) {
        add((perDb.get(db) ?? perDb.set(db, tally()).get(db))!, now, before);
        add(tuning ? groups.tuning : groups.heldOut, now, before);
        if (!now.covered) (tuning ? tuningMisses : missesToShow).push(now);
      }
      console.log(line(`${tuning ? 'T' : 'H'} ${db}`, perDb.get(db) ?? tally()));
    }
  }
  if (!flag('mixed-only')) console.log(`\n== summary (T: tuned on, H: held out)\n${header}`);
  if (!flag('mixed-only'))
    console.log(`${line('tuning databases', groups.tuning)}\n${line('held-out databases', groups.heldOut)}`);
  const all = tally();
  for (const g of [groups.tuning, groups.heldOut]) {
    all.n += g.n;
    all.now += g.now;
    all.before += g.before;
    all.top5Now += g.top5Now;
    all.top5Before += g.top5Before;
    all.tokensNow.push(...g.tokensNow);
    all.tokensBefore.push(...g.tokensBefore);
  }
  if (!flag('mixed-only')) console.log(line('all', all));
  const heldShare = groups.heldOut.n ? groups.heldOut.now / groups.heldOut.n : 1;
  if (!flag('mixed-only'))
    console.log(
      `targets: held-out coverage ≥ 95%: ${mark(heldShare >= targets.heldOut)}; median ≤ ${targets.median}: ${mark(quantile(all.tokensNow, 0.5) <= targets.median)}; p95 ≤ ${targets.p95}: ${mark(quantile(all.tokensNow, 0.95) <= targets.p95)}`,
    );

  if (!flag('no-mixed') && !option('db') && splits.includes('spider-train')) {
    const candidates = spiderDbs.filter((db) => !isTuning('spider-train', db, spiderDbs)).filter((_, i) => i % 7 === 3);
    const sources = await chooseSources(base, candidates, 70);
    const url = await ensureMixedDatabase(base, { sources, distractors: 1000 });
    const started = performance.now();
    const connection = await session.connect(mixedDatabase);
    const seconds = (performance.now() - started) / 1000;
    const model = await session.ctx.knowledge.model(connection);
    const questions = questionsBySplit.get('spider-train')!.filter((q) => sources.includes(q.db));
    const mixed = tally();
    const perSource = new Map<string, Tally>();
    for (const { now, before } of await promptsFor(session, connection, questions, (db) => db, [])) {
      add(mixed, now, before);
      add((perSource.get(now.db) ?? perSource.set(now.db, tally()).get(now.db))!, now, before);
      if (!now.covered) missesToShow.push({ ...now, db: `${mixedDatabase}:${now.db}` });
    }
    console.log(
      `\n== ${model.tables.length} tables in one database (${url.replace(/^.*\//, '')}): ${sources.length} held-out databases among generated business tables\n${header}`,
    );
    for (const [db, t] of perSource) console.log(line(`  ${db}`, t));
    console.log(line('all', mixed));
    console.log(`analysis of the ${model.tables.length}-table database: ${seconds.toFixed(1)} s`);
    console.log(
      `targets: coverage ≥ 90%: ${mark(mixed.n > 0 && mixed.now / mixed.n >= targets.mixed)}; analysis ≤ ${targets.analysisSeconds} s: ${mark(seconds <= targets.analysisSeconds)}`,
    );
  }

  const limit = showMisses === 'all' ? Infinity : Number(showMisses);
  for (const [label, list] of [
    ['held-out databases', missesToShow],
    ['tuning databases', tuningMisses],
  ] as const) {
    if (list.length === 0 || limit <= 0) continue;
    console.log(`\n== misses on ${label} (${Math.min(limit, list.length)} of ${list.length})`);
    for (const m of list.slice(0, limit))
      console.log(
        `${m.db} ${m.id}: ${m.question}\n   missing ${m.misses.map((x) => `${x.what} ${x.name}`).join(', ')}`,
      );
  }
  if (option('prompts-out')) fs.writeFileSync(option('prompts-out')!, `${dump.join('\n')}\n`);
} finally {
  await session.close();
  await admin.query(`DROP DATABASE IF EXISTS ${appName} WITH (FORCE)`);
  await admin.end();
}
