import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp({ DEMO: 'on', DEMO_PORT: '0' });
});
afterAll(() => t.close());

describe('the demo database', () => {
  it('is added with one call, analysed like any connection, and answers questions', async () => {
    const user = await signUp(t.app);
    const created = await t.app.inject({ method: 'POST', url: '/connections/demo', headers: user.headers });
    expect(created.statusCode, created.body).toBe(201);
    const demo = created.json();
    expect(demo).toMatchObject({ name: expect.stringMatching(/^Demo: /), permission: 'owner', database: 'postgres' });
    const again = await t.app.inject({ method: 'POST', url: '/connections/demo', headers: user.headers });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details.connection_id).toBe(demo.id);

    // Polls until the analysis ends; the test's timeout bounds the wait (analysing ~120k rows takes
    // a while on a busy machine).
    let status = '';
    while (status !== 'ready' && status !== 'error') {
      status = (await t.app.inject({ method: 'GET', url: `/connections/${demo.id}`, headers: user.headers })).json()
        .status;
      if (status !== 'ready') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('ready');
    const stats = (
      await t.app.inject({ method: 'GET', url: `/intelligence/${demo.id}/stats`, headers: user.headers })
    ).json();
    expect(stats.rows).toBeGreaterThanOrEqual(100_000);
    const { questions } = (
      await t.app.inject({ method: 'GET', url: `/chat/${demo.id}/suggestions`, headers: user.headers })
    ).json();
    expect(questions).toHaveLength(5);
    const answer = (
      await t.app.inject({
        method: 'POST',
        url: `/chat/${demo.id}`,
        headers: user.headers,
        payload: { question: questions[0] },
      })
    ).json();
    expect(answer.kind).toBe('query');
    expect(answer.row_count).toBeGreaterThan(0);

    const health = (await t.app.inject({ method: 'GET', url: '/system/health' })).json();
    expect(health.demo).toMatchObject({
      status: 'ready',
      url: expect.stringMatching(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/),
    });
  }, 180_000);

  it('is unavailable (503) where no demo runs', async () => {
    const plain = await startApp({ WORKER: 'off' });
    try {
      const user = await signUp(plain.app);
      const response = await plain.app.inject({ method: 'POST', url: '/connections/demo', headers: user.headers });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.message).toMatch(/No demo database/);
    } finally {
      await plain.close();
    }
  });
});

describe('followDemo', () => {
  it('moves demo connections to where the demo listens now', async () => {
    const { followDemo } = await import('../../src/connections/demo.ts');
    const file = path.join(t.ctx.config.dataDir, 'demo-address-test');
    const user = await signUp(t.app);
    const old = 'postgres://postgres@127.0.0.1:45999/postgres';
    await t.app.inject({
      method: 'POST',
      url: '/connections/from-url?skip_test=true',
      headers: user.headers,
      payload: { url: old },
    });
    writeFileSync(file, old);
    const moved = await followDemo(t.ctx.db, file, { url: 'postgres://postgres@127.0.0.1:46001/postgres' } as never);
    expect(moved).toBe(1);
    expect(readFileSync(file, 'utf8').trim()).toBe('postgres://postgres@127.0.0.1:46001/postgres');
    const [row] = await t.ctx.database.query<{ port: number }>('select port from connections where owner_id = $1', [
      user.user.id,
    ]);
    expect(row!.port).toBe(46001);
  });
});
