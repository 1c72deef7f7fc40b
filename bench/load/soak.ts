/**
 * Soak: `npm run bench:soak -- --minutes 10 [--round-seconds 60] [--connections 16]`.
 *
 * Two `serve` and two `worker` processes on one PostgreSQL app database (a scratch database on the
 * local server), a target in a private PostgreSQL cluster (so it can be restarted), a fake LLM on a
 * fixed port (so it can be stopped and started). The mixed scenario runs at a fixed rate near 70 % of
 * the maximum measured first, clients spread over both `serve` processes, in rounds (a minute each by
 * default). Each round prints answers/s, p50/p99, errors, RSS and heap of each `serve`, the longest
 * event-loop delay and the app database's connections. Faults, one per round from the second on:
 * the app database's backends terminated, the target restarted, the LLM stopped for 5 s, a worker
 * killed mid-analysis (and another started), a `serve` killed (and started again); after each, how long
 * until answers come back. At the end: RSS growth after warm-up, and that nothing was lost (every
 * answer a client received is stored; no session without messages; no analysis left unfinished).
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startPrivateCluster } from '../../test/helpers/cluster.ts';
import { answerJson, startFakeLlm, type FakeLlm } from '../../test/helpers/fake-llm.ts';
import { type Figures, runScenario, runSpread } from './measure.ts';
import { builtinQuestions, llmQuestions, llmSql } from './questions.ts';
import { machineLine } from './report.ts';
import { chat, mixed, type ScenarioInput } from './scenarios.ts';
import { scrape } from './server-metrics.ts';
import { call } from './setup.ts';
import { openStack, type Stack } from './stack.ts';
import { targetSchemaSql } from './target.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'round-seconds': { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
    'llm-delay': { type: 'string', default: '200' },
  },
});
const minutes = Number(values.minutes);
const roundSeconds = Number(values['round-seconds']);
const rounds = Math.max(1, Math.floor((minutes * 60) / roundSeconds));
const connections = Number(values.connections);
const llmDelay = Number(values['llm-delay']);
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number | undefined) => (bytes === undefined ? NaN : bytes / 1024 / 1024);

function startLlm(port?: number): Promise<FakeLlm> {
  return startFakeLlm({
    flavor: 'openai',
    script: [],
    record: false,
    port,
    repeat: (request) =>
      request.path.endsWith('/models')
        ? { models: ['bench-model'] }
        : { delayMs: llmDelay, then: { text: answerJson({ tables: ['orders'], sql: llmSql }) } },
  });
}

async function appQuery<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Seconds until `serve` answers a question again (at most 30 s). */
async function recovery(stack: Stack, base: string, since: number): Promise<string> {
  for (let i = 0; i < 300 && Date.now() - since < 30_000; i++) {
    const answer = await call(
      base,
      'POST',
      `/chat/${stack.connectionId}`,
      { question: builtinQuestions[0] },
      stack.owner.token,
    ).catch(() => null);
    if (answer?.status === 200 && answer.body.kind === 'query') return `${((Date.now() - since) / 1000).toFixed(1)} s`;
    await sleep(100);
  }
  return 'not within 30 s';
}

const isRefusal = (failure: string) => failure.includes('ECONNREFUSED');

/** Connection attempts refused (a process down): autocannon retries them at once, so they are many. */
function refusedOf(figures: Figures): number {
  return Object.entries(figures.failures)
    .filter(([k]) => isRefusal(k))
    .reduce((n, [, count]) => n + count, 0);
}

interface Fault {
  name: string;
  /** Injects the fault; resolves with how it went (recovery time). */
  run(): Promise<string>;
}

