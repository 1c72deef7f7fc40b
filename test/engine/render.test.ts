/*
 * The engine's renderer, checked two ways: the exact text for each node kind, and the rows that text
 * returns on a small shop database (so precedence, negation and quoting mean what the tree says).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, col, lit, type Expr, type Select } from '../../src/engine/ast.ts';
import { ident, literal, renderSelect } from '../../src/engine/render.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';
import { shopSql } from './shop.ts';

let db: ScratchDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createScratchDatabase('askdb_render');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(shopSql(true));
  await client.query(`
    CREATE SCHEMA "Sales Data";
    CREATE TABLE "Sales Data"."user" ("select" int, "Weird ""Col""" text, "näme" text, "1st" int, a$b int);
    INSERT INTO "Sales Data"."user" VALUES (1, 'x', 'y', 2, 3), (2, NULL, 'z', 4, 5);
  `);
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

async function rows(query: Select): Promise<unknown[][]> {
  return (await client.query({ text: renderSelect(query), rowMode: 'array' })).rows;
}

/** The value an expression has, computed once (orders has rows, so LIMIT 1 gives exactly one). */
async function value(e: Expr): Promise<unknown> {
  const result = await client.query({
    text: renderSelect(selectFrom('orders', 'o', { select: [{ expr: e }], limit: 1 })),
    rowMode: 'array',
  });
  return result.rows[0]![0];
}

function selectFrom(table: string, alias: string, rest: Partial<Select> = {}): Select {
  return {
    select: [{ expr: { kind: 'star' } }],
    from: { schema: 'public', table, alias },
    joins: [],
    groupBy: [],
    orderBy: [],
    ...rest,
  };
}

const countOrders = (where: Expr | undefined): Select =>
  selectFrom('orders', 'o', {
    select: [{ expr: { kind: 'aggregate', fn: 'count', arg: { kind: 'star' } }, alias: 'n' }],
    joins: [
      {
        type: 'inner',
        schema: 'public',
        table: 'customers',
        alias: 'c',
        on: { kind: 'compare', op: '=', left: col('c', 'id'), right: col('o', 'customer_id') },
      },
    ],
    where,
  });

const eq = (left: Expr, right: Expr): Expr => ({ kind: 'compare', op: '=', left, right });
const city = col('c', 'city');
const status = col('o', 'status');

describe('identifiers', () => {
  it.each([
    ['orders', 'orders'],
    ['order_items', 'order_items'],
    ['_x1', '_x1'],
    ['a$b', 'a$b'],
    ['user', '"user"'],
    ['select', '"select"'],
    ['order', '"order"'],
    ['between', '"between"'],
    ['xmltable', '"xmltable"'],
    ['Sales Data', '"Sales Data"'],
    ['Orders', '"Orders"'],
    ['1st', '"1st"'],
    ['$x', '"$x"'],
    ['näme', '"näme"'],
    ['Weird "Col"', '"Weird ""Col"""'],
    ['', '""'],
  ])('%s → %s', (name, quoted) => {
    expect(ident(name)).toBe(quoted);
  });

  it('reads back every odd name from a real table', async () => {
    const query = {
      ...selectFrom('user', 'user', {
        select: ['select', 'Weird "Col"', 'näme', '1st', 'a$b'].map((name) => ({
          expr: col('user', name),
          alias: name,
        })),
        orderBy: [{ expr: col('user', 'select'), direction: 'asc' as const }],
      }),
      from: { schema: 'Sales Data', table: 'user', alias: 'user' },
    };
    expect(renderSelect(query)).toBe(
      'SELECT "user"."select" AS "select", "user"."Weird ""Col""" AS "Weird ""Col""", "user"."näme" AS "näme", "user"."1st" AS "1st", "user".a$b AS a$b FROM "Sales Data"."user" ORDER BY "user"."select" ASC',
    );
    const result = await client.query(renderSelect(query));
    expect(result.fields.map((f) => f.name)).toEqual(['select', 'Weird "Col"', 'näme', '1st', 'a$b']);
    expect(result.rows).toEqual([
      { select: 1, 'Weird "Col"': 'x', näme: 'y', '1st': 2, a$b: 3 },
      { select: 2, 'Weird "Col"': null, näme: 'z', '1st': 4, a$b: 5 },
    ]);
  });
});

