import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnInfo, TableInfo } from '../../src/intelligence/model.ts';
import { keptColumns, wholeTableColumns } from '../../src/retrieval/columns.ts';
import { describeTables } from '../../src/retrieval/describe.ts';
import { bridgesFor, joinGraph } from '../../src/retrieval/joins.ts';
import { rankTables } from '../../src/retrieval/rank.ts';
import { tableIndex } from '../../src/retrieval/table-index.ts';
import { questionWords, valuePhrases } from '../../src/retrieval/words.ts';
import { createShop, type Shop } from '../engine/shop.ts';

let shop: Shop;
beforeAll(async () => {
  shop = await createShop(true);
});
afterAll(() => shop.close());

const table = (name: string) => shop.model.tables.find((t) => t.name === name)!;

describe('question words and value phrases', () => {
  it('keeps content words, singular, without function words', () => {
    expect(questionWords('Show me the names of all customers in Berlin')).toEqual(['name', 'customer', 'berlin']);
  });

  it('offers quoted strings and runs of up to four words as values, original case kept', () => {
    const phrases = valuePhrases('Which authors wrote in "Machine Learning" and Data Science?');
    expect(phrases).toContain('Machine Learning');
    expect(phrases).toContain('Data Science');
    expect(phrases).not.toContain('in');
  });
});

describe('rankTables', () => {
  it('ranks by the words of names, weighs rare words more, and counts stored values', () => {
    const index = tableIndex(shop.model);
    const ranked = rankTables(index, questionWords('total amount of orders per customer'), []);
    expect(ranked[0]!.entry.table.name).toBe('orders');
    expect(ranked.map((r) => r.entry.table.name)).toContain('customers');
    expect([...ranked[0]!.columns].map((c) => c.name)).toContain('total_amount');
    const byValue = rankTables(
      index,
      [],
      [{ schema: 'public', table: 'customers', column: 'city', value: 'Berlin', score: 1, match: 'exact' }],
    );
    expect(byValue[0]).toMatchObject({ entry: { table: { name: 'customers' } } });
    expect(byValue[0]!.reasons).toContain('value "Berlin" in city');
  });

  it('puts a table the question names whole before tables that only share its words', () => {
    const customers = table('customers');
    const copy = (name: string, extra: string[]): TableInfo => ({
      ...customers,
      name,
      columns: [
        ...customers.columns,
        ...extra.map((c) => ({ ...customers.columns.find((x) => x.name === 'city')!, name: c })),
      ],
      foreignKeys: [],
    });
    // Many tables hold "country" in their name and columns; one is the countries themselves.
    const crowd = Array.from({ length: 30 }, (_, i) => copy(`area${i}_country_log`, ['country', 'total']));
    const model = { ...shop.model, tables: [...shop.model.tables, ...crowd, copy('country', ['country_name'])] };
    const ranked = rankTables(tableIndex(model), questionWords('How many countries are there in total?'), []);
    expect(ranked[0]!.entry.table.name).toBe('country');
    expect(ranked[0]!.reasons[0]).toBe('the question names the table');
  });

  it('matches WordNet synonyms of a name, more weakly than the name', () => {
    const ranked = rankTables(tableIndex(shop.model), questionWords('which clients signed up first'), []);
    expect(ranked[0]!.entry.table.name).toBe('customers');
  });
});

describe('bridgesFor', () => {
  it('brings the tables that join two chosen ones', () => {
    const graph = joinGraph(shop.model.tables);
    expect(bridgesFor(graph, ['public.customers', 'public.products']).sort()).toEqual([
      'public.order_items',
      'public.orders',
    ]);
    expect(bridgesFor(graph, ['public.orders', 'public.customers'])).toEqual([]);
  });
});

describe('keptColumns and describeTables', () => {
  const wide = (): TableInfo => {
    const base = table('orders');
    const extra: ColumnInfo[] = Array.from({ length: wholeTableColumns }, (_, i) => ({
      ...base.columns.at(-1)!,
      name: `extra_${i}`,
      position: 10 + i,
    }));
    return { ...base, columns: [...base.columns, ...extra] };
  };

  it('shows a narrow table whole and a wide one by its keys, its label and what the question names', () => {
    expect(keptColumns(table('orders'), new Set(), shop.model.tables)).toHaveLength(table('orders').columns.length);
    const orders = wide();
    const status = orders.columns.find((c) => c.name === 'status')!;
    const kept = keptColumns(orders, new Set([status]), [orders, table('customers'), table('order_items')]).map(
      (c) => c.name,
    );
    expect(kept).toEqual(['id', 'customer_id', 'status']);
  });

  it('lists a small category whole, the values a question names of a large one, and the span of dates', () => {
    const customers = table('customers');
    const city = customers.columns.find((c) => c.name === 'city')!;
    const many = {
      ...city,
      strategy: 'categorical' as const,
      profile: {
        ...city.profile!,
        categories: Array.from({ length: 30 }, (_, i) => ({ value: `Town ${i}`, frequency: null })),
      },
    };
    const text = describeTables([
      {
        table: { ...customers, columns: customers.columns.map((c) => (c.name === 'city' ? many : c)) },
        columns: [customers.columns[0]!, many, customers.columns.find((c) => c.name === 'signup_date')!],
        values: new Map([
          [
            'city',
            [
              {
                schema: 'public',
                table: 'customers',
                column: 'city',
                value: 'Town 7',
                score: 0.95,
                match: 'case-insensitive' as const,
              },
            ],
          ],
        ]),
      },
    ]);
    expect(text).toContain("  city text -- values like the question's: 'Town 7'");
    expect(text).toContain('  signup_date date -- from 2022-11-03 to 2024-01-10');
    expect(text).toContain('(2 more columns not shown)');
    const small = describeTables([{ table: table('orders'), columns: table('orders').columns, values: new Map() }]);
    expect(small).toMatch(/status text -- values: '.*', '.*', '.*'; where the order is/);
  });
});