async function main(): Promise<void> {
  console.log(
    `AskDB soak: ${rounds} rounds of ${roundSeconds} s, ${connections} clients, 2 serve + 2 worker processes; ${machineLine()}`,
  );
  const cluster = await startPrivateCluster();
  await cluster.query('CREATE DATABASE shop');
  await cluster.query(targetSchemaSql, { database: 'shop' });
  let llm = await startLlm();
  const llmPort = Number(new URL(llm.url).port);
  const target = {
    host: cluster.host,
    port: cluster.port,
    database: 'shop',
    username: cluster.superuser.user,
    password: cluster.superuser.password,
  };
  const stack = await openStack({
    mode: 'server',
    serverUrl,
    target,
    serves: 2,
    workers: 2,
    users: connections,
    label: 'soak',
    env: { LLM_PROVIDER: 'openai', OPENAI_BASE_URL: llm.url, OPENAI_MODEL: 'bench-model', LLM_TIMEOUT_MS: '2000' },
  });
  const appUrl = stack.databaseUrl!;
  const appName = new URL(appUrl).pathname.slice(1);
  const bases = () => stack.serves.map((s) => s.url);
  const answered = new Set<string>();
  // One question in five needs the LLM.
  const pool = builtinQuestions.flatMap((q, i) => (i % 4 === 3 ? [q, llmQuestions[i % llmQuestions.length]!] : [q]));
  const input: ScenarioInput = {
    connectionId: stack.connectionId,
    users: stack.users,
    connections,
    seconds: roundSeconds,
  };

  const faults: Fault[] = [
    {
      name: "app database's backends terminated",
      async run() {
        const since = Date.now();
        const [killed] = await appQuery<{ n: number }>(
          serverUrl,
          'select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()) k',
          [appName],
        );
        return `${killed!.n} backends; answers again after ${await recovery(stack, bases()[0]!, since)}`;
      },
    },
    {
      name: 'target database restarted',
      async run() {
        const since = Date.now();
        await cluster.restart();
        return `restart took ${((Date.now() - since) / 1000).toFixed(1)} s; answers again after ${await recovery(stack, bases()[0]!, since)}`;
      },
    },
    {
      name: 'LLM server stopped for 5 s',
      async run() {
        await llm.close();
        await sleep(5000);
        llm = await startLlm(llmPort);
        const since = Date.now();
        for (let i = 0; i < 300 && Date.now() - since < 30_000; i++) {
          const answer = await call(
            bases()[0]!,
            'POST',
            `/chat/${stack.connectionId}`,
            { question: llmQuestions[0] },
            stack.owner.token,
          ).catch(() => null);
          if (answer?.body?.engine === 'llm')
            return `LLM answers again ${((Date.now() - since) / 1000).toFixed(1)} s after its restart`;
          await sleep(100);
        }
        return 'LLM not answering within 30 s of its restart';
      },
    },
    {
      name: 'worker killed mid-analysis',
      async run() {
        const since = Date.now();
        await call(bases()[0]!, 'POST', `/connections/${stack.connectionId}/reanalyze`, {}, stack.owner.token);
        for (let i = 0; i < 100; i++) {
          const { body } = await call(
            bases()[0]!,
            'GET',
            `/connections/${stack.connectionId}`,
            undefined,
            stack.owner.token,
          );
          if (body.status !== 'ready') break;
          await sleep(50);
        }
        const victim = stack.workers.shift()!;
        await victim.kill();
        stack.workers.push(await stack.start('worker'));
        for (let i = 0; i < 1200 && Date.now() - since < 120_000; i++) {
          const { body } = await call(
            bases()[0]!,
            'GET',
            `/connections/${stack.connectionId}`,
            undefined,
            stack.owner.token,
          );
          if (body.status === 'ready')
            return `analysis ready again after ${((Date.now() - since) / 1000).toFixed(1)} s; answers were served throughout`;
          await sleep(100);
        }
        return 'analysis not ready within 120 s';
      },
    },
    {
      name: 'a serve process killed (and started again)',
      async run() {
        const victim = stack.serves[1]!;
        const port = Number(new URL(victim.url).port);
        await victim.kill();
        const since = Date.now();
        const again = await stack.start('serve', {}, port);
        stack.serves[1] = again;
        return `back on its port after ${((Date.now() - since) / 1000).toFixed(1)} s; answers: ${await recovery(stack, again.url, since)}`;
      },
    },
  ];

  try {
    await Promise.all(bases().map((b) => runScenario(b, { ...chat(input, 'warm-up', builtinQuestions), seconds: 3 })));
    const calibration = await runSpread(bases(), { ...mixed(input, pool), seconds: 10 });
    const rate = Math.max(1, Math.round(0.7 * calibration.figures.rps * 5));
    console.log(
      `maximum: ${calibration.figures.rps.toFixed(1)} answers/s in the mixed scenario; soak rate ${rate} requests/s (about ${(rate / 5).toFixed(1)} answers/s)`,
    );
    console.log(
      `${'round'.padEnd(6)}${'answers/s'.padStart(10)}${'p50'.padStart(8)}${'p99'.padStart(8)}${'errors'.padStart(10)}${'RSS MB'.padStart(16)}${'heap MB'.padStart(16)}${'loop p99/max ms'.padStart(16)}${'app conns'.padStart(10)}  fault`,
    );
    const rss: number[] = [];
    let cleanErrors = 0;
    for (let round = 1; round <= rounds; round++) {
      const fault = round >= 2 ? faults[round - 2] : undefined;
      const faultOutcome = fault ? sleep((roundSeconds * 1000) / 3).then(() => fault.run()) : Promise.resolve('');
      const { figures, parts, loopMs, loopP99Ms } = await runSpread(bases(), {
        ...mixed({ ...input, rate }, pool, (id) => answered.add(id)),
        seconds: roundSeconds,
      });
      const outcome = await faultOutcome;
      const metrics = await Promise.all(bases().map((b) => scrape(b).catch(() => new Map<string, number>())));
      const [conns] = await appQuery<{ n: number }>(
        serverUrl,
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [appName],
      );
      const rssNow = metrics.map((m) => mb(m.get('askdb_process_resident_memory_bytes')));
      const heapNow = metrics.map((m) => mb(m.get('askdb_nodejs_heap_size_used_bytes')));
      rss.push(Math.max(...rssNow));
      if (!fault) cleanErrors += figures.errors;
      // Connections refused while a killed process was down carried no request; a load balancer would send them elsewhere.
      const refused = refusedOf(figures);
      const perServe = parts.map((p) => p.errors - refusedOf(p)).join('+');
      console.log(
        `${String(round).padEnd(6)}${figures.rps.toFixed(1).padStart(10)}${figures.p50.toFixed(0).padStart(8)}${figures.p99.toFixed(0).padStart(8)}${`${figures.errors - refused} (${perServe})`.padStart(10)}${rssNow
          .map((n) => n.toFixed(0))
          .join(' / ')
          .padStart(16)}${heapNow
          .map((n) => n.toFixed(0))
          .join(' / ')
          .padStart(
            16,
          )}${`${loopP99Ms.toFixed(0)} / ${loopMs.toFixed(0)}`.padStart(16)}${String(conns!.n).padStart(10)}  ${fault ? `${fault.name}: ${outcome}` : ''}${
          refused ? `; ${refused} connection attempts refused while it was down (no request reached AskDB)` : ''
        }${
          figures.errors > refused
            ? `  [${Object.entries(figures.failures)
                .filter(([k]) => !isRefusal(k))
                .map(([k, n]) => `${k} ×${n}`)
                .join('; ')}]`
            : ''
        }`,
      );
    }
    const afterWarmUp = rss[Math.min(1, rss.length - 1)]!;
    console.log(
      `\nRSS growth after warm-up (round 2 → last): ${(((rss.at(-1)! - afterWarmUp) / afterWarmUp) * 100).toFixed(1)} % (target ≤ 10 %)`,
    );
    console.log(`errors in rounds without a fault: ${cleanErrors} (target 0)`);

    // Whatever analysis a fault interrupted finishes (the rescue retries it) before the end state is read.
    for (let i = 0; i < 600; i++) {
      const [busy] = await appQuery<{ n: number }>(
        appUrl,
        `select count(*)::int as n from connections where status not in ('ready', 'error')`,
      );
      if (busy!.n === 0) break;
      await sleep(200);
    }
    const [stored] = await appQuery<{ n: number }>(
      appUrl,
      'select count(*)::int as n from chat_messages where id = any($1::uuid[])',
      [[...answered]],
    );
    const [empty] = await appQuery<{ n: number }>(
      appUrl,
      'select count(*)::int as n from chat_sessions s where not exists (select 1 from chat_messages m where m.session_id = s.id)',
    );
    const [stuck] = await appQuery<{ n: number }>(
      appUrl,
      `select count(*)::int as n from pgboss.job where name = 'analyze-connection' and state in ('active', 'created', 'retry')`,
    );
    const [runs] = await appQuery<{ n: number; ok: number }>(
      appUrl,
      `select count(*)::int as n, count(*) filter (where outcome = 'ready')::int as ok from analysis_runs`,
    );
    console.log(
      `answers received by clients and stored: ${stored!.n} of ${answered.size}; sessions without messages: ${empty!.n}; unfinished analysis jobs: ${stuck!.n}; analysis runs: ${runs!.n} (${runs!.ok} ready) for 2 requests (creation, re-analysis)`,
    );
  } finally {
    await stack.close();
    await llm.close();
    await cluster.stop();
  }
}

await main();
