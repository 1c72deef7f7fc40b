import pg from 'pg';
import { analyzeDatabase } from '../../src/intelligence/analyze.ts';
import type { DatabaseModel } from '../../src/intelligence/model.ts';
import type { QueryFn } from '../../src/intelligence/query.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';

/** A small shop: categories, products, customers, orders and their items, with rows a person can check. */
export function shopSql(declareForeignKeys: boolean): string {
  const ref = (target: string) => (declareForeignKeys ? ` REFERENCES ${target}` : '');
  return `
CREATE TABLE categories (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL, category_id int${ref('categories(id)')}, price numeric(10,2) NOT NULL);
CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, city text NOT NULL, country text NOT NULL, signup_date date NOT NULL);
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL${ref('customers(id)')}, status text NOT NULL, order_date date NOT NULL, total_amount numeric(10,2) NOT NULL);
CREATE TABLE order_items (id serial PRIMARY KEY, order_id int NOT NULL${ref('orders(id)')}, product_id int NOT NULL${ref('products(id)')}, quantity int NOT NULL);
COMMENT ON COLUMN orders.status IS 'where the order is: pending, shipped or cancelled';
INSERT INTO categories (name) VALUES ('Books'), ('Games'), ('Garden');
INSERT INTO products (name, category_id, price) VALUES
  ('Atlas', 1, 30), ('Novel', 1, 12.5), ('Chess set', 2, 45), ('Puzzle', 2, 20), ('Shovel', 3, 25), ('Hose', 3, 60);
INSERT INTO customers (name, city, country, signup_date) VALUES
  ('Anna', 'Berlin', 'Germany', '2022-11-03'), ('Ben', 'Munich', 'Germany', '2023-01-15'),
  ('Chloé', 'Paris', 'France', '2023-02-20'), ('Dan', 'Lyon', 'France', '2023-06-01'), ('Eve', 'Berlin', 'Germany', '2024-01-10');
INSERT INTO orders (customer_id, status, order_date, total_amount) VALUES
  (1, 'shipped', '2023-01-05', 100), (1, 'shipped', '2023-02-11', 50), (2, 'pending', '2023-02-20', 75),
  (3, 'shipped', '2023-03-02', 20), (3, 'cancelled', '2024-01-15', 60), (4, 'shipped', '2024-02-01', 45),
  (1, 'pending', '2024-03-09', 30);
INSERT INTO order_items (order_id, product_id, quantity) VALUES
  (1, 1, 2), (1, 3, 1), (2, 2, 4), (3, 4, 3), (4, 2, 1), (5, 6, 1), (6, 3, 1), (7, 5, 2);
`;
}

export interface Shop {
  db: ScratchDatabase;
  client: pg.Client;
  model: DatabaseModel;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function createShop(declareForeignKeys: boolean): Promise<Shop> {
  const db = await createScratchDatabase('askdb_engine');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(shopSql(declareForeignKeys));
  const query: QueryFn = async <T>(sql: string, params: unknown[] = []) =>
    (await client.query(sql, params)).rows as T[];
  const model = await analyzeDatabase(query);
  return {
    db,
    client,
    model,
    rows: async (sql) => (await client.query(sql)).rows,
    close: async () => {
      await client.end();
      await db.drop();
    },
  };
}
