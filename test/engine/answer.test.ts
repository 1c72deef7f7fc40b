import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerThreshold } from '../../src/engine/confidence.ts';
import { answerQuestion, type EngineResult } from '../../src/engine/index.ts';
import { memoryValueLookup } from '../../src/engine/memory-values.ts';
import { createShop, type Shop } from './shop.ts';

const now = new Date('2024-03-15T12:00:00Z');

for (const declared of [true, false]) {
  describe(`answering on a shop ${declared ? 'with' : 'without'} declared foreign keys`, () => {
    let shop: Shop;
    beforeAll(async () => {
      shop = await createShop(declared);
    });
    afterAll(async () => {
      await shop?.close();
    });

    /** The engine's reading, whatever its confidence: these tests are about reading, the confidence tests below about answering. */
    async function ask(question: string): Promise<Extract<EngineResult, { kind: 'sql' }>> {
      const result = await answerQuestion(question, shop.model, {
        values: memoryValueLookup(shop.model),
        now,
        threshold: 0,
      });
      if (result.kind !== 'sql') throw new Error(`abstained on "${question}": ${result.message}`);
      return result;
    }
    /** The rows of the answer, each as its values in column order (names do not matter). */
    async function rowsOf(question: string): Promise<unknown[][]> {
      const { sql } = await ask(question);
      return (await shop.rows(sql)).map((r) =>
        Object.values(r).map((v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)),
      );
    }

    it('counts rows', async () => {
      expect(await rowsOf('How many customers are there?')).toEqual([[5]]);
      expect(await rowsOf('number of products')).toEqual([[6]]);
    });

    it('adds up and averages per group', async () => {
      const perStatus = await rowsOf('What is the total amount of orders per status?');
      expect(new Map(perStatus.map((r) => [r[0], r[1]]))).toEqual(
        new Map([
          ['shipped', 215],
          ['pending', 105],
          ['cancelled', 60],
        ]),
      );
      const avg = await rowsOf('average price of products in each category');
      expect(new Map(avg.map((r) => [r[0], Number(r[1])]))).toEqual(
        new Map([
          ['Books', 21.25],
          ['Games', 32.5],
          ['Garden', 42.5],
        ]),
      );
    });

    it('counts across a join, grouping by a column of another table', async () => {
      const result = await ask('How many orders per customer country?');
      expect(result.tables.sort()).toEqual(['customers', 'orders']);
      const rows = await shop.rows(result.sql);
      expect(new Map(rows.map((r) => [Object.values(r)[0], Number(Object.values(r)[1])]))).toEqual(
        new Map([
          ['Germany', 4],
          ['France', 3],
        ]),
      );
    });

    it('filters by a stored value found in another table', async () => {
      const result = await ask('How many orders from Berlin?');
      expect(await shop.rows(result.sql)).toEqual([{ number_of_orders: '3' }]);
      expect(result.links).toContainEqual(
        expect.objectContaining({ kind: 'value', table: 'customers', column: 'city', value: 'Berlin' }),
      );
    });

    it('reads quoted values and explains the query', async () => {
      const result = await ask('How many orders have status "shipped"?');
      expect(await shop.rows(result.sql)).toEqual([{ number_of_orders: '4' }]);
      expect(result.explanation).toMatch(/counting .*orders.*status is 'shipped'/i);
    });

    it('ranks and keeps the top N', async () => {
      expect(await rowsOf('What are the top 3 products by price?')).toEqual([
        [6, 'Hose', 60],
        [3, 'Chess set', 45],
        [1, 'Atlas', 30],
      ]);
      const [best] = await rowsOf('Which customer has the most orders?');
      expect(best).toEqual(['Anna', 3]);
    });

    it('compares numbers', async () => {
      const rows = await rowsOf('products with a price greater than 40');
      expect(rows.map((r) => r[1]).sort()).toEqual(['Chess set', 'Hose']);
    });

    it('reads inclusive bounds: "or equal to", "N or more", "N or less"', async () => {
      const names = async (q: string) => (await rowsOf(q)).map((r) => r.find((v) => typeof v === 'string')).sort();
      expect(await names('products with a price greater than or equal to 45')).toEqual(['Chess set', 'Hose']);
      expect(await names('products with a price of 45 or more')).toEqual(['Chess set', 'Hose']);
      expect(await names('products with a price less than or equal to 20')).toEqual(['Novel', 'Puzzle']);
      expect(await names('products with a price of 20 or less')).toEqual(['Novel', 'Puzzle']);
      // "or" before a second comparison is not an inclusive bound.
      expect(await names('products with a price greater than 50 or less than 15')).toEqual(['Hose', 'Novel']);
    });

    it('reads "the maximum X" as MAX, and "the one with the maximum X" as a ranking', async () => {
      expect(await rowsOf('What is the maximum price of products?')).toEqual([[60]]);
      const perCategory = await rowsOf('the maximum price of products in each category');
      expect(new Map(perCategory.map((r) => [r[0], r[1]]))).toEqual(
        new Map([
          ['Books', 30],
          ['Games', 45],
          ['Garden', 60],
        ]),
      );
      const top = await rowsOf('the name of the product with the maximum price');
      expect(top).toHaveLength(1);
      expect(top[0]).toContain('Hose');
    });

    it('shows the key for a bare "id", the MAX per group for "for each X, the highest Y", and matches a word of longer stored values', async () => {
      const [top] = await rowsOf('the id and name of the product with the highest price');
      expect(top).toEqual(expect.arrayContaining([6, 'Hose']));
      const perCategory = await rowsOf('For each category, what is the highest price of its products?');
      expect(new Map(perCategory.map((r) => [r[0], r[1]]))).toEqual(
        new Map([
          ['Books', 30],
          ['Games', 45],
          ['Garden', 60],
        ]),
      );
      expect(await rowsOf('How many Chess products are there?')).toEqual([[1]]);
    });

    it('never applies one aggregate to a second figure of another table (the join would repeat the first)', async () => {
      const result = await answerQuestion('average price and quantity of products', shop.model, {
        values: memoryValueLookup(shop.model),
        now,
        threshold: 0,
      });
      if (result.kind === 'sql') expect(result.sql).not.toMatch(/AVG\(products\.price\).*JOIN order_items/);
    });

    it('counts distinct values when "how many different" names a column', async () => {
      expect(await rowsOf('How many different countries do customers come from?')).toEqual([[2]]);
    });

    it('shows every column for "all the information about"', async () => {
      const { sql } = await ask('Show all the information about customers from Paris');
      const rows = await shop.rows(sql);
      expect(rows).toHaveLength(1);
      expect(Object.keys(rows[0]!).sort()).toEqual(['city', 'country', 'id', 'name', 'signup_date']);
    });

    it('does not answer comparisons with a computed figure, "both" over values, or contradictory values', async () => {
      for (const question of [
        'products with a price less than the average price',
        'customers from both Berlin and Paris',
        'orders from customers in Berlin that are from Paris',
      ]) {
        const result = await answerQuestion(question, shop.model, {
          values: memoryValueLookup(shop.model),
          now,
          threshold: 0,
        });
        expect(result.kind, question).not.toBe('sql');
      }
    });

    it('understands years and months', async () => {
      expect(await rowsOf('How many orders were placed in 2023?')).toEqual([[4]]);
      const perMonth = await rowsOf('number of orders per month in 2024');
      expect(perMonth.map((r) => Number(r[1])).sort()).toEqual([1, 1, 1]);
      const since = await rowsOf('How many customers signed up since March 2023?');
      expect(since).toEqual([[2]]);
    });

    it('counts "the last N months of the data" back from the latest date present, and says which it is', async () => {
      const latest = (await shop.rows('SELECT max(order_date)::text AS d FROM orders'))[0]!.d as string;
      const anchored = await ask('How many orders in the last 2 months of the data?');
      expect(anchored.sql).toContain(`'${latest}'`);
      expect(anchored.sql).not.toMatch(/CURRENT_DATE/i);
      const fromToday = await ask('How many orders in the last 2 months?');
      expect(fromToday.sql).toMatch(/CURRENT_DATE/i);
      expect(fromToday.periods).toEqual([
        expect.objectContaining({ table: 'orders', column: 'order_date', relative: true }),
      ]);
      expect(fromToday.periods[0]!.latest?.slice(0, 10)).toBe(latest);
    });

    it('bounds a period by the date of the event measured, not of another table named nearby', async () => {
      // Order lines have no date of their own: the order's date bounds them, not the customer's sign-up.
      const result = await ask('total quantity of items per customer in 2024');
      expect(result.sql, result.sql).toMatch(/orders\.order_date >= '2024-01-01'/);
      expect(result.sql).not.toMatch(/created|signup|joined/i);
    });

    it('keeps a list of values and a further condition joined by AND, with negation, run on the shop', async () => {
      expect(await rowsOf('How many orders from Berlin or Paris that are shipped?')).toEqual([[3]]);
      expect(await rowsOf('How many orders from Berlin or Paris that are not shipped?')).toEqual([[2]]);
      const either = await rowsOf('products that start with C or end with e');
      expect(either.map((r) => r[1]).sort()).toEqual(['Chess set', 'Hose', 'Puzzle']);
    });

    it('reads everyday analyst phrasings: "never <verb>ed", "used most", "top N by number of", "share of"', async () => {
      expect((await rowsOf('Which customers never ordered?')).map((r) => r[1])).toEqual(['Eve']);
      expect(await rowsOf('Which status is used most?')).toEqual([['shipped', 4]]);
      expect(await rowsOf('Who are the top 2 customers by number of orders?')).toEqual([
        ['Anna', 3],
        ['Chloé', 2],
      ]);
      expect(Number((await rowsOf('What share of orders were shipped?'))[0]?.[0])).toBeCloseTo((100 * 4) / 7, 5);
    });

    it('negates with "without" and "not"', async () => {
      const without = await rowsOf('Which customers have no orders?');
      expect(without.map((r) => r[1])).toEqual(['Eve']);
      expect(await rowsOf('How many orders are not shipped?')).toEqual([[3]]);
    });

    it('computes percentages and ratios', async () => {
      const percentage = await rowsOf('What percentage of orders were shipped?');
      expect(Number(percentage[0]?.[0])).toBeCloseTo((100 * 4) / 7, 5);
      const ratio = await rowsOf('ratio of orders with status shipped to orders with status pending');
      expect(Number(ratio[0]?.[0])).toBeCloseTo(2, 5);
    });

    it('reads a short follow-up with the question before it', async () => {
      const result = await answerQuestion('and from Berlin?', shop.model, {
        values: memoryValueLookup(shop.model),
        now,
        previous: { question: 'How many orders are there?', sql: 'SELECT COUNT(*) FROM orders' },
      });
      expect(result.kind).toBe('sql');
      if (result.kind === 'sql') expect(await shop.rows(result.sql)).toEqual([{ number_of_orders: '3' }]);
    });

    it('abstains on nonsense with a useful message', async () => {
      const result = await answerQuestion('what is the weather on mars', shop.model, {
        values: memoryValueLookup(shop.model),
        now,
      });
      expect(result.kind).toBe('abstain');
      if (result.kind !== 'abstain') return;
      expect(result.unplaced).toEqual(expect.arrayContaining(['weather', 'mars']));
      expect(result.message).toMatch(/could not place "weather"/);
      expect(result.message).toMatch(/It contains|It does contain/);
    });

    it('answers a plainly grounded question at its own threshold', async () => {
      const result = await answerQuestion('How many customers are there?', shop.model, {
        values: memoryValueLookup(shop.model),
        now,
      });
      expect(result.kind).toBe('sql');
      expect(result.confidence).toBeGreaterThanOrEqual(answerThreshold);
    });

    it('asks back with its reading(s) when it is not sure enough, its own first, each option a different query', async () => {
      const result = await answerQuestion('average price of products in each category', shop.model, {
        values: memoryValueLookup(shop.model),
        now,
        threshold: 0.999,
      });
      expect(result.kind).toBe('clarify');
      if (result.kind !== 'clarify') return;
      expect(result.options.length).toBeGreaterThanOrEqual(1);
      expect(new Set(result.options.map((o) => o.sql)).size).toBe(result.options.length);
      for (const option of result.options) {
        expect(option.label.length).toBeGreaterThan(5);
        expect(option.question).toBe(option.label);
        expect(await shop.rows(option.sql)).not.toHaveLength(0);
      }
      // The engine's own reading comes first.
      expect(result.options[0]!.sql).toBe((await ask('average price of products in each category')).sql);
    });

    it('never offers readings it cannot compose: those are refusals that say why', async () => {
      const result = await answerQuestion('orders from the city with most customers', shop.model, {
        values: memoryValueLookup(shop.model),
        now,
      });
      expect(result.kind).toBe('abstain');
      if (result.kind === 'abstain') expect(result.message).toMatch(/top one|leaves out/);
    });

    it('carries confidence and links', async () => {
      const result = await ask('average price of products');
      expect(result.confidence).toBeGreaterThan(0.8);
      expect(result.links).toContainEqual(
        expect.objectContaining({ kind: 'column', table: 'products', column: 'price' }),
      );
    });
  });
}
