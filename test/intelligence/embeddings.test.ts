import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm, type RecordedRequest } from '../helpers/fake-llm.ts';
import { connectTarget, signUp, startApp, type TestApp } from '../helpers/app.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';

// A toy embedding model: one dimension per concept, so "sales" lands next to a table of orders.
const concepts = [/\b(sales?|orders?|purchases?)\b/g, /\b(customers?|clients?|buyers?)\b/g, /\b(weather|forecast)\b/g];
const embed = (text: string) => concepts.map((c) => (text.toLowerCase().match(c)?.length ?? 0) + 0.01);

let llm: FakeLlm;
let t: TestApp;
let target: ScratchDatabase;

beforeAll(async () => {
  const reply = (request: RecordedRequest) => ({ embeddings: (request.body.input as string[]).map(embed) });
  llm = await startFakeLlm({ flavor: 'ollama', script: Array.from({ length: 50 }, () => reply) });
  t = await startApp({ EMBEDDING_PROVIDER: 'ollama', OLLAMA_BASE_URL: llm.url, EMBEDDING_MODEL: 'toy-embed' });
  target = await createScratchDatabase('askdb_embed');
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  await client.query(`create table orders (id int primary key, placed_on date); create table customers (id int primary key, full_name text);
    insert into orders values (1, '2024-01-01'); insert into customers values (1, 'Ann'); analyze;`);
  await client.end();
});
afterAll(async () => {
  await t.close();
  await llm.close();
  await target.drop();
});

describe('embeddings', () => {
  it('embeds each table after analysis and finds tables by meaning', async () => {
    const owner = await signUp(t.app);
    const created = await connectTarget(t.app, owner.headers, target.name);
    const id = created.json().id;
    await expect
      .poll(
        async () =>
          (await t.app.inject({ method: 'GET', url: `/connections/${id}`, headers: owner.headers })).json().status,
        { timeout: 20_000, interval: 100 },
      )
      .toBe('ready');
    const stored = await t.ctx.database.query<{ table_name: string; embedding: number[] }>(
      'select table_name, embedding from table_insights where connection_id = $1 order by table_name',
      [id],
    );
    expect(stored.map((r) => [r.table_name, r.embedding.length])).toEqual([
      ['customers', 3],
      ['orders', 3],
    ]);
    // The orders table leans to the "orders" concept, the customers table to the "customers" one.
    expect(stored[1]!.embedding[0]).toBeGreaterThan(stored[1]!.embedding[1]!);
    expect(stored[0]!.embedding[1]).toBeGreaterThan(stored[0]!.embedding[0]!);
    const embedCalls = llm.calls.filter((c) => c.path === '/api/embed');
    expect(embedCalls.length).toBeGreaterThanOrEqual(1);
    expect(embedCalls.map((c) => c.body.model)).toEqual(embedCalls.map(() => 'toy-embed'));

    const hits = (
      await t.app.inject({ method: 'GET', url: `/intelligence/${id}/search?q=sales`, headers: owner.headers })
    ).json();
    expect(hits[0]).toMatchObject({ table: 'orders' });
    expect(hits[0].reasons.join(' ')).toMatch(/similar in meaning/);
  });
});
