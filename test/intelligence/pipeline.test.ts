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
    if (Date.now() - started > timeoutMs)
      throw new Error(`still ${connection.status} (${connection.status_message}) after ${timeoutMs} ms`);
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

    const insights = (
      await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/insights`, headers: owner.headers })
    ).json();
    expect(insights.total).toBe(2);
    const orders = insights.items.find((i: { table: string }) => i.table === 'orders');
    const customers = insights.items.find((i: { table: string }) => i.table === 'customers');
    const column = (insight: { columns: { name: string }[] }, name: string) =>
      insight.columns.find((c) => c.name === name) as any;
    expect(column(orders, 'status').strategy).toBe('categorical');
    expect(
      column(orders, 'status')
        .values.map((v: { value: string }) => v.value)
        .sort(),
    ).toEqual(['cancelled', 'delivered', 'new', 'paid', 'shipped']);
    expect(column(customers, 'email').strategy).toBe('vector');
    expect(column(orders, 'id').strategy).toBe('skip');
    expect(orders.foreign_keys).toEqual([
      expect.objectContaining({ columns: ['customer_id'], references: 'public.customers', origin: 'declared' }),
    ]);
    expect(orders.summary.length).toBeGreaterThan(10);

    const stats = (
      await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/stats`, headers: owner.headers })
    ).json();
    expect(stats).toMatchObject({ status: 'ready', tables: 2, columns: 9 });
    expect(stats.columns_by_strategy.categorical).toBeGreaterThanOrEqual(2);
    expect(stats.rows).toBeGreaterThan(5000);
  });

  it('finds tables by words and by stored values', async () => {
    const search = await t.app.inject({
      method: 'GET',
      url: `/intelligence/${connectionId}/search?q=${encodeURIComponent('orders from Berlin')}`,
      headers: owner.headers,
    });
    expect(search.statusCode).toBe(200);
    const hits = search.json();
    expect(hits.map((h: { table: string }) => h.table)).toEqual(expect.arrayContaining(['orders', 'customers']));
    const customers = hits.find((h: { table: string }) => h.table === 'customers');
    expect(customers.reasons.join(' ')).toMatch(/Berlin/);
    const orders = hits.find((h: { table: string }) => h.table === 'orders');
    expect(orders.reasons.join(' ')).toMatch(/name matches "order"/);
  });

  it("keeps a person's edits across re-analysis and records schema drift", async () => {
    const insights = (
      await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/insights`, headers: owner.headers })
    ).json();
    const orders = insights.items.find((i: { table: string }) => i.table === 'orders');
    const edit = await t.app.inject({
      method: 'PUT',
      url: `/intelligence/${connectionId}/insights/${orders.id}`,
      headers: owner.headers,
      payload: {
        summary: 'Every order a customer placed, with its status and total.',
        column_notes: { total: 'In euros, tax included' },
      },
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
    expect(
      (await t.app.inject({ method: 'POST', url: `/connections/${connectionId}/reanalyze`, headers: owner.headers }))
        .statusCode,
    ).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    const { connection } = await waitFor(connectionId, ['ready', 'error']);
    expect(connection.status).toBe('ready');
    const after = (
      await t.app.inject({ method: 'GET', url: `/intelligence/${connectionId}/insights`, headers: owner.headers })
    ).json();
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
      await run(
        "create table notes (id int primary key, body text); insert into notes values (1, 'hello'); analyze;",
        urlFor(later),
      );
      const { connection } = await waitFor(id, ['ready', 'error'], 30_000);
      expect(connection.status, connection.status_message).toBe('ready');
    } finally {
      await t.app.inject({ method: 'DELETE', url: `/connections/${id}`, headers: owner.headers });
      await adminQuery(`drop database if exists "${later}" with (force)`);
    }
  });

  it('keeps the previous insights, unchanged, and ends in error when the database disappears mid-analysis', async () => {
    const doomed = await createScratchDatabase('askdb_doomed');
    try {
      // The analysis must get past the catalog, the counts and the statistics, which fail the run by
      // themselves, and block in the profiling that tolerates failures: purchases is too large to count,
      // and its status column has no planner statistics, so it is sampled. No column defaults: reading
      // a default's expression (pg_get_expr) would wait for the lock in the catalog query already.
      await run(
        `create table buyers (id int primary key, name text not null, city text);
         create table purchases (id int primary key, buyer_id int not null references buyers(id), status text not null, total numeric(10,2));
         alter table purchases alter column status set statistics 0;
         insert into buyers select g, 'Buyer ' || g, (array['Berlin','Paris','Lisbon'])[1 + g % 3] from generate_series(1, 300) g;
         insert into purchases select g, 1 + g % 300, (array['new','paid','shipped'])[1 + g % 3], g % 50 from generate_series(1, 20000) g;
         analyze;`,
        doomed.url,
      );
      const id = (await connect(doomed.name)).json().id;
      expect((await waitFor(id, ['ready', 'error'])).connection.status).toBe('ready');
      const insights = async () =>
        (await t.app.inject({ method: 'GET', url: `/intelligence/${id}/insights`, headers: owner.headers })).json();
      const before = await insights();
      expect(before.total).toBe(2);

      // The test holds a lock on purchases, so the re-analysis blocks reading it; then the database goes.
      const holder = new pg.Client({ connectionString: doomed.url });
      await holder.connect();
      holder.on('error', () => {});
      await holder.query('begin; lock table purchases in access exclusive mode');
      expect(
        (await t.app.inject({ method: 'POST', url: `/connections/${id}/reanalyze`, headers: owner.headers }))
          .statusCode,
      ).toBe(202);
      let blocked: string | undefined;
      for (let i = 0; i < 200 && !blocked; i++) {
        const { rows } = await adminQuery(
          `select query from pg_stat_activity where datname = '${doomed.name}' and wait_event_type = 'Lock'`,
        );
        blocked = rows[0]?.query;
        if (!blocked) await new Promise((r) => setTimeout(r, 100));
      }
      // The profiling read of purchases' status column (a count would read `SELECT 1 FROM …`).
      expect(blocked).toMatch(/SELECT status AS c0 FROM public\.purchases/);
      expect((await waitFor(id, ['updating'])).connection.status).toBe('updating');
      await adminQuery(`drop database "${doomed.name}" with (force)`);

      const { connection } = await waitFor(id, ['ready', 'error']);
      expect(connection.status).toBe('error');
      expect(connection.status_message).toMatch(/^Analysis failed: /);
      expect(await insights()).toEqual(before);
      const stats = (
        await t.app.inject({ method: 'GET', url: `/intelligence/${id}/stats`, headers: owner.headers })
      ).json();
      expect(stats).toMatchObject({ status: 'error', tables: 2, columns: 7 });
    } finally {
      await doomed.drop();
    }
  });

  it('the sweep rescues analyses no job is working on and re-queues stale ones', async () => {
    const created = await connect(target.name, '?skip_test=true');
    const id = created.json().id;
    await waitFor(id, ['ready', 'error']);
    await t.ctx.database.query(
      `update connections set status = 'analyzing', analysis_requested_at = now() - interval '1 minute' where id = $1`,
      [id],
    );
    // Nothing is queued for it any more: a worker died mid-job and its retries are spent.
    await t.ctx.database.query(`delete from pgboss.job where singleton_key = $1`, [id]);
    const { rescued } = await t.runtime.jobs.sweep();
    expect(rescued).toBeGreaterThanOrEqual(1);
    const after = (await t.app.inject({ method: 'GET', url: `/connections/${id}`, headers: owner.headers })).json();
    expect(after.status).toBe('error');
    expect(after.status_message).toMatch(/stopped unexpectedly/);

    await t.ctx.database.query(
      `update connections set status = 'ready', last_analyzed_at = now() - interval '400 hours' where id = $1`,
      [id],
    );
    const { requeued } = await t.runtime.jobs.sweep();
    expect(requeued).toBeGreaterThanOrEqual(1);
    const { connection } = await waitFor(id, ['ready', 'error']);
    expect(connection.status).toBe('ready');
    expect(new Date(connection.last_analyzed_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