describe('literals', () => {
  it.each([
    [null, 'NULL'],
    [true, 'TRUE'],
    [false, 'FALSE'],
    [42, '42'],
    [-1.5, '-1.5'],
    [0, '0'],
    [Number.NaN, 'NULL'],
    [Number.POSITIVE_INFINITY, 'NULL'],
    [Number.NEGATIVE_INFINITY, 'NULL'],
    ['Berlin', "'Berlin'"],
    ["O'Brien", "'O''Brien'"],
    ["''", "''''''"],
    ['back\\slash', "'back\\slash'"],
    ['', "''"],
  ])('%j → %s', (input, sql) => {
    expect(literal(input)).toBe(sql);
  });

  it('read back as the same value', async () => {
    for (const input of ["O'Brien", "it''s", 'back\\slash', 'tab\there', 'ünï', ''])
      expect(await value(lit(input)), input).toBe(input);
    expect(await value(lit(-1.5))).toBe('-1.5');
    expect(await value(lit(true))).toBe(true);
    expect(await value(lit(null))).toBe(null);
  });
});

describe('conditions, run on the shop', () => {
  it('keeps AND over OR: orders from Berlin or Paris that are shipped', async () => {
    const where: Expr = {
      kind: 'and',
      items: [{ kind: 'or', items: [eq(city, lit('Berlin')), eq(city, lit('Paris'))] }, eq(status, lit('shipped'))],
    };
    expect(renderSelect(countOrders(where))).toBe(
      "SELECT COUNT(*) AS n FROM orders AS o JOIN customers AS c ON c.id = o.customer_id WHERE (c.city = 'Berlin' OR c.city = 'Paris') AND o.status = 'shipped'",
    );
    // Anna's two shipped orders (Berlin) and Chloé's one (Paris); without the parentheses Anna's pending one would count too.
    expect(await rows(countOrders(where))).toEqual([['3']]);
  });

  it('keeps OR over AND: shipped in Berlin, or anything in Paris', async () => {
    const where: Expr = {
      kind: 'or',
      items: [{ kind: 'and', items: [eq(city, lit('Berlin')), eq(status, lit('shipped'))] }, eq(city, lit('Paris'))],
    };
    expect(renderSelect(countOrders(where))).toContain(
      "WHERE (c.city = 'Berlin' AND o.status = 'shipped') OR c.city = 'Paris'",
    );
    expect(await rows(countOrders(where))).toEqual([['4']]);
  });

  it('negates a whole group: NOT (Berlin OR Paris)', async () => {
    const where: Expr = { kind: 'not', expr: { kind: 'or', items: [eq(city, lit('Berlin')), eq(city, lit('Paris'))] } };
    expect(renderSelect(countOrders(where))).toContain("WHERE NOT (c.city = 'Berlin' OR c.city = 'Paris')");
    expect(await rows(countOrders(where))).toEqual([['2']]);
  });

  it('renders NOT ILIKE and ILIKE, which select opposite rows', async () => {
    const like: Expr = { kind: 'like', expr: city, pattern: 'b%' };
    const notLike: Expr = { ...like, negated: true };
    expect(renderSelect(countOrders(like))).toContain("WHERE c.city ILIKE 'b%'");
    expect(renderSelect(countOrders(notLike))).toContain("WHERE c.city NOT ILIKE 'b%'");
    expect(renderSelect(countOrders({ ...like, negated: false }))).toContain("WHERE c.city ILIKE 'b%'");
    expect(await rows(countOrders(like))).toEqual([['3']]);
    expect(await rows(countOrders(notLike))).toEqual([['4']]);
    expect(await rows(countOrders({ kind: 'like', expr: city, pattern: "it's%" }))).toEqual([['0']]);
  });

  it('renders NOT IN and IN, which select opposite rows', async () => {
    const values = [lit('Berlin'), lit('Lyon')];
    const within: Expr = { kind: 'in', expr: city, values };
    expect(renderSelect(countOrders(within))).toContain("WHERE c.city IN ('Berlin', 'Lyon')");
    expect(renderSelect(countOrders({ ...within, negated: true }))).toContain("WHERE c.city NOT IN ('Berlin', 'Lyon')");
    expect(await rows(countOrders(within))).toEqual([['4']]);
    expect(await rows(countOrders({ ...within, negated: true }))).toEqual([['3']]);
  });

  it('mixes negations inside AND and OR', async () => {
    const where: Expr = {
      kind: 'or',
      items: [
        {
          kind: 'and',
          items: [
            { kind: 'in', expr: city, values: [lit('Berlin')], negated: true },
            { kind: 'like', expr: status, pattern: 'ship%', negated: true },
          ],
        },
        {
          kind: 'and',
          items: [
            eq(city, lit('Berlin')),
            { kind: 'isNull', expr: col('o', 'order_date'), negated: true },
            { kind: 'not', expr: eq(status, lit('pending')) },
          ],
        },
      ],
    };
    expect(renderSelect(countOrders(where))).toContain(
      "WHERE (c.city NOT IN ('Berlin') AND o.status NOT ILIKE 'ship%') OR (c.city = 'Berlin' AND o.order_date IS NOT NULL AND NOT (o.status = 'pending'))",
    );
    // Not Berlin and not shipped: Ben's pending, Chloé's cancelled; Berlin and not pending: Anna's two shipped.
    expect(await rows(countOrders(where))).toEqual([['4']]);
  });

  it('renders every comparison, BETWEEN and IS NULL', async () => {
    const total = col('o', 'total_amount');
    const counts: Record<string, unknown> = {};
    for (const op of ['=', '<>', '<', '<=', '>', '>='] as const) {
      const where: Expr = { kind: 'compare', op, left: total, right: lit(50) };
      expect(renderSelect(countOrders(where))).toContain(`WHERE o.total_amount ${op} 50`);
      counts[op] = (await rows(countOrders(where)))[0]![0];
    }
    expect(counts).toEqual({ '=': '1', '<>': '6', '<': '3', '<=': '4', '>': '3', '>=': '4' });
    const between: Expr = { kind: 'between', expr: total, low: lit(30), high: lit(60) };
    expect(renderSelect(countOrders(between))).toContain('WHERE o.total_amount BETWEEN 30 AND 60');
    expect(await rows(countOrders(between))).toEqual([['4']]);
    expect(renderSelect(countOrders({ kind: 'isNull', expr: total }))).toContain('WHERE o.total_amount IS NULL');
    expect(await rows(countOrders({ kind: 'isNull', expr: total }))).toEqual([['0']]);
  });

  it('renders EXISTS and NOT EXISTS around a correlated subquery', async () => {
    const lines = selectFrom('order_items', 'i', {
      select: [{ expr: lit(1) }],
      where: {
        kind: 'and',
        items: [
          eq(col('i', 'order_id'), col('o', 'id')),
          { kind: 'compare', op: '>', left: col('i', 'quantity'), right: lit(1) },
        ],
      },
    });
    const exists: Expr = { kind: 'exists', query: lines };
    expect(renderSelect(countOrders(exists))).toContain(
      'WHERE EXISTS (SELECT 1 FROM order_items AS i WHERE i.order_id = o.id AND i.quantity > 1)',
    );
    expect(renderSelect(countOrders({ ...exists, negated: true }))).toContain('WHERE NOT EXISTS (SELECT 1 FROM');
    expect(await rows(countOrders(exists))).toEqual([['4']]);
    expect(await rows(countOrders({ ...exists, negated: true }))).toEqual([['3']]);
  });

  it('and() drops missing parts and does not wrap a single one', () => {
    expect(and([])).toBeUndefined();
    expect(and([undefined, eq(city, lit('Paris'))])).toEqual(eq(city, lit('Paris')));
    expect(and([eq(city, lit('Paris')), undefined, eq(status, lit('shipped'))])).toEqual({
      kind: 'and',
      items: [eq(city, lit('Paris')), eq(status, lit('shipped'))],
    });
  });
});

