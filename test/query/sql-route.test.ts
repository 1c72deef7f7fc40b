import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectTarget, signUp, startApp, type TestApp } from '../helpers/app.ts';
import { adminQuery, createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';
import { executeSqlQuery } from '../../src/query/service.ts';

let t: TestApp;
let target: ScratchDatabase;
let owner: Awaited<ReturnType<typeof signUp>>;
let chatter: Awaited<ReturnType<typeof signUp>>;
let connectionId: string;

beforeAll(async () => {
  t = await startApp({ WORKER: 'off', QUERY_TIMEOUT_MS: '3000', MAX_ROWS: '50' });
  target = await createScratchDatabase('askdb_sql');
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  await client.query(`create table items (id int primary key, name text, price numeric(8,2));
    insert into items select g, 'item ' || g, g * 1.25 from generate_series(1, 120) g;`);
  await client.end();
  owner = await signUp(t.app, 'sql_owner');
  chatter = await signUp(t.app, 'sql_chatter');
  const created = await connectTarget(t.app, owner.headers, target.name, '', 'items');
  connectionId = created.json().id;
  await t.app.inject({
    method: 'POST',
    url: `/connections/${connectionId}/shares`,
    headers: owner.headers,
    payload: { user_id: chatter.user.id, permission: 'chat' },
  });
});
afterAll(async () => {
  await t.close();
  await target.drop();
});

const runSql = (sql: string, headers = owner.headers) =>
  t.app.inject({ method: 'POST', url: `/connections/${connectionId}/sql`, headers, payload: { sql } });

async function adminRows(sql: string) {
  return (await adminQuery(sql)).rows;
}

describe('POST /connections/{id}/sql', () => {
  it('runs a SELECT with typed columns, a row cap and the normalised SQL', async () => {
    const response = await runSql('select id, name, price from items order by id');
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result.columns).toEqual([
      { name: 'id', type: 'int4' },
      { name: 'name', type: 'text' },
      { name: 'price', type: 'numeric' },
    ]);
    expect(result.rows).toHaveLength(50);
    expect(result.rows[0]).toEqual([1, 'item 1', '1.25']);
    expect(result.truncated).toBe(true);
    expect(result.sql).toMatch(/LIMIT 51/i);
    expect(result.relations).toEqual([{ schema: null, name: 'items' }]);
  });

  it('refuses writes and dangerous SQL with 422 and the reason, and changes nothing', async () => {
    for (const sql of [
      'delete from items',
      'select 1; drop table items',
      "select pg_read_file('/etc/passwd')",
      'select * from pg_authid',
    ]) {
      const response = await runSql(sql);
      expect(response.statusCode, sql).toBe(422);
      expect(response.json().error.message).toMatch(/cannot run/);
    }
    const count = await runSql('select count(*) as n from items');
    expect(count.json().rows[0][0]).toBe(120);
  });

  it('reports database errors and timeouts in words', async () => {
    const missing = await runSql('select nope from items');
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.message).toMatch(/column "nope" does not exist/);
    // Minutes of work: only the timeout ends it.
    const slow = await runSql('select count(*) from generate_series(1, 10000000000) a');
    expect(slow.statusCode).toBe(422);
    expect(slow.json().error.message).toMatch(/longer than 3 s/);
  });

  it('cancels the query on the server when the HTTP client goes away', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const marker = `askdb_cancel_${Date.now()}`;
    const abort = new AbortController();
    const request = fetch(`http://127.0.0.1:${port}/connections/${connectionId}/sql`, {
      method: 'POST',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ sql: `select count(*) as ${marker} from generate_series(1, 100000000) a` }),
      signal: abort.signal,
    }).catch((error: Error) => error);
    const running = async () =>
      (
        await adminRows(
          `select count(*)::int as n from pg_stat_activity where state = 'active' and query like '%${marker}%' and query not like '%pg_stat_activity%'`,
        )
      )[0].n;
    await vi.waitFor(async () => expect(await running()).toBe(1), { timeout: 10_000, interval: 20 });
    abort.abort();
    expect(await request).toBeInstanceOf(Error);
    // The server stopped it (it would run for seconds more), and the history says why.
    await vi.waitFor(async () => expect(await running()).toBe(0), { timeout: 10_000, interval: 20 });
    await vi.waitFor(async () => {
      const history = await t.app.inject({
        method: 'GET',
        url: `/system/connections/${connectionId}/sql-history?limit=20`,
        headers: owner.headers,
      });
      expect(history.json().find((l: { sql: string }) => l.sql.includes(marker))).toMatchObject({
        ok: false,
        reason: 'cancelled',
        source: 'user',
      });
    });
  });

  // 30 MB, three times the result cap: big enough to prove the cut, small enough for the test's 3 s query timeout on a busy machine.
  it('caps a huge value instead of failing: repeat(x, 30000000) gets a truncated, marked answer', async () => {
    const response = await runSql("select repeat('x', 30000000) as big");
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const result = response.json();
    expect(result.truncated).toBe(true);
    expect(result.truncated_reason).toMatch(/longer than 64 kB and cut/);
    expect(result.rows[0][0]).toMatch(/^x{65536}… \[truncated 29934464 bytes\]$/);
    expect(response.body.length).toBeLessThan(100_000);
  });

  it('refuses SQL holding a NUL byte with 400, and keeps the refusal in the SQL history', async () => {
    const response = await runSql('select 1\u0000; drop table items');
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_request', details: { code: 'invalid_character' } });
    const history = await t.app.inject({
      method: 'GET',
      url: `/system/connections/${connectionId}/sql-history?limit=5`,
      headers: owner.headers,
    });
    expect(history.json()[0]).toMatchObject({
      ok: false,
      reason: 'invalid_character',
      sql: 'select 1\u2400; drop table items',
    });
  });

  it('lets the owner allow a user-defined function by name through the connection settings', async () => {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    await client.query(
      `create or replace function doubled(int) returns int language sql immutable as $$ select $1 * 2 $$`,
    );
    await client.end();
    expect((await runSql('select doubled(21)')).statusCode).toBe(422);
    const bad = await t.app.inject({
      method: 'PUT',
      url: `/connections/${connectionId}`,
      headers: owner.headers,
      payload: { allowed_functions: ['doubled()'] },
    });
    expect(bad.statusCode).toBe(400);
    const put = await t.app.inject({
      method: 'PUT',
      url: `/connections/${connectionId}`,
      headers: owner.headers,
      payload: { allowed_functions: ['doubled'] },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().allowed_functions).toEqual(['doubled']);
    const ran = await runSql('select doubled(21)');
    expect(ran.statusCode, ran.body).toBe(200);
    expect(ran.json().rows).toEqual([[42]]);
    await t.app.inject({
      method: 'PUT',
      url: `/connections/${connectionId}`,
      headers: owner.headers,
      payload: { allowed_functions: [] },
    });
  });

  it('needs view permission: a chat user may not run hand-written SQL', async () => {
    const response = await runSql('select 1', chatter.headers);
    expect(response.statusCode).toBe(403);
  });

  it('records every query, run or refused, newest first', async () => {
    const marker = `history_${Date.now()}`;
    expect((await runSql(`select id as ${marker} from items order by id`)).statusCode).toBe(200);
    expect((await runSql(`delete from items where name = '${marker}'`)).statusCode).toBe(422);
    expect((await runSql(`select count(*) as ${marker} from generate_series(1, 10000000000) a`)).statusCode).toBe(422);
    const history = await t.app.inject({
      method: 'GET',
      url: `/system/connections/${connectionId}/sql-history?limit=100`,
      headers: owner.headers,
    });
    expect(history.statusCode).toBe(200);
    const lines = (
      history.json() as {
        sql: string;
        ok: boolean;
        reason: string | null;
        row_count: number | null;
        execution_ms: number | null;
        source: string;
      }[]
    ).filter((l) => l.sql.includes(marker));
    expect(lines.map((l) => [l.ok, l.reason])).toEqual([
      [false, 'timeout'],
      [false, 'not_select'],
      [true, null],
    ]);
    expect(lines[2]).toMatchObject({ row_count: 50, source: 'user', execution_ms: expect.any(Number) });
    const forChat = await t.app.inject({
      method: 'GET',
      url: `/system/connections/${connectionId}/sql-history`,
      headers: chatter.headers,
    });
    expect(forChat.statusCode).toBe(403);
  });

  it('offers the query tool as a service function with the same guard and permissions', async () => {
    const answer = await executeSqlQuery(t.ctx, {
      userId: chatter.user.id,
      connectionId,
      sql: 'select max(price) from items',
      source: 'builtin',
    });
    expect(answer.rows[0]).toEqual(['150.00']);
    await expect(
      executeSqlQuery(t.ctx, { userId: chatter.user.id, connectionId, sql: 'truncate items', source: 'llm' }),
    ).rejects.toThrow(/cannot run/);
    const stranger = await signUp(t.app);
    await expect(
      executeSqlQuery(t.ctx, { userId: stranger.user.id, connectionId, sql: 'select 1', source: 'llm' }),
    ).rejects.toThrow(/not found/);
  });
});

