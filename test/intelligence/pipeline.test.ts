import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTarget, signUp, startApp, type TestApp } from '../helpers/app.ts';
import { adminQuery, createScratchDatabase, urlFor, type ScratchDatabase } from '../helpers/pg.ts';
import pg from 'pg';

const shop = `
  create table customers (id serial primary key, name text not null, email text unique not null, city text);
  create table orders (
    id serial primary key, customer_id int not null references customers(id),
    status text not null, total numeric(10,2) not null, created_at timestamptz not null default now());
  insert into customers (name, email, city)
    select 'Customer ' || g, 'c' || g || '@example.com', (array['Berlin','Paris','Lisbon','Oslo'])[1 + g % 4]
    from generate_series(1, 400) g;
  insert into orders (customer_id, status, total, created_at)
    select 1 + g % 400, (array['new','paid','shipped','delivered','cancelled'])[1 + g % 5], (g % 97) * 1.5,
           timestamp '2023-01-01' + g * interval '2 hours'
    from generate_series(1, 5000) g;
  analyze;
`;

let t: TestApp;
let target: ScratchDatabase;
let owner: Awaited<ReturnType<typeof signUp>>;

async function run(sql: string, url = target.url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitFor(connectionId: string, statuses: string[], timeoutMs = 45_000) {
  const started = Date.now();
  const seen: number[] = [];
  for (;;) {
    const response = await t.app.inject({ method: 'GET', url: `/connections/${connectionId}`, headers: owner.headers });
    const connection = response.json();
    seen.push(connection.analysis_progress);
    if (statuses.includes(connection.status)) return { connection, seen };
    if (Date.now() - started > timeoutMs) throw new Error(`still ${connection.status} (${connection.status_message}) after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const connect = (database: string, query = '') => connectTarget(t.app, owner.headers, database, query);

beforeAll(async () => {
  t = await startApp({ ANALYSIS_RETRY_LIMIT: '1', ANALYSIS_RETRY_DELAY_SECONDS: '1' });
  target = await createScratchDatabase('askdb_shop');
  await run(shop);
  owner = await signUp(t.app, 'analyst');
});
afterAll(async () => {
  await t.close();
  await target.drop();
});

describe('analysis pipeline', () => {
  let connectionId: string;

  it('analyses a new connection in the background to ready, with insights a person would agree with', async () => {
    const created = await connect(target.name);
    expect(created.statusCode, created.body).toBe(201);
    connectionId = created.json().id;
    const { connection } = await waitFor(connectionId, ['ready', 'error']);
    expect(connection.status, connection.status_message).toBe('ready');
    expect(connection.analysis_progress).toBe(100);
    expect(connection.last_analyzed_at).toEqual(expect.any(String));

    const insights = (await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/insights`, headers: owner.headers })).json();
    expect(insights.total).toBe(2);
    const orders = insights.items.find((i: { table: string }) => i.table === 'orders');
    const customers = insights.items.find((i: { table: string }) => i.table === 'customers');
    const column = (insight: { columns: { name: string }[] }, name: string) => insight.columns.find((c) => c.name === name) as any;
    expect(column(orders, 'status').strategy).toBe('categorical');
    expect(column(orders, 'status').values.map((v: { value: string }) => v.value).sort()).toEqual(['cancelled', 'delivered', 'new', 'paid', 'shipped']);
    expect(column(customers, 'email').strategy).toBe('vector');
    expect(column(orders, 'id').strategy).toBe('skip');
    expect(orders.foreign_keys).toEqual([expect.objectContaining({ columns: ['customer_id'], references: 'public.customers', origin: 'declared' })]);
    expect(orders.summary.length).toBeGreaterThan(10);

    const stats = (await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/stats`, headers: owner.headers })).json();
    expect(stats).toMatchObject({ status: 'ready', tables: 2, columns: 9 });
    expect(stats.columns_by_strategy.categorical).toBeGreaterThanOrEqual(2);
    expect(stats.rows).toBeGreaterThan(5000);
  });

  it('finds tables by words and by stored values', async () => {
    const search = await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/search?q=${encodeURIComponent('orders from Berlin')}`, headers: owner.headers });
    expect(search.statusCode).toBe(200);
    const hits = search.json();
    expect(hits.map((h: { table: string }) => h.table)).toEqual(expect.arrayContaining(['orders', 'customers']));
    const customers = hits.find((h: { table: string }) => h.table === 'customers');
    expect(customers.reasons.join(' ')).toMatch(/Berlin/);
    const orders = hits.find((h: { table: string }) => h.table === 'orders');
    expect(orders.reasons.join(' ')).toMatch(/orders/);
  });

  it('keeps a person\'s edits across re-analysis and records schema drift', async () => {
    const insights = (await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/insights`, headers: owner.headers })).json();
    const orders = insights.items.find((i: { table: string }) => i.table === 'orders');
    const edit = await t.app.inject({
      method: 'PUT',
      url: `/intelligence/${connectionId}/insights/${orders.id}`,
      headers: owner.headers,
      payload: { summary: 'Every order a customer placed, with its status and total.', column_notes: { total: 'In euros, tax included' } },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ edited: true });
    const badNote = await t.app.inject({
      method: 'PUT',
      url: `/intelligence/${connectionId}/insights/${orders.id}`,
      headers: owner.headers,
      payload: { column_notes: { nope: 'x' } },
    });
    expect(badNote.statusCode).toBe(404);

    await run('alter table orders add column channel text; alter table orders drop column created_at; analyze orders;');
    expect((await t.app.inject({ method: 'POST', url: `/connections/${connectionId}/reanalyze`, headers: owner.headers })).statusCode).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    const { connection } = await waitFor(connectionId, ['ready', 'error']);
    expect(connection.status).toBe('ready');
    const after = (await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/insights`, headers: owner.headers })).json();
    const reanalysed = after.items.find((i: { table: string }) => i.table === 'orders');
    expect(reanalysed.summary).toBe('Every order a customer placed, with its status and total.');
    expect(reanalysed.edited).toBe(true);
    expect(reanalysed.columns.find((c: { name: string }) => c.name === 'total').note).toBe('In euros, tax included');
    expect(reanalysed.drift).toMatchObject({ added: ['channel'], removed: ['created_at'] });
  });

  it('ends in error with a message when the database cannot be analysed, never stuck', async () => {
    const created = await connect('askdb_no_such_database', '?skip_test=true');
    const { connection } = await waitFor(created.json().id, ['error', 'ready'], 30_000);
    expect(connection.status).toBe('error');
    expect(connection.status_message).toMatch(/does not exist/);
  });

  it('retries a failed analysis and reaches ready when the cause goes away', async () => {
    const later = `askdb_later_${Date.now().toString(36)}`;
    const created = await connect(later, '?skip_test=true');
    const id = created.json().id;
    // The first attempt fails (no such database); create it before the retry runs.
    for (let i = 0; i < 100; i++) {
      const c = (await t.app.inject({ method: 'GET', url: `/connections/${id}`, headers: owner.headers })).json();
      if (c.status_message?.includes('retrying')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await adminQuery(`create database "${later}"`);
    try {
      await run('create table notes (id int primary key, body text); insert into notes values (1, \'hello\'); analyze;', urlFor(later));
      const { connection } = await waitFor(id, ['ready', 'error'], 30_000);
      expect(connection.status, connection.status_message).toBe('ready');
    } finally {
      await t.app.inject({ method: 'DELETE', url: `/connections/${id}`, headers: owner.headers });
      await adminQuery(`drop database if exists "${later}" with (force)`);
    }
  });

  it('the sweep rescues analyses no job is working on and re-queues stale ones', async () => {
    const created = await connect(target.name, '?skip_test=true');
    const id = created.json().id;
    await waitFor(id, ['ready', 'error']);
    await t.ctx.database.query(`update connections set status = 'analyzing', analysis_requested_at = now() - interval '1 minute' where id = $1`, [id]);
    // Nothing is queued for it any more: a worker died mid-job and its retries are spent.
    await t.ctx.database.query(`delete from pgboss.job where singleton_key = $1`, [id]);
    const { rescued } = await t.runtime.jobs.sweep();
    expect(rescued).toBeGreaterThanOrEqual(1);
    const after = (await t.app.inject({ method: 'GET', url: `/connections/${id}`, headers: owner.headers })).json();
    expect(after.status).toBe('error');
    expect(after.status_message).toMatch(/stopped unexpectedly/);

    await t.ctx.database.query(`update connections set status = 'ready', last_analyzed_at = now() - interval '400 hours' where id = $1`, [id]);
    const { requeued } = await t.runtime.jobs.sweep();
    expect(requeued).toBeGreaterThanOrEqual(1);
    const { connection } = await waitFor(id, ['ready', 'error']);
    expect(connection.status).toBe('ready');
    expect(new Date(connection.last_analyzed_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