describe('select, joins, grouping, ordering and limits', () => {
  it('renders a grouped, ordered, limited query with a left join and HAVING', async () => {
    const query = selectFrom('customers', 'c', {
      distinct: false,
      select: [
        { expr: col('c', 'name'), alias: 'name' },
        { expr: { kind: 'aggregate', fn: 'count', arg: col('o', 'id'), distinct: true }, alias: 'orders' },
        {
          expr: { kind: 'aggregate', fn: 'sum', arg: col('o', 'total_amount'), filter: eq(status, lit('shipped')) },
          alias: 'shipped total',
        },
      ],
      joins: [
        {
          type: 'left',
          schema: 'public',
          table: 'orders',
          alias: 'o',
          on: eq(col('o', 'customer_id'), col('c', 'id')),
        },
      ],
      groupBy: [col('c', 'name')],
      having: {
        kind: 'compare',
        op: '>=',
        left: { kind: 'aggregate', fn: 'count', arg: { kind: 'star' } },
        right: lit(1),
      },
      orderBy: [
        { expr: col('c', 'name'), direction: 'desc' },
        { expr: { kind: 'aggregate', fn: 'count', arg: col('o', 'id'), distinct: true }, direction: 'asc' },
      ],
      limit: 3.9,
    });
    expect(renderSelect(query)).toBe(
      'SELECT c.name AS name, COUNT(DISTINCT o.id) AS orders, SUM(o.total_amount) FILTER (WHERE o.status = \'shipped\') AS "shipped total" FROM customers AS c LEFT JOIN orders AS o ON o.customer_id = c.id GROUP BY c.name HAVING COUNT(*) >= 1 ORDER BY c.name DESC NULLS LAST, COUNT(DISTINCT o.id) ASC LIMIT 3',
    );
    expect(await rows(query)).toEqual([
      ['Eve', '0', null],
      ['Dan', '1', '45.00'],
      ['Chloé', '2', '20.00'],
    ]);
  });

  it('renders DISTINCT, a table named as its own alias, and clamps a negative limit to 0', async () => {
    const query = selectFrom('customers', 'customers', {
      distinct: true,
      select: [{ expr: col('customers', 'country') }],
      orderBy: [{ expr: col('customers', 'country'), direction: 'asc' }],
    });
    expect(renderSelect(query)).toBe('SELECT DISTINCT customers.country FROM customers ORDER BY customers.country ASC');
    expect(await rows(query)).toEqual([['France'], ['Germany']]);
    expect(renderSelect({ ...query, limit: -4 })).toMatch(/ LIMIT 0$/);
    expect(await rows({ ...query, limit: -4 })).toEqual([]);
    expect(renderSelect({ ...query, limit: 0 })).toMatch(/ LIMIT 0$/);
  });

  it('groups by several expressions, comma-separated', async () => {
    const query = selectFrom('customers', 'c', {
      select: [
        { expr: col('c', 'country') },
        { expr: col('c', 'city') },
        { expr: { kind: 'aggregate', fn: 'count', arg: { kind: 'star' } } },
      ],
      groupBy: [col('c', 'country'), col('c', 'city')],
      orderBy: [{ expr: col('c', 'city'), direction: 'asc' }],
    });
    expect(renderSelect(query)).toBe(
      'SELECT c.country, c.city, COUNT(*) FROM customers AS c GROUP BY c.country, c.city ORDER BY c.city ASC',
    );
    expect(await rows(query)).toEqual([
      ['Germany', 'Berlin', '2'],
      ['France', 'Lyon', '1'],
      ['Germany', 'Munich', '1'],
      ['France', 'Paris', '1'],
    ]);
  });

  it('renders an inner join as JOIN, with an alias only when it differs', () => {
    const query = selectFrom('orders', 'orders', {
      joins: [
        {
          type: 'inner',
          schema: 'public',
          table: 'customers',
          alias: 'customers',
          on: eq(col('customers', 'id'), col('orders', 'customer_id')),
        },
      ],
    });
    expect(renderSelect(query)).toBe('SELECT * FROM orders JOIN customers ON customers.id = orders.customer_id');
  });
});