describe('system', () => {
  it('shows status, stats scoped to the caller, and Prometheus metrics', async () => {
    expect((await runSql('select 1 as stats_ok')).statusCode).toBe(200);
    expect((await runSql('delete from items where false')).statusCode).toBe(422);
    const status = await t.app.inject({
      method: 'GET',
      url: `/system/connections/${connectionId}/status`,
      headers: chatter.headers,
    });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({
      id: connectionId,
      status: expect.any(String),
      analysis_progress: expect.any(Number),
    });

    const own = (await t.app.inject({ method: 'GET', url: '/system/stats', headers: owner.headers })).json();
    expect(own).toMatchObject({ scope: 'own', users: 1, connections: { total: 1 } });
    expect(own.queries.total).toBeGreaterThanOrEqual(2);
    expect(own.queries.p50_ms).toEqual(expect.any(Number));
    expect(own.per_day[0]).toMatchObject({ day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });

    const admin = await signUp(t.app);
    await t.ctx.database.query(`update users set is_superuser = true where id = $1`, [admin.user.id]);
    const all = (await t.app.inject({ method: 'GET', url: '/system/stats', headers: admin.headers })).json();
    expect(all.scope).toBe('all');
    expect(all.users).toBeGreaterThanOrEqual(3);

    const health = await t.app.inject({ method: 'GET', url: '/system/health' });
    expect(health.json()).toMatchObject({ status: 'ok', jobs: { ok: true }, llm: { provider: 'builtin', ok: true } });

    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.body).toMatch(
      /askdb_http_requests_total\{method="POST",route="\/connections\/:id\/sql",status="200"\} \d+/,
    );
    expect(metrics.body).toMatch(/askdb_queries_total\{source="user",outcome="rejected"\} [1-9]/);
    expect(metrics.body).toMatch(/askdb_http_request_duration_seconds_bucket/);
  });

  it('reports degraded health (503) when the LLM endpoint is down', async () => {
    const degraded = await startApp({ WORKER: 'off', LLM_PROVIDER: 'ollama', OLLAMA_BASE_URL: 'http://127.0.0.1:9' });
    try {
      const health = await degraded.app.inject({ method: 'GET', url: '/system/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ status: 'degraded', llm: { provider: 'ollama', ok: false } });
    } finally {
      await degraded.close();
    }
  });
});
