import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTarget, signUp, startApp, type TestApp } from '../helpers/app.ts';
import { adminQuery, createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';

let t: TestApp;
let target: ScratchDatabase;
let slow: ScratchDatabase;
const workers: ChildProcess[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Starts `askdb worker` in its own process and waits until it says it started. */
async function startWorker(): Promise<{ process: ChildProcess; output: () => string }> {
  const worker = spawn('node', ['bin/askdb.js', 'worker'], {
    env: {
      ...process.env,
      DATABASE_URL: t.ctx.config.DATABASE_URL,
      ENCRYPTION_KEY: t.ctx.config.ENCRYPTION_KEY,
      LOG_LEVEL: 'info',
      DATA_DIR: t.ctx.config.dataDir,
      ANALYSIS_RETRY_DELAY_SECONDS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(worker);
  let output = '';
  worker.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  worker.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  for (let i = 0; i < 150 && !output.includes('worker started'); i++) await sleep(100);
  expect(output).toContain('worker started');
  return { process: worker, output: () => output };
}

async function statusOf(
  id: string,
  headers: Record<string, string>,
): Promise<{ status: string; status_message: string | null }> {
  return (await t.app.inject({ method: 'GET', url: `/connections/${id}`, headers })).json();
}

beforeAll(async () => {
  // The API process runs no worker: separate `askdb worker` processes do the analysis.
  t = await startApp({
    WORKER: 'off',
    ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    ANALYSIS_RETRY_DELAY_SECONDS: '1',
  });
  target = await createScratchDatabase('askdb_worker');
  await run(
    target.url,
    "create table notes (id int primary key, body text); insert into notes values (1, 'hello'); analyze;",
  );
  slow = await createScratchDatabase('askdb_worker_slow');
  await run(
    slow.url,
    "create table ledger (id int primary key, memo text); insert into ledger select g, 'entry ' || g from generate_series(1, 500) g; analyze;",
  );
});
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await t.close();
  await target.drop();
  await slow.drop();
});

describe('askdb worker', () => {
  it('analyses connections queued by another process, and stops cleanly on SIGTERM', async () => {
    const worker = await startWorker();
    const owner = await signUp(t.app);
    const created = await connectTarget(t.app, owner.headers, target.name);
    const id = created.json().id;
    let status = '';
    for (let i = 0; i < 200 && status !== 'ready'; i++) {
      status = (await statusOf(id, owner.headers)).status;
      if (status !== 'ready') await sleep(100);
    }
    expect(status).toBe('ready');

    const exited = new Promise<number | null>((resolve) => worker.process.on('exit', resolve));
    worker.process.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('after a worker is killed mid-analysis, a restarted worker finishes it and the queue keeps serving other connections', async () => {
    const owner = await signUp(t.app);
    // The test holds a lock on the slow target's only table, so the analysis blocks reading it.
    const holder = new pg.Client({ connectionString: slow.url });
    await holder.connect();
    await holder.query('begin; lock table ledger in access exclusive mode');
    const first = await startWorker();
    const stuck = (await connectTarget(t.app, owner.headers, slow.name)).json().id as string;
    let waiting = 0;
    for (let i = 0; i < 300 && waiting === 0; i++) {
      const { rows } = await adminQuery(
        `select count(*)::int as n from pg_stat_activity where datname = '${slow.name}' and wait_event_type = 'Lock'`,
      );
      waiting = rows[0].n;
      if (waiting === 0) await sleep(100);
    }
    expect(waiting, first.output()).toBeGreaterThan(0);
    expect((await statusOf(stuck, owner.headers)).status).toBe('analyzing');

    const killed = new Promise((resolve) => first.process.on('exit', resolve));
    first.process.kill('SIGKILL');
    await killed;
    await holder.query('rollback');
    await holder.end();

    // Re-analysing the interrupted connection while its dead job is still `active` once wedged the
    // whole queue (pg-boss's stately unique index failed every fetch); a new connection must not wait.
    expect(
      (await t.app.inject({ method: 'POST', url: `/connections/${stuck}/reanalyze`, headers: owner.headers }))
        .statusCode,
    ).toBe(202);
    const fresh = (await connectTarget(t.app, owner.headers, target.name, '', 'notes again')).json().id as string;

    const second = await startWorker();
    const restarted = Date.now();
    const unfinishedJobs = async () =>
      (
        await t.ctx.database.query<{ n: number }>(
          `select count(*)::int as n from pgboss.job where name = 'analyze-connection' and state < 'completed'`,
        )
      )[0]!.n;
    let statuses: string[] = [];
    let unfinished = -1;
    while (Date.now() - restarted < 120_000) {
      statuses = [(await statusOf(stuck, owner.headers)).status, (await statusOf(fresh, owner.headers)).status];
      unfinished = await unfinishedJobs();
      if (statuses.every((s) => s === 'ready') && unfinished === 0) break;
      await sleep(250);
    }
    expect({ statuses, unfinished }, second.output()).toEqual({ statuses: ['ready', 'ready'], unfinished: 0 });
    expect(Date.now() - restarted).toBeLessThan(120_000);
    // The killed job itself was failed by the rescue and retried, not left to expire after 30 minutes.
    expect(second.output()).toContain('analysis job abandoned by a dead process');
  }, 180_000);
});
