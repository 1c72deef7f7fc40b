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

/**
 * Starts `askdb worker` in its own process and waits until it says it started, or fails with its
 * output when it exits first. No time limit of its own: on a busy machine starting takes a while,
 * and the test's timeout bounds the wait.
 */
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
  await new Promise<void>((resolve, reject) => {
    const read = (d: Buffer) => {
      output += d.toString();
      if (output.includes('worker started')) resolve();
    };
    worker.stdout!.on('data', read);
    worker.stderr!.on('data', read);
    worker.on('exit', (code, signal) =>
      reject(new Error(`askdb worker exited (${code ?? signal}) before it started:\n${output}`)),
    );
  });
  return { process: worker, output: () => output };
}

/** Reads until `done` holds, every 100 ms; the test's timeout bounds the wait. */
async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await sleep(100);
  }
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
  it('analyses connections queued by another process, and stops cleanly on SIGTERM', async ({ onTestFailed }) => {
    const worker = await startWorker();
    // A failed test stops its worker, so it cannot take the next test's jobs.
    onTestFailed(() => {
      console.log(`askdb worker said:\n${worker.output()}`);
      worker.process.kill('SIGKILL');
    });
    const owner = await signUp(t.app);
    const created = await connectTarget(t.app, owner.headers, target.name);
    const id = created.json().id;
    const analysed = await pollUntil(
      () => statusOf(id, owner.headers),
      (connection) => connection.status === 'ready' || connection.status === 'error',
    );
    expect(analysed.status, analysed.status_message ?? '').toBe('ready');

    const exited = new Promise<number | null>((resolve) => worker.process.on('exit', resolve));
    worker.process.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);

  it('after a worker is killed mid-analysis, a restarted worker finishes it and the queue keeps serving other connections', async ({
    onTestFailed,
  }) => {
    const owner = await signUp(t.app);
    // The test holds a lock on the slow target's only table, so the analysis blocks reading it.
    const holder = new pg.Client({ connectionString: slow.url });
    await holder.connect();
    await holder.query('begin; lock table ledger in access exclusive mode');
    const first = await startWorker();
    const stuck = (await connectTarget(t.app, owner.headers, slow.name)).json().id as string;
    onTestFailed(() => console.log(`first askdb worker said:\n${first.output()}`));
    // The analysis is under way once one of its reads waits for the lock.
    await pollUntil(
      async () =>
        (
          await adminQuery(
            `select count(*)::int as n from pg_stat_activity where datname = '${slow.name}' and wait_event_type = 'Lock'`,
          )
        ).rows[0].n as number,
      (waiting) => waiting > 0,
    );
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
    onTestFailed(() => {
      console.log(`second askdb worker said:\n${second.output()}`);
      second.process.kill('SIGKILL');
    });
    const unfinishedJobs = async () =>
      (
        await t.ctx.database.query<{ n: number }>(
          `select count(*)::int as n from pgboss.job where name = 'analyze-connection' and state < 'completed'`,
        )
      )[0]!.n;
    const settled = await pollUntil(
      async () => ({
        statuses: [(await statusOf(stuck, owner.headers)).status, (await statusOf(fresh, owner.headers)).status],
        unfinished: await unfinishedJobs(),
      }),
      ({ statuses, unfinished }) => statuses.every((s) => s === 'ready' || s === 'error') && unfinished === 0,
    );
    expect(settled).toEqual({ statuses: ['ready', 'ready'], unfinished: 0 });
    // The killed job itself was failed by the rescue and retried, not left to expire after 30 minutes.
    const jobs = await t.ctx.database.query(
      `select id, state, singleton_key, started_on, completed_on, output from pgboss.job where name = 'analyze-connection' order by created_on`,
    );
    expect(second.output(), JSON.stringify(jobs, null, 1)).toContain('analysis job abandoned by a dead process');
  }, 300_000);
});
