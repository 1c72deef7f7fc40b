/**
 * The generated target database the load bench asks about: a small shop (customers, products,
 * orders, order items) with about 24,000 orders, built once on the local server and kept (a marker
 * table says which build it is).
 */
import pg from 'pg';

export const targetName = 'askdb_bench_load_target';
const buildVersion = 1;

/** The target's tables and rows (about 24,000 orders), with the marker of this build. */
export const targetSchemaSql = `
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, city text NOT NULL, country text NOT NULL, segment text NOT NULL, signup_date date NOT NULL);
CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL, category text NOT NULL, price numeric(10,2) NOT NULL);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id), status text NOT NULL, channel text NOT NULL,
                     order_date date NOT NULL, total_amount numeric(10,2) NOT NULL);
CREATE TABLE order_items (id int PRIMARY KEY, order_id int NOT NULL REFERENCES orders(id), product_id int NOT NULL REFERENCES products(id), quantity int NOT NULL);
COMMENT ON COLUMN orders.status IS 'where the order is: pending, shipped, delivered or cancelled';
INSERT INTO customers
  SELECT g, 'Customer ' || g,
         (ARRAY['Berlin','Munich','Paris','Lyon','Madrid','Seville','Rome','Milan','Vienna','Lisbon'])[1 + g % 10],
         (ARRAY['Germany','Germany','France','France','Spain','Spain','Italy','Italy','Austria','Portugal'])[1 + g % 10],
         (ARRAY['consumer','business','education'])[1 + abs(hashint4(g)) % 3],
         date '2021-01-01' + abs(hashint4(g + 7)) % 1400
  FROM generate_series(1, 2000) g;
INSERT INTO products
  SELECT g, 'Product ' || g, (ARRAY['Books','Games','Garden','Kitchen','Toys','Music','Sports','Tools'])[1 + g % 8],
         round((5 + abs(hashint4(g)) % 20000 / 100.0)::numeric, 2)
  FROM generate_series(1, 200) g;
INSERT INTO orders
  SELECT g, 1 + abs(hashint4(g)) % 2000,
         (ARRAY['pending','shipped','delivered','delivered','delivered','cancelled'])[1 + abs(hashint4(g + 1)) % 6],
         (ARRAY['web','store','phone'])[1 + abs(hashint4(g + 2)) % 3],
         date '2022-01-01' + abs(hashint4(g + 3)) % 1095,
         round((10 + abs(hashint4(g + 4)) % 50000 / 100.0)::numeric, 2)
  FROM generate_series(1, 24000) g;
INSERT INTO order_items
  SELECT g, 1 + (g - 1) / 2, 1 + abs(hashint4(g)) % 200, 1 + abs(hashint4(g + 5)) % 4
  FROM generate_series(1, 48000) g;
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX order_items_order_idx ON order_items (order_id);
CREATE TABLE bench_build_info (version int NOT NULL);
INSERT INTO bench_build_info VALUES (${buildVersion});
ANALYZE;
`;

/** The SQL the SQL-route scenario runs: a GROUP BY over every order. */
export const routeSql =
  'SELECT c.country, count(*) AS orders, sum(o.total_amount) AS revenue FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.country ORDER BY revenue DESC';

function urlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Builds the target database unless this build of it is already there; returns its name. */
export async function ensureTarget(serverUrl: string): Promise<string> {
  const built = await withClient(serverUrl, async (c) => {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [targetName]);
    if (exists.rowCount === 0) return false;
    return withClient(urlFor(serverUrl, targetName), async (t) => {
      const info = await t.query(`SELECT to_regclass('bench_build_info') IS NOT NULL AS ok`);
      if (!info.rows[0].ok) return false;
      const version = await t.query('SELECT version FROM bench_build_info');
      return version.rows[0]?.version === buildVersion;
    });
  });
  if (built) return targetName;
  await withClient(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${targetName} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${targetName}`);
  });
  await withClient(urlFor(serverUrl, targetName), (t) => t.query(targetSchemaSql));
  return targetName;
}

/** A scratch app database for one bench run, dropped by `drop()`. */
export async function scratchAppDatabase(
  serverUrl: string,
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `askdb_bench_${label}_${Date.now().toString(36)}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: urlFor(serverUrl, name),
    drop: () =>
      withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
