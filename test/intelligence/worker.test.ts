import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTarget, signUp, startApp, type TestApp } from '../helpers/app.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';

let t: TestApp;
let target: ScratchDatabase;
let worker: ChildProcess;

beforeAll(async () => {
  // The API process runs no worker: a separate `askdb worker` process does the analysis.
  t = await startApp({ WORKER: 'off', ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') });
  target = await createScratchDatabase('askdb_worker');
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  await client.query("create table notes (id int primary key, body text); insert into notes values (1, 'hello'); analyze;");
  await client.end();
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await t.close();
  await target.drop();
});

describe('askdb worker', () => {
  it('analyses connections queued by another process, and stops cleanly on SIGTERM', async () => {
    worker = spawn('node', ['bin/askdb.js', 'worker'], {
      env: { ...process.env, DATABASE_URL: t.ctx.config.DATABASE_URL, ENCRYPTION_KEY: t.ctx.config.ENCRYPTION_KEY, LOG_LEVEL: 'info', DATA_DIR: t.ctx.config.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    worker.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    for (let i = 0; i < 150 && !output.includes('worker started'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('worker started');

    const owner = await signUp(t.app);
    const created = await connectTarget(t.app, owner.headers, target.name);
    const id = created.json().id;
    let status = '';
    for (let i = 0; i < 200 && status !== 'ready'; i++) {
      status = (await t.app.inject({ method: 'GET', url: `/connections/${id}`, headers: owner.headers })).json().status;
      if (status !== 'ready') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('ready');

    const exited = new Promise<number | null>((resolve) => worker.on('exit', resolve));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
