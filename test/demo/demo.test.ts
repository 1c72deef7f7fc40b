import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/generate.ts';
import { startDemoDatabase, type DemoDatabase } from '../../src/demo/server.ts';
import { checksumSql, checksumsOf } from './checksums.ts';

const companyTables = [
  'categories',
  'products',
  'stores',
  'employees',
  'customers',
  'orders',
  'order_items',
  'payments',
];

let demo: DemoDatabase;
let pool: pg.Pool;

async function rows<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pool.query<T>(sql, params)).rows;
}

beforeAll(async () => {
  demo = await startDemoDatabase({ dataDir: 'memory://', port: 0 });
  // Any password is accepted, as a user typing one into AskDB would.
  pool = new pg.Pool({ connectionString: demo.url, password: 'anything', max: 5 });
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await demo?.stop();
});

describe('the demo database, served over the PostgreSQL protocol', () => {
  it('reports where to connect', () => {
    expect(demo.url).toBe(`postgres://postgres@127.0.0.1:${demo.port}/postgres`);
    expect(demo.port).toBeGreaterThan(0);
    expect(demo.generation?.totalRows).toBeGreaterThanOrEqual(100_000);
  });

  it('holds over 100k rows across the company tables', async () => {
    const counts = await rows<{ table_name: string; n: number }>(
      companyTables
        .map((table) => `SELECT '${table}' AS table_name, count(*)::int AS n FROM ${table}`)
        .join(' UNION ALL '),
    );
    const byTable = Object.fromEntries(counts.map(({ table_name, n }) => [table_name, n]));
    expect(Object.values(byTable).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(100_000);
    expect(byTable.orders).toBe(20_000 + 4_000);
    expect(byTable.order_items).toBeGreaterThan(55_000);
    expect(byTable.payments).toBeGreaterThanOrEqual(byTable.orders! - 1_000);
    expect(byTable).toMatchObject(demo.generation!.rowsByTable);
  });

  it('declares primary keys, foreign keys and comments', async () => {
    const keys = await rows<{ table_name: string; contype: string; definition: string }>(`
      SELECT c.conrelid::regclass::text AS table_name, c.contype, pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.contype IN ('p', 'f')`);
    const primaryKeys = keys.filter((key) => key.contype === 'p').map((key) => key.table_name);
    expect(primaryKeys.sort()).toEqual([...companyTables].sort());
    const foreignKeys = keys.filter((key) => key.contype === 'f').map((key) => `${key.table_name} ${key.definition}`);
    expect(foreignKeys).toEqual(
      expect.arrayContaining([
        'products FOREIGN KEY (category_id) REFERENCES categories(category_id)',
        'employees FOREIGN KEY (manager_id) REFERENCES employees(employee_id)',
        'orders FOREIGN KEY (customer_id) REFERENCES customers(customer_id)',
        'order_items FOREIGN KEY (order_id) REFERENCES orders(order_id)',
        'order_items FOREIGN KEY (product_id) REFERENCES products(product_id)',
        'payments FOREIGN KEY (order_id) REFERENCES orders(order_id)',
      ]),
    );
    expect(foreignKeys).toHaveLength(9);
    const [comments] = await rows<{ tables: number; columns: number }>(`
      SELECT count(*) FILTER (WHERE objsubid = 0)::int AS tables, count(*) FILTER (WHERE objsubid > 0)::int AS columns
      FROM pg_description WHERE classoid = 'pg_class'::regclass AND objoid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)`);
    expect(comments!.tables).toBe(companyTables.length);
    expect(comments!.columns).toBeGreaterThanOrEqual(10);
  });

  it('is analysed: pg_stats and reltuples are filled, as AskDB reads them', async () => {
    const stats = await rows<{ tablename: string; columns: number }>(
      `SELECT tablename, count(*)::int AS columns FROM pg_stats WHERE schemaname = 'public' GROUP BY tablename`,
    );
    expect(stats.map((s) => s.tablename).sort()).toEqual([...companyTables].sort());
    const [status] = await rows<{ n_distinct: number; common_values: string[]; null_frac: number }>(
      `SELECT n_distinct::float8 AS n_distinct, most_common_vals::text::text[] AS common_values, null_frac::float8 AS null_frac
       FROM pg_stats WHERE schemaname = 'public' AND tablename = 'orders' AND attname = 'status'`,
    );
    expect(status!.common_values).toEqual(expect.arrayContaining(['delivered', 'completed', 'cancelled', 'returned']));
    const [phone] = await rows<{ null_frac: number }>(
      `SELECT null_frac::float8 AS null_frac FROM pg_stats WHERE tablename = 'customers' AND attname = 'phone'`,
    );
    expect(phone!.null_frac).toBeGreaterThan(0.05);
    const [orders] = await rows<{ reltuples: number }>(
      `SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = 'public.orders'::regclass`,
    );
    expect(orders!.reltuples).toBe(24_000);
  });

  it('has realistic categories and the promised nulls', async () => {
    const statuses = await rows<{ status: string }>('SELECT DISTINCT status FROM orders ORDER BY 1');
    expect(statuses.map((s) => s.status)).toEqual([
      'cancelled',
      'completed',
      'delivered',
      'pending',
      'processing',
      'returned',
      'shipped',
    ]);
    const channels = await rows<{ channel: string }>('SELECT DISTINCT channel FROM orders ORDER BY 1');
    expect(channels.map((c) => c.channel)).toEqual(['in-store', 'online', 'phone']);
    const methods = await rows<{ method: string | null }>('SELECT DISTINCT method FROM payments ORDER BY 1');
    expect(methods.map((m) => m.method)).toEqual([
      'bank_transfer',
      'card',
      'cash',
      'gift_card',
      'mobile_wallet',
      'paypal',
      null,
    ]);

    const [nulls] = await rows<Record<string, number>>(`SELECT
      (SELECT count(*) FILTER (WHERE phone IS NULL)::float8 / count(*) FROM customers) AS customer_phone,
      (SELECT count(*) FILTER (WHERE city IS NULL)::float8 / count(*) FROM customers) AS customer_city,
      (SELECT count(*) FILTER (WHERE method IS NULL)::int FROM payments) AS payment_method,
      (SELECT count(*) FILTER (WHERE paid_at IS NULL)::int FROM payments) AS payment_time,
      (SELECT count(*) FILTER (WHERE manager_id IS NULL)::int FROM employees) AS without_manager,
      (SELECT count(*) FILTER (WHERE discontinued_on IS NOT NULL)::int FROM products) AS discontinued`);
    expect(nulls!.customer_phone).toBeGreaterThan(0.05);
    expect(nulls!.customer_phone).toBeLessThan(0.25);
    expect(nulls!.customer_city).toBeGreaterThan(0);
    expect(nulls!.customer_city).toBeLessThan(0.05);
    expect(nulls!.payment_method).toBeGreaterThan(0);
    expect(nulls!.payment_time).toBeGreaterThan(0);
    expect(nulls!.without_manager).toBe(1);
    expect(nulls!.discontinued).toBeGreaterThan(0);
  });

  it('tells one consistent story', async () => {
    const [facts] = await rows<Record<string, number | string>>(`SELECT
      (SELECT min(order_date)::text FROM orders) AS first_order,
      (SELECT max(order_date)::text FROM orders) AS last_order,
      (SELECT count(*)::int FROM orders o WHERE total_amount <>
         (SELECT round(sum(quantity * unit_price * (1 - discount)), 2) FROM order_items i WHERE i.order_id = o.order_id)) AS wrong_totals,
      (SELECT count(*)::int FROM orders WHERE (channel = 'in-store') <> (store_id IS NOT NULL)) AS wrong_store,
      (SELECT count(*)::int FROM orders WHERE (channel = 'online') <> (employee_id IS NULL)) AS wrong_employee,
      (SELECT count(*)::int FROM orders o JOIN stores s USING (store_id) WHERE o.order_date < s.opened_on) AS before_opening,
      (SELECT count(*)::int FROM orders o JOIN employees e USING (employee_id) WHERE o.order_date < e.hire_date) AS before_hire,
      (SELECT count(*)::int FROM orders o JOIN customers c USING (customer_id) WHERE o.order_date < c.signup_date) AS before_signup,
      (SELECT count(*)::int FROM order_items i JOIN orders o USING (order_id) JOIN products p USING (product_id)
         WHERE o.order_date < p.launched_on OR o.order_date >= p.discontinued_on) AS product_off_sale,
      (SELECT count(*)::int FROM products WHERE active <> (discontinued_on IS NULL)) AS wrong_active`);
    expect(facts).toEqual({
      first_order: '2023-01-01',
      last_order: '2025-12-31',
      wrong_totals: 0,
      wrong_store: 0,
      wrong_employee: 0,
      before_opening: 0,
      before_hire: 0,
      before_signup: 0,
      product_off_sale: 0,
      wrong_active: 0,
    });
  });

  it('refuses writes by default', async () => {
    await expect(pool.query(`INSERT INTO categories VALUES (99, 'Toys', 'Home', NULL)`)).rejects.toThrow(
      /read-only transaction/,
    );
  });

  it('serves several clients at once in read-only transactions', async () => {
    const expected = await rows<{ customer_id: number; orders: number; spent: string }>(
      `SELECT customer_id, count(*)::int AS orders, sum(total_amount)::text AS spent FROM orders GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5`,
    );
    const clients = Array.from({ length: 5 }, () => new pg.Client({ connectionString: demo.url }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const seen = await Promise.all(
        clients.map(async (client, index) => {
          const answers = [];
          for (let round = 0; round < 4; round += 1) {
            await client.query("BEGIN READ ONLY; SET LOCAL statement_timeout = '5s'");
            const { rows: found } = await client.query(
              `SELECT customer_id, count(*)::int AS orders, sum(total_amount)::text AS spent, current_setting('statement_timeout') AS timeout
               FROM orders WHERE customer_id = $1 GROUP BY 1`,
              [expected[index]!.customer_id],
            );
            await client.query(
              'SELECT count(*) FROM order_items i JOIN products p USING (product_id) WHERE p.category_id = $1',
              [index + 1],
            );
            await client.query('ROLLBACK');
            answers.push(found[0]);
          }
          return answers;
        }),
      );
      seen.forEach((answers, index) => {
        for (const answer of answers) expect(answer).toEqual({ ...expected[index], timeout: '5s' });
      });
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    // The LOCAL setting ended with each transaction; the shared session is clean.
    expect(
      (await rows<{ timeout: string }>(`SELECT current_setting('statement_timeout') AS timeout`))[0]!.timeout,
    ).toBe('0');
  });

  it('keeps concurrent parameterised queries apart outside transactions too', async () => {
    const clients = Array.from({ length: 6 }, () => new pg.Client({ connectionString: demo.url }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const mixedUp = await Promise.all(
        clients.map(async (client, index) => {
          let wrong = 0;
          for (let round = 0; round < 40; round += 1) {
            const orderId = 1 + index * 1_000 + round;
            const label = `client ${index} round ${round}`;
            const { rows: found } = await client.query<{ order_id: number; label: string }>(
              'SELECT order_id, $2::text AS label FROM orders WHERE order_id = $1',
              [orderId, label],
            );
            if (found[0]?.order_id !== orderId || found[0]?.label !== label) wrong += 1;
          }
          return wrong;
        }),
      );
      expect(mixedUp).toEqual([0, 0, 0, 0, 0, 0]);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it('comes out the same on every generation', async () => {
    const served = checksumsOf(await rows(checksumSql));
    const fresh = await PGlite.create('memory://');
    try {
      await generateDemo(fresh);
      expect(checksumsOf((await fresh.query<{ table_name: string; checksum: string }>(checksumSql)).rows)).toEqual(
        served,
      );
    } finally {
      await fresh.close();
    }
  }, 120_000);
});
