import { describe, expect, it } from 'vitest';
import { resultsMatch } from '../../src/engine/eval.ts';
import { splitName } from '../../src/engine/lexicon.ts';
import { memoryValueLookup } from '../../src/engine/memory-values.ts';
import { ident, literal, renderSelect } from '../../src/engine/render.ts';
import { readPeriods } from '../../src/engine/time.ts';
import { tokenize } from '../../src/engine/tokenize.ts';
import type { DatabaseModel } from '../../src/intelligence/model.ts';

describe('rendering', () => {
  it('quotes identifiers only when PostgreSQL needs it', () => {
    expect(ident('orders')).toBe('orders');
    expect(ident('OrderItems')).toBe('"OrderItems"');
    expect(ident('user')).toBe('"user"');
    expect(ident('order')).toBe('"order"');
    expect(ident('weird"name')).toBe('"weird""name"');
  });

  it('escapes literals', () => {
    expect(literal("Mark's Bistro")).toBe("'Mark''s Bistro'");
    expect(literal(3.5)).toBe('3.5');
    expect(literal(null)).toBe('NULL');
  });

  it('renders a query with joins, filters, groups and order', () => {
    const sql = renderSelect({
      select: [
        { expr: { kind: 'column', alias: 'Customer', column: 'City' } },
        { expr: { kind: 'aggregate', fn: 'count', arg: { kind: 'star' } }, alias: 'n' },
      ],
      from: { schema: 'sales', table: 'Customer', alias: 'Customer' },
      joins: [
        {
          type: 'inner',
          schema: 'sales',
          table: 'order',
          alias: 'order',
          on: {
            kind: 'compare',
            op: '=',
            left: { kind: 'column', alias: 'order', column: 'customer_id' },
            right: { kind: 'column', alias: 'Customer', column: 'id' },
          },
        },
      ],
      where: {
        kind: 'compare',
        op: '=',
        left: { kind: 'column', alias: 'order', column: 'status' },
        right: { kind: 'literal', value: "it's" },
      },
      groupBy: [{ kind: 'column', alias: 'Customer', column: 'City' }],
      orderBy: [{ expr: { kind: 'aggregate', fn: 'count', arg: { kind: 'star' } }, direction: 'desc' }],
      limit: 3,
    });
    expect(sql).toBe(
      `SELECT "Customer"."City", COUNT(*) AS n FROM sales."Customer" JOIN sales."order" ON "order".customer_id = "Customer".id WHERE "order".status = 'it''s' GROUP BY "Customer"."City" ORDER BY COUNT(*) DESC NULLS LAST LIMIT 3`,
    );
  });
});

describe('reading questions', () => {
  it('tokenizes numbers, quoted values and phrasal nouns', () => {
    const tokens = tokenize(`How many check-ins had "Mark’s Bistro" over $30,000 or a hundred thousand?`);
    expect(tokens.map((t) => t.kind)).toEqual([
      'word',
      'word',
      'word',
      'word',
      'quoted',
      'word',
      'number',
      'word',
      'number',
      'symbol',
    ]);
    expect(tokens[2]!.lemma).toBe('checkin');
    expect(tokens[4]!.text).toBe('Mark’s Bistro');
    expect(tokens[6]!.value).toBe(30000);
    expect(tokens[8]!.value).toBe(100000);
  });

  it('splits names written without separators', () => {
    expect(splitName('sbCustJoinDate')).toEqual(['sb', 'cust', 'join', 'date']);
    expect(splitName('order_total_amount')).toEqual(['order', 'total', 'amount']);
    expect(splitName('postalcode')).toEqual(['postal', 'code']);
  });

  it('reads periods', () => {
    const now = new Date('2024-03-15T00:00:00Z');
    const read = (q: string) => readPeriods(tokenize(q), now).map((p) => p.period);
    expect(read('orders in 2023')[0]).toMatchObject({
      year: 2023,
      from: { value: '2023-01-01' },
      until: { value: '2024-01-01' },
    });
    expect(read('sales in the first quarter of 2023')[0]).toMatchObject({
      from: { value: '2023-01-01' },
      until: { value: '2023-04-01' },
    });
    expect(read('since March 2023')[0]).toMatchObject({ from: { value: '2023-03-01' } });
    expect(read('between Jan 1, 2023 and Mar 31, 2023')[0]).toMatchObject({
      from: { value: '2023-01-01' },
      until: { value: '2023-04-01' },
    });
    expect(read('in the past 30 days')[0]).toMatchObject({ from: { kind: 'dateShift', amount: -30, unit: 'day' } });
  });
});

describe('in-memory value lookup', () => {
  const model = {
    database: 'x',
    serverVersion: '',
    analyzedAt: '',
    tables: [
      {
        schema: 'public',
        name: 'customers',
        kind: 'table',
        comment: null,
        rowCount: 3,
        rowCountAccuracy: 'exact',
        primaryKey: [],
        uniqueConstraints: [],
        foreignKeys: [],
        definition: null,
        columns: [
          {
            name: 'city',
            position: 1,
            dataType: 'text',
            family: 'text',
            nullable: false,
            default: null,
            comment: null,
            isPrimaryKey: false,
            isUnique: false,
            enumValues: null,
            strategy: 'categorical',
            strategyReason: '',
            profile: {
              distinctCount: 3,
              distinctAccuracy: 'exact',
              nullCount: 0,
              nullFraction: 0,
              nullAccuracy: 'exact',
              categories: [
                { value: 'Berlin', frequency: 0.5 },
                { value: 'San Francisco', frequency: 0.25 },
                { value: 'Munich', frequency: 0.25 },
              ],
              samples: [],
              min: null,
              max: null,
              source: 'exact',
            },
          },
        ],
      },
    ],
  } satisfies DatabaseModel;
  const values = memoryValueLookup(model);

  it('matches exactly, then case-insensitively, then by trigrams', async () => {
    expect(await values.find('Berlin')).toEqual([
      { schema: 'public', table: 'customers', column: 'city', value: 'Berlin', score: 1, match: 'exact' },
    ]);
    expect((await values.find('berlin'))[0]).toMatchObject({ value: 'Berlin', match: 'case-insensitive' });
    expect((await values.find('San Fransisco'))[0]).toMatchObject({ value: 'San Francisco', match: 'fuzzy' });
    expect(await values.find('Tokyo')).toEqual([]);
  });
});

describe('the bench scoring rule', () => {
  it('accepts extra columns and any row order, not different rows', () => {
    expect(
      resultsMatch(
        [
          ['a', 1],
          ['b', 2],
        ],
        [
          [2, 'b', 'x'],
          [1, 'a', 'y'],
        ],
      ),
    ).toBe(true);
    expect(
      resultsMatch(
        [['a', 1]],
        [
          ['a', 1],
          ['b', 2],
        ],
      ),
    ).toBe(false);
    expect(resultsMatch([['a', 1.004]], [['a', '1.001']])).toBe(true);
    expect(
      resultsMatch(
        [
          ['a', 1],
          ['b', 2],
        ],
        [
          ['a', 2],
          ['b', 1],
        ],
      ),
    ).toBe(false);
  });
});
