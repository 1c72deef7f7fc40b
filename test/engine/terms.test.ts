import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, type EngineResult, type EngineTerm } from '../../src/engine/index.ts';
import { memoryValueLookup } from '../../src/engine/memory-values.ts';
import { createShop, type Shop } from './shop.ts';

const terms: EngineTerm[] = [
  {
    name: 'revenue',
    synonyms: ['sales'],
    kind: 'measure',
    expression: 'sum(orders.total_amount)',
    table: 'orders',
    editor: 'ana',
  },
  { name: 'units sold', synonyms: [], kind: 'measure', expression: 'sum(order_items.quantity)', table: 'order_items' },
  {
    name: 'open orders',
    synonyms: ['unshipped orders'],
    kind: 'filter',
    expression: "orders.status = 'pending'",
    table: 'orders',
  },
  {
    name: 'order year',
    synonyms: [],
    kind: 'dimension',
    expression: "date_trunc('year', orders.order_date)",
    table: 'orders',
  },
  { name: 'clients', synonyms: ['buyers'], kind: 'entity', expression: 'customers', table: 'customers' },
];

describe('business terms in the built-in engine', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await createShop(true);
  });
  afterAll(async () => {
    await shop?.close();
  });

  async function ask(question: string, withTerms = terms): Promise<Extract<EngineResult, { kind: 'sql' }>> {
    const result = await answerQuestion(question, shop.model, {
      values: memoryValueLookup(shop.model),
      threshold: 0,
      terms: withTerms,
    });
    if (result.kind !== 'sql') throw new Error(`no reading of "${question}": ${result.message}`);
    return result;
  }
  const rows = async (question: string) =>
    (await shop.rows((await ask(question)).sql)).map((r) =>
      Object.values(r).map((v) => (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : v)),
    );

  it('compose a measure with its SQL, and a cue the measure computes is part of it', async () => {
    expect(await rows('total revenue')).toEqual([[380]]);
    expect(await rows('sales per status')).toEqual(
      expect.arrayContaining([
        ['shipped', 215],
        ['pending', 105],
        ['cancelled', 60],
      ]),
    );
    const answer = await ask('revenue by order year');
    expect(answer.sql).toMatch(/\(date_trunc\('year', orders\.order_date\)\) AS order_year/);
    expect(answer.terms.map((t) => t.name)).toEqual(['revenue', 'order year']);
    expect(answer.terms[0]).toMatchObject({ expression: 'sum(orders.total_amount)', editor: 'ana' });
  });

  it('count or group the rows a filter names', async () => {
    expect(await rows('how many open orders')).toEqual([[2]]);
    expect(await rows('unshipped orders by customer')).toEqual(
      expect.arrayContaining([
        ['Anna', 1],
        ['Ben', 1],
      ]),
    );
  });

  it('rank the rows asked about by a measure over other rows', async () => {
    const answer = await ask('top 2 products by units sold');
    // Grouped by the product (its key), shown by its name.
    expect(answer.sql).toMatch(/GROUP BY products\.id, products\.name/);
    expect(await rows('top 2 products by units sold')).toEqual([
      ['Novel', 5],
      ['Puzzle', 3],
    ]);
  });

  it('read an entity as its table and name the term', async () => {
    const answer = await ask('how many buyers');
    expect(answer.sql).toMatch(/FROM customers/);
    expect(answer.terms.map((t) => t.name)).toEqual(['clients']);
  });

  it('leave questions without terms as they were', async () => {
    for (const q of ['how many orders per status', 'total amount of orders in 2023'])
      expect((await ask(q, [])).sql).toBe((await ask(q)).sql);
    // An average of a sum is not what the term defines: no reading rather than a wrong one.
    const averaged = await answerQuestion('average revenue', shop.model, {
      values: memoryValueLookup(shop.model),
      threshold: 0,
      terms,
    });
    expect(averaged.kind).not.toBe('sql');
  });
});
