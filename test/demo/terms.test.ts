import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let user: Awaited<ReturnType<typeof signUp>>;
let connectionId: string;
let demo: pg.Client;

beforeAll(async () => {
  t = await startApp({ DEMO: 'on', DEMO_PORT: '0' });
  user = await signUp(t.app, 'ana');
  const created = await t.app.inject({ method: 'POST', url: '/connections/demo', headers: user.headers });
  expect(created.statusCode, created.body).toBe(201);
  connectionId = created.json().id;
  for (let i = 0; i < 600; i++) {
    const status = (
      await t.app.inject({ method: 'GET', url: `/connections/${connectionId}`, headers: user.headers })
    ).json().status;
    if (status === 'ready') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  demo = new pg.Client({ connectionString: t.ctx.demo!.url! });
  await demo.connect();
}, 180_000);

afterAll(async () => {
  await demo?.end();
  await t?.close();
});

/** Values as both sides can be compared: numbers to the cent, dates and timestamps as ISO instants. */
const plain = (v: unknown) => {
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 100) / 100;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return new Date(v).toISOString();
  return v instanceof Date ? v.toISOString() : v;
};
const numbers = (rows: unknown[][]) => rows.map((r) => r.map(plain));
const gold = async (sql: string) => numbers((await demo.query({ text: sql, rowMode: 'array' })).rows);
const sorted = (rows: unknown[][]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
async function ask(question: string, sessionId?: string) {
  const response = await t.app.inject({
    method: 'POST',
    url: `/chat/${connectionId}`,
    headers: user.headers,
    payload: { question, ...(sessionId ? { session_id: sessionId } : {}) },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const lineRevenue = 'sum(i.quantity * i.unit_price * (1 - i.discount))';

describe('the demo database ships its business terms', () => {
  it('accepted, beside the proposals analysis made', async () => {
    const { items } = (
      await t.app.inject({
        method: 'GET',
        url: `/intelligence/${connectionId}/terms?status=accepted`,
        headers: user.headers,
      })
    ).json();
    expect(items.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining([
        'revenue',
        'average order value',
        'units sold',
        'return rate',
        'failed payments',
        'head-office staff',
      ]),
    );
    const proposed = (
      await t.app.inject({
        method: 'GET',
        url: `/intelligence/${connectionId}/terms?status=proposed`,
        headers: user.headers,
      })
    ).json().items;
    expect(proposed.length).toBeGreaterThan(10);
  });

  it('suggests questions in the words of the accepted terms first, each answered through its term', async () => {
    const { questions } = (
      await t.app.inject({ method: 'GET', url: `/chat/${connectionId}/suggestions`, headers: user.headers })
    ).json() as { questions: string[] };
    expect(questions).toHaveLength(5);
    const throughTerms = questions.slice(0, 3);
    for (const question of throughTerms) {
      const answer = await ask(question);
      expect(answer.kind, `${question}: ${answer.answer}`).toBe('query');
      expect(answer.provenance.terms.length, question).toBeGreaterThan(0);
    }
    // The other two show the tables, as on a database without terms.
    expect(new Set(questions).size).toBe(5);
  });

  it('answers "average order value per channel" through the term', async () => {
    const answer = await ask('average order value per channel');
    expect(answer.kind, answer.answer).toBe('query');
    expect(answer.provenance.terms.map((x: { name: string }) => x.name)).toEqual(['average order value']);
    expect(sorted(numbers(answer.rows))).toEqual(
      sorted(await gold('SELECT channel, round(avg(total_amount), 2) FROM orders GROUP BY channel')),
    );
  });

  it('answers "top 5 products by revenue" from the order lines', async () => {
    const answer = await ask('top 5 products by revenue');
    expect(answer.kind, answer.answer).toBe('query');
    expect(answer.provenance.terms.map((x: { name: string }) => x.name)).toEqual(['revenue']);
    expect(numbers(answer.rows)).toEqual(
      await gold(
        `SELECT p.name, round(${lineRevenue}, 2) FROM order_items i JOIN products p USING (product_id) GROUP BY p.name ORDER BY 2 DESC LIMIT 5`,
      ),
    );
  });

  it('answers "failed payments by method" and "how many people work at head office"', async () => {
    const failed = await ask('failed payments by method');
    expect(failed.kind, failed.answer).toBe('query');
    expect(sorted(numbers(failed.rows))).toEqual(
      sorted(await gold("SELECT method, count(*) FROM payments WHERE status = 'failed' GROUP BY method")),
    );
    const office = await ask('how many people work at head office');
    expect(office.kind, office.answer).toBe('query');
    expect(office.provenance.terms.map((x: { name: string }) => x.name)).toEqual(['head-office staff']);
    expect(numbers(office.rows)).toEqual(await gold('SELECT count(*) FROM employees WHERE store_id IS NULL'));
  });

  // "month" is an ordinary word: it must not near-miss the stored city 'Montreal' (the app's trigram index).
  it('reads "revenue by month in 2025" through the term (asking back first: periods by month are below the answer threshold)', async () => {
    const first = await ask('revenue by month in 2025');
    const expected = await gold(
      `SELECT date_trunc('month', o.order_date), round(${lineRevenue}, 2) FROM order_items i JOIN orders o USING (order_id) WHERE o.order_date >= '2025-01-01' AND o.order_date < '2026-01-01' GROUP BY 1`,
    );
    expect(['clarify', 'query']).toContain(first.kind);
    if (first.kind === 'clarify') expect(first.provenance.options[0].sql).toMatch(/order_items\.unit_price/);
    const answer = first.kind === 'clarify' ? await ask(first.options[0].question, first.session_id) : first;
    expect(answer.kind, answer.answer).toBe('query');
    expect(answer.sql, JSON.stringify(first.provenance?.options)).toMatch(/order_items\.unit_price/);
    expect(answer.sql).toMatch(/orders\.order_date >= '2025-01-01'/);
    expect(sorted(numbers(answer.rows))).toEqual(sorted(expected));
  });
});
