/**
 * Load bench: `npm run bench:load [-- --seconds 10 --connections 16 --llm-delay 200 --skip-embedded]`.
 *
 * Starts AskDB (`askdb serve` child processes) on the local PostgreSQL server against a generated
 * target (bench/load/target.ts), registers users, and runs each scenario for a fixed time with
 * autocannon: health; the SQL route (a GROUP BY over 24,000 orders); chat answered by the built-in
 * engine (a pool of questions); chat through a fake LLM answering after a fixed delay; a mixed
 * scenario (login, list connections, ask, read the session, share it); the mixed scenario again on
 * two `serve` processes (clients spread over both; each one's figures too) and two `worker` processes,
 * with a check that sessions and shared links are readable through either and the connection was
 * analysed once. Then the same on the embedded default (PGlite). Prints req/s, p50/p95/p99 (ms),
 * errors, the event-loop delay (p99, max) and the serve processes' CPU time per unit for each
 * scenario, and the ratios: answers/s ÷ SQL req/s,
 * answer p50 − query p50, AskDB's own time per answer (total − query − LLM) at 16 clients and at 1,
 * and CPU time per answer.
 *
 * TEST_DATABASE_URL picks the server (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { parseArgs } from 'node:util';
import { answerJson, startFakeLlm } from '../../test/helpers/fake-llm.ts';
import {
  type Collect,
  type Figures,
  percentile,
  runScenario,
  runSpread,
  type Sample,
  type Scenario,
} from './measure.ts';
import { builtinQuestions, llmQuestions, llmSql } from './questions.ts';
import { header, line, machineLine } from './report.ts';
import { chat, health, mixed, sqlRoute, type ScenarioInput } from './scenarios.ts';
import { answerable, openStack, type Stack } from './stack.ts';
import { ensureTarget } from './target.ts';
import { crossProcessCheck } from './cross-process.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    'llm-delay': { type: 'string', default: '200' },
    'skip-embedded': { type: 'boolean', default: false },
    'skip-scale-out': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const llmDelay = Number(values['llm-delay']);
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const server = new URL(serverUrl);

/**
 * AskDB's own time per answer, two ways. `server`: from the answer's own timings (planning and the
 * graph, less the query's and the LLM's time; not the sign-in check, the saving or the HTTP work).
 * `outside`: the latency the client saw, less the query's and the LLM's time (all AskDB did, and any
 * wait in line for the event loop or the app database).
 */
function ownTime(body: any, ms: number): Sample | null {
  const timings = body?.timings as Record<string, number> | null;
  if (!timings || typeof timings.total !== 'number' || body.kind !== 'query') return null;
  const query = body.execution_time_ms ?? 0;
  return {
    query,
    server: Math.max(0, timings.own ?? timings.total - query),
    outside: Math.max(0, ms - query - (timings.llm ?? 0)),
  };
}

interface Row {
  figures: Figures;
  loopMs: number;
  /** The serve processes' CPU time (ms) per counted unit. */
  cpuMs: number;
  /** Mean time (ms) per counted unit in each answer stage, from /metrics. */
  stagesMs: Map<string, number>;
}

async function measure(bases: string[], scenario: Scenario, collect?: Collect): Promise<Row> {
  const { figures, loopMs, loopP99Ms, cpuMs, stagesMs } = await runSpread(bases, scenario, collect);
  const perUnit = cpuMs / figures.requests;
  console.log(line(figures, { p99: loopP99Ms, max: loopMs }, perUnit));
  const mean = new Map([...stagesMs].map(([stage, ms]) => [stage, ms / figures.requests]));
  return { figures, loopMs, cpuMs: perUnit, stagesMs: mean };
}

/** p50 and p99 of one named figure of a row's answers. */
function spread(row: Row, name: string): { p50: number; p99: number; n: number } {
  const sorted = row.figures.samples.map((s) => s[name]!).sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), n: sorted.length };
}

/**
 * The answer stages' mean time per answer, the query's own time taken out of `execute`: what is left
 * there is waiting for one of the connection's pooled target connections, the read-only transaction's
 * set-up and reset, and the SQL history line. `plan` is the access, session and saved-answer look-ups.
 */