describe('computed values', () => {
  it.each<[string, Expr, string, unknown]>([
    [
      'arithmetic',
      { kind: 'arith', op: '*', left: lit(6), right: { kind: 'arith', op: '-', left: lit(3), right: lit(1) } },
      '(6 * (3 - 1))',
      12,
    ],
    ['division', { kind: 'arith', op: '/', left: lit(7), right: lit(2) }, '(7 / 2)', 3],
    ['addition', { kind: 'arith', op: '+', left: lit(7), right: lit(2) }, '(7 + 2)', 9],
    [
      'date_trunc',
      {
        kind: 'call',
        name: 'date_trunc',
        args: [lit('month'), { kind: 'cast', expr: lit('2024-03-09'), type: 'date' }],
      },
      "DATE_TRUNC('month', CAST('2024-03-09' AS DATE))",
      new Date('2024-03-01T00:00:00'),
    ],
    [
      'extract',
      {
        kind: 'call',
        name: 'extract',
        args: [
          { kind: 'keyword', word: 'year' },
          { kind: 'cast', expr: lit('2024-03-09'), type: 'date' },
        ],
      },
      "EXTRACT(YEAR FROM CAST('2024-03-09' AS DATE))",
      '2024',
    ],
    [
      'extract dow',
      {
        kind: 'call',
        name: 'extract',
        args: [
          { kind: 'keyword', word: 'dow' },
          { kind: 'cast', expr: lit('2024-03-09'), type: 'date' },
        ],
      },
      "EXTRACT(DOW FROM CAST('2024-03-09' AS DATE))",
      '6',
    ],
    [
      'extract quarter',
      {
        kind: 'call',
        name: 'extract',
        args: [
          { kind: 'keyword', word: 'quarter' },
          { kind: 'cast', expr: lit('2024-03-09'), type: 'date' },
        ],
      },
      "EXTRACT(QUARTER FROM CAST('2024-03-09' AS DATE))",
      '1',
    ],
    ['nullif', { kind: 'call', name: 'nullif', args: [lit(0), lit(0)] }, 'NULLIF(0, 0)', null],
    ['coalesce', { kind: 'call', name: 'coalesce', args: [lit(null), lit(5)] }, 'COALESCE(NULL, 5)', 5],
    [
      'round',
      { kind: 'call', name: 'round', args: [{ kind: 'cast', expr: lit(2.345), type: 'numeric' }, lit(1)] },
      'ROUND(CAST(2.345 AS NUMERIC), 1)',
      '2.3',
    ],
    ['float cast', { kind: 'cast', expr: lit(1), type: 'float' }, 'CAST(1 AS FLOAT)', 1],
    ['raw term', { kind: 'raw', sql: '2 + 3', label: 'five', aggregates: [] }, '(2 + 3)', 5],
  ])('%s', async (_name, e, sql, expected) => {
    expect(renderSelect(selectFrom('orders', 'o', { select: [{ expr: e }] }))).toBe(`SELECT ${sql} FROM orders AS o`);
    expect(await value(e)).toEqual(expected);
  });

  it('moves today by whole units, singular for one', async () => {
    const today: Expr = { kind: 'today' };
    const cases: [Expr, string][] = [
      [{ kind: 'dateShift', base: today, amount: -30, unit: 'day' }, "CURRENT_DATE - INTERVAL '30 days'"],
      [{ kind: 'dateShift', base: today, amount: -1, unit: 'week' }, "CURRENT_DATE - INTERVAL '1 week'"],
      [{ kind: 'dateShift', base: today, amount: 2, unit: 'month' }, "CURRENT_DATE + INTERVAL '2 months'"],
      [{ kind: 'dateShift', base: today, amount: 1, unit: 'year' }, "CURRENT_DATE + INTERVAL '1 year'"],
      [{ kind: 'dateShift', base: today, amount: 0, unit: 'day' }, "CURRENT_DATE + INTERVAL '0 days'"],
      [{ kind: 'dateShift', base: today, amount: -3, unit: 'week' }, "CURRENT_DATE - INTERVAL '3 weeks'"],
      [{ kind: 'dateShift', base: today, amount: 5, unit: 'year' }, "CURRENT_DATE + INTERVAL '5 years'"],
      [{ kind: 'dateShift', base: today, amount: -1, unit: 'month' }, "CURRENT_DATE - INTERVAL '1 month'"],
      [{ kind: 'dateShift', base: today, amount: 1, unit: 'day' }, "CURRENT_DATE + INTERVAL '1 day'"],
    ];
    for (const [e, sql] of cases)
      expect(renderSelect(selectFrom('orders', 'o', { select: [{ expr: e }] }))).toBe(`SELECT ${sql} FROM orders AS o`);
    const shifted = (await value(cases[0]![0])) as Date;
    const expected = (await client.query('SELECT (CURRENT_DATE - 30)::timestamp AS d')).rows[0].d as Date;
    expect(shifted).toEqual(expected);
  });

  it('renders the other keywords in upper case', () => {
    for (const word of ['year', 'month', 'week', 'day', 'quarter'] as const) {
      expect(renderSelect(selectFrom('t', 't', { select: [{ expr: { kind: 'keyword', word } }] }))).toBe(
        `SELECT ${word.toUpperCase()} FROM t`,
      );
    }
    expect(renderSelect(selectFrom('t', 't', { select: [{ expr: { kind: 'keyword', word: 'dow' } }] }))).toBe(
      'SELECT DOW FROM t',
    );
  });

  it('renders every aggregate', () => {
    for (const fn of ['count', 'sum', 'avg', 'min', 'max'] as const) {
      expect(
        renderSelect(selectFrom('t', 't', { select: [{ expr: { kind: 'aggregate', fn, arg: col('t', 'x') } }] })),
      ).toBe(`SELECT ${fn.toUpperCase()}(t.x) FROM t`);
    }
  });
});
