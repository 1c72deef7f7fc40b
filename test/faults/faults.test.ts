/**
 * Faults AskDB must ride out (the soak bench injects the same ones under load): the app database's
 * backends terminated, a target database restarted, the LLM server stopped and started. After each,
 * answers come back within 10 s and nothing is left half-written: every chat session has its
 * messages, every answer is whole, no analysis job is stuck. (A worker killed mid-analysis:
 * test/intelligence/worker.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopSql } from '../engine/shop.ts';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';
import { startPrivateCluster, type PrivateCluster } from '../helpers/cluster.ts';
import { answerJson, startFakeLlm, type FakeLlm } from '../helpers/fake-llm.ts';

const RECOVERY_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The engine is not sure of this one, so the LLM is asked. */
const puzzling = 'Tell me about the zorgs of the blorp';

let t: TestApp;
let cluster: PrivateCluster;
let llm: FakeLlm;
let llmPort: number;
let owner: Awaited<ReturnType<typeof signUp>>;
let connectionId: string;

function startLlm(port?: number): Promise<FakeLlm> {
  return startFakeLlm({
    flavor: 'openai',
    script: [],
    port,
    repeat: (request) =>
      request.path.endsWith('/models')
        ? { models: ['m'] }
        : { text: answerJson({ tables: ['orders'], sql: 'SELECT count(*) AS zorgs FROM orders' }) },
  });
}

function ask(question: string) {
  return t.app.inject({ method: 'POST', url: `/chat/${connectionId}`, headers: owner.headers, payload: { question } });
}

/** Asks until an answer of `kind` comes back; the time it took, or a failure after 10 s. */
async function recovers(question: string, accept: (body: any) => boolean): Promise<number> {
  const started = Date.now();
  let last = '';
  for (let i = 0; i < 200 && Date.now() - started < RECOVERY_MS; i++) {
    const response = await ask(question);
    if (response.statusCode === 200 && accept(response.json())) return Date.now() - started;
    last = `${response.statusCode} ${response.body.slice(0, 200)}`;
    await sleep(100);
  }
  throw new Error(`no answer within ${RECOVERY_MS / 1000} s; last: ${last}`);
}

/** Nothing half-written: sessions all have messages, answers are whole, no analysis is stuck. */
async function assertSettled(): Promise<void> {
  const [empty] = await t.ctx.database.query<{ n: number }>(
    'select count(*)::int as n from chat_sessions s where not exists (select 1 from chat_messages m where m.session_id = s.id)',
  );
  expect(empty!.n, 'sessions without messages').toBe(0);
  const [partial] = await t.ctx.database.query<{ n: number }>(
    `select count(*)::int as n from chat_messages where kind = 'query' and (sql is null or columns is null or rows is null or row_count is null)`,
  );
  expect(partial!.n, 'answers without their result').toBe(0);
  const [stuck] = await t.ctx.database.query<{ n: number }>(
    `select count(*)::int as n from pgboss.job where name = 'analyze-connection' and state in ('active', 'created', 'retry')`,
  );
  expect(stuck!.n, 'analysis jobs not finished').toBe(0);
  const [busy] = await t.ctx.database.query<{ n: number }>(
    `select count(*)::int as n from connections where status not in ('ready', 'error')`,
  );
  expect(busy!.n, 'connections still analysing').toBe(0);
}

beforeAll(async () => {
  cluster = await startPrivateCluster();
  await cluster.query('CREATE DATABASE shop');
  await cluster.query(`${shopSql(true)}; ANALYZE;`, { database: 'shop' });
  llm = await startLlm();
  llmPort = Number(new URL(llm.url).port);
  t = await startApp({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: llm.url, OPENAI_MODEL: 'm', LLM_TIMEOUT_MS: '1000' });
  owner = await signUp(t.app);
  const created = await t.app.inject({
    method: 'POST',
    url: '/connections',
    headers: owner.headers,
    payload: {
      name: 'Shop',
      host: cluster.host,
      port: cluster.port,
      database: 'shop',
      username: cluster.superuser.user,
      password: cluster.superuser.password,
      ssl_mode: 'disable',
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  connectionId = created.json().id;
  for (let i = 0; i < 300; i++) {
    const c = (
      await t.app.inject({ method: 'GET', url: `/connections/${connectionId}`, headers: owner.headers })
    ).json();
    if (c.status === 'ready') break;
    await sleep(100);
  }
  expect((await ask('How many orders are there?')).json()).toMatchObject({ kind: 'query', rows: [[7]] });
}, 90_000);

afterAll(async () => {
  await t?.close();
  await llm?.close();
  await cluster?.stop();
});

describe('faults', () => {
  it("the app database's backends are terminated: answers come back, nothing half-written", async () => {
    const database = new URL(t.ctx.config.DATABASE_URL!).pathname.slice(1);
    const killed = await t.ctx.database.query<{ n: number }>(
      'select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()) k',
      [database],
    );
    expect(killed[0]!.n).toBeGreaterThan(0);
    const ms = await recovers(
      'How many customers are there?',
      (body) => body.kind === 'query' && body.rows[0][0] === 5,
    );
    expect(ms).toBeLessThan(RECOVERY_MS);
    await assertSettled();
  });

  it('a target database restarts: answers come back, nothing half-written', async () => {
    await cluster.restart();
    const ms = await recovers('How many products are there?', (body) => body.kind === 'query' && body.rows[0][0] === 6);
    expect(ms).toBeLessThan(RECOVERY_MS);
    await assertSettled();
  });

  it('the LLM server stops: the built-in engine answers, and the LLM again once it is back', async () => {
    expect((await ask(puzzling)).json()).toMatchObject({ engine: 'llm', kind: 'query' });
    await llm.close();
    const without = (await ask(puzzling)).json();
    expect(without.engine).toBe('builtin');
    expect(without.provenance.notes.join(' ')).toMatch(/language model was unavailable/);
    llm = await startLlm(llmPort);
    const ms = await recovers(puzzling, (body) => body.engine === 'llm' && body.kind === 'query');
    expect(ms).toBeLessThan(RECOVERY_MS);
    await assertSettled();
  });
});