function stageLine(row: Row): string {
  const samples = row.figures.samples;
  const query = samples.reduce((sum, s) => sum + s.query!, 0) / samples.length;
  const stage = (name: string) => row.stagesMs.get(name) ?? NaN;
  const parts = [
    `plan ${fixed(stage('plan'))}`,
    `engine ${fixed(stage('understand') + stage('retrieve') + stage('generate'))}`,
    `check ${fixed(stage('check'))}`,
    `execute less the query ${fixed(stage('execute') - query)} (the query ${fixed(query)})`,
    `explain ${fixed(stage('explain') + stage('answer'))}`,
    `save ${fixed(stage('save'))}`,
  ];
  return parts.join(', ');
}

const fixed = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const pair = (f: { p50: number; p99: number }) =>
  `p50 ${fixed(f.p50).padStart(6)} ms, p99 ${fixed(f.p99).padStart(6)} ms`;

function ratios(label: string, rows: Record<string, Row>): void {
  const sql = rows.sql!.figures;
  const answers = rows.builtin!.figures;
  console.log(`\n${label}:`);
  console.log(
    `  built-in answers/s ÷ SQL-route req/s          ${(answers.rps / sql.rps).toFixed(2)}   (target ≥ 0.50)`,
  );
  console.log(`  answer p50 − query p50                        ${fixed(answers.p50 - sql.p50)} ms`);
  console.log("  AskDB's own time per answer (target: p50 ≤ 15 ms, p99 ≤ 60 ms at 16 clients)");
  const own16 = spread(rows.builtin!, 'server');
  const holds = own16.p50 <= 15 && own16.p99 <= 60;
  console.log(
    `    (a) ${connections} clients, wall clock in the server  ${pair(own16)}  over ${own16.n} answers: target ${holds ? 'holds' : 'missed'}`,
  );
  console.log(
    "        (plan + graph − query − LLM; at 16 clients it includes each answer's wait behind the others: for the event loop, the app database and one of the connection's 3 pooled target connections)",
  );
  console.log(`        ${connections} clients, client latency − query      ${pair(spread(rows.builtin!, 'outside'))}`);
  console.log(`        where it goes, mean ms per answer: ${stageLine(rows.builtin!)}`);
  if (rows.single) {
    console.log(`    (b) 1 client, wall clock in the server    ${pair(spread(rows.single, 'server'))}  (no queueing)`);
    console.log(`        1 client, client latency − query      ${pair(spread(rows.single, 'outside'))}`);
    console.log(`        where it goes, mean ms per answer: ${stageLine(rows.single)}`);
  }
  console.log(
    `    (c) serve CPU time per answer              ${fixed(rows.builtin!.cpuMs)} ms at ${connections} clients${
      rows.single ? `, ${fixed(rows.single.cpuMs)} ms at 1 client` : ''
    }; per SQL-route request ${fixed(rows.sql!.cpuMs)} ms`,
  );
  console.log('        (process.cpuUsage of the serve process over the scenario, from /metrics, ÷ answers)');
  if (rows.llm)
    console.log(
      `  with the fake LLM (${llmDelay} ms a call), ${connections} clients  server ${pair(spread(rows.llm, 'server'))}; CPU ${fixed(rows.llm.cpuMs)} ms per answer`,
    );
  const errors = Object.values(rows).reduce((n, r) => n + r.figures.errors, 0);
  console.log(`  errors                                        ${errors}`);
}

async function runSet(stack: Stack, llmStack: { base: string } | null, pool: string[]): Promise<Record<string, Row>> {
  const base = stack.serves[0]!.url;
  const input: ScenarioInput = { connectionId: stack.connectionId, users: stack.users, connections, seconds };
  const rows: Record<string, Row> = {};
  // A short warm-up of each process: caches, JIT, pools.
  await runScenario(base, { ...chat(input, 'warm-up', pool), seconds: 2 });
  if (llmStack) await runScenario(llmStack.base, { ...chat(input, 'warm-up', llmQuestions), seconds: 2 });
  rows.health = await measure([base], health(input));
  rows.sql = await measure([base], sqlRoute(input));
  rows.builtin = await measure([base], chat(input, 'POST /chat/{id} (built-in engine)', pool), ownTime);
  rows.single = await measure(
    [base],
    { ...chat(input, 'POST /chat/{id} (built-in engine), 1 client', pool), connections: 1 },
    ownTime,
  );
  if (llmStack)
    rows.llm = await measure(
      [llmStack.base],
      chat(input, `POST /chat/{id} (fake LLM, ${llmDelay} ms)`, llmQuestions),
      ownTime,
    );
  rows.mixed = await measure([base], mixed(input, pool), ownTime);
  return rows;
}

async function main(): Promise<void> {
  console.log(`AskDB load bench: ${connections} clients, ${seconds} s per scenario; ${machineLine()}`);
  const targetDatabase = await ensureTarget(serverUrl);
  const target = {
    host: server.hostname,
    port: Number(server.port || 5432),
    database: targetDatabase,
    username: decodeURIComponent(server.username || 'postgres'),
    password: 'x',
  };
  const llm = await startFakeLlm({
    flavor: 'openai',
    script: [],
    record: false,
    repeat: (request) =>
      request.path.endsWith('/models')
        ? { models: ['bench-model'] }
        : {
            delayMs: llmDelay,
            then: { text: answerJson({ tables: ['orders'], sql: llmSql, rationale: 'Orders by status.' }) },
          },
  });
  const llmEnv = { LLM_PROVIDER: 'openai', OPENAI_BASE_URL: llm.url, OPENAI_MODEL: 'bench-model' };
  try {
    // PostgreSQL app database: one serve (with its worker), and a second serve with the fake LLM.
    const stack = await openStack({
      mode: 'server',
      serverUrl,
      target,
      serves: 1,
      workers: 0,
      users: connections,
      label: 'pg',
    });
    let pool: string[] = [];
    try {
      const checked = await answerable(stack, builtinQuestions);
      pool = checked.kept;
      console.log(
        `question pool: ${pool.length} questions the engine answers${checked.dropped.length ? `; dropped: ${checked.dropped.join('; ')}` : ''}`,
      );
      if (pool.length === 0) throw new Error('no question of the pool is answered by the built-in engine');
      const llmServe = await stack.start('serve', { ...llmEnv, WORKER: 'off' });
      console.log(`\nPostgreSQL app database (${machineLine()})`);
      console.log(header());
      const rows = await runSet(stack, { base: llmServe.url }, pool);
      ratios('PostgreSQL app database', rows);
    } finally {
      await stack.close();
    }

    if (!values['skip-scale-out']) {
      const scaled = await openStack({
        mode: 'server',
        serverUrl,
        target,
        serves: 2,
        workers: 2,
        users: connections,
        label: 'scale',
      });
      try {
        const bases = scaled.serves.map((s) => s.url);
        const input: ScenarioInput = { connectionId: scaled.connectionId, users: scaled.users, connections, seconds };
        console.log(`\nScale-out: 2 serve + 2 worker processes on one PostgreSQL app database (${machineLine()})`);
        console.log(header());
        await runScenario(bases[0]!, { ...chat(input, 'warm-up', pool), seconds: 2 });
        await runScenario(bases[1]!, { ...chat(input, 'warm-up', pool), seconds: 2 });
        const spread = await runSpread(bases, { ...mixed(input, pool), name: 'mixed over 2 serve processes' }, ownTime);
        console.log(
          line(spread.figures, { p99: spread.loopP99Ms, max: spread.loopMs }, spread.cpuMs / spread.figures.requests),
        );
        for (const [i, part] of spread.parts.entries())
          console.log(line({ ...part, name: `  of which serve ${i + 1}` }));
        for (const check of await crossProcessCheck(scaled, pool[0]!)) console.log(`  ${check}`);
      } finally {
        await scaled.close();
      }
    }

    if (!values['skip-embedded']) {
      const embedded = await openStack({
        mode: 'embedded',
        serverUrl,
        target,
        serves: 1,
        workers: 0,
        users: connections,
        label: 'embedded',
      });
      try {
        console.log(`\nEmbedded app database (PGlite, the default) (${machineLine()})`);
        console.log(header());
        const rows = await runSet(embedded, null, pool);
        ratios('Embedded app database (PGlite)', rows);
      } finally {
        await embedded.close();
      }
    }
  } finally {
    await llm.close();
  }
}

await main();
