-- A small shop: every table has data, so a checksum notices any change.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE SEQUENCE order_ids START 1000;

CREATE TABLE customers (
  id serial PRIMARY KEY,
  name text NOT NULL,
  email text,
  mood mood,
  country char(2),
  created_at timestamptz NOT NULL
);
CREATE INDEX customers_email_idx ON customers (email);

CREATE TABLE products (
  sku text PRIMARY KEY,
  title varchar(80) NOT NULL,
  price numeric(10, 2) NOT NULL,
  tags text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE orders (
  id int PRIMARY KEY DEFAULT nextval('order_ids'),
  customer_id int NOT NULL REFERENCES customers (id),
  placed_on date NOT NULL,
  status text NOT NULL,
  total numeric(10, 2)
);
CREATE INDEX orders_placed_on_brin ON orders USING brin (placed_on);

CREATE TABLE order_lines (
  order_id int NOT NULL REFERENCES orders (id),
  sku text NOT NULL REFERENCES products (sku),
  quantity int NOT NULL,
  PRIMARY KEY (order_id, sku)
);

CREATE TABLE counters (name text PRIMARY KEY, n int NOT NULL);

CREATE TABLE "Mixed Case" ("Weird Col" int, "ünïcode" text);

INSERT INTO customers (name, email, mood, country, created_at) VALUES
  ('Ada', 'ada@example.com', 'happy', 'GB', '2024-01-05 10:00+00'),
  ('Brendan', 'brendan@example.com', 'ok', 'US', '2024-01-20 15:30+00'),
  ('Chiara', NULL, 'sad', 'IT', '2024-02-02 08:15+00'),
  ('Dmitri', 'dmitri@example.com', NULL, 'DE', '2024-02-14 19:45+00'),
  ('Éloïse', 'eloise@example.com', 'happy', 'FR', '2024-03-01 12:00+00'),
  ('Farah', 'farah@example.com', 'ok', 'GB', '2024-03-09 09:09+00');

INSERT INTO products (sku, title, price, tags) VALUES
  ('TEA-1', 'Green tea', 4.50, '{drink,hot}'),
  ('TEA-2', 'Black tea', 3.90, '{drink,hot}'),
  ('MUG-1', 'Blue mug', 12.00, '{kitchen}'),
  ('BIS-1', 'Oat biscuits', 2.75, '{food,"sweet, crunchy"}'),
  ('GIFT', 'Gift card', 25.00, '{}');

INSERT INTO orders (customer_id, placed_on, status) VALUES
  (1, '2024-01-06', 'paid'), (1, '2024-02-10', 'paid'), (2, '2024-01-21', 'paid'),
  (2, '2024-01-22', 'refunded'), (3, '2024-02-03', 'paid'), (4, '2024-02-15', 'open'),
  (4, '2024-02-16', 'paid'), (5, '2024-03-02', 'paid'), (5, '2024-03-03', 'paid'),
  (6, '2024-03-10', 'open'), (1, '2024-03-11', 'paid'), (3, '2024-03-12', 'paid');

INSERT INTO order_lines (order_id, sku, quantity) VALUES
  (1000, 'TEA-1', 2), (1000, 'MUG-1', 1), (1001, 'BIS-1', 3), (1002, 'TEA-2', 1),
  (1003, 'GIFT', 1), (1004, 'TEA-1', 1), (1004, 'BIS-1', 2), (1005, 'MUG-1', 2),
  (1006, 'TEA-2', 4), (1007, 'TEA-1', 1), (1008, 'GIFT', 2), (1009, 'BIS-1', 1),
  (1010, 'TEA-1', 3), (1010, 'TEA-2', 1), (1011, 'MUG-1', 1);

UPDATE orders o SET total = (SELECT sum(l.quantity * p.price) FROM order_lines l JOIN products p ON p.sku = l.sku WHERE l.order_id = o.id);

INSERT INTO counters VALUES ('hits', 0), ('misses', 7);
INSERT INTO "Mixed Case" VALUES (1, 'ein'), (2, 'zwei');

CREATE VIEW big_orders AS
  SELECT o.id, o.customer_id, sum(l.quantity * p.price) AS total
  FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.sku = l.sku
  GROUP BY o.id, o.customer_id
  HAVING sum(l.quantity * p.price) > 10;

CREATE MATERIALIZED VIEW order_totals AS
  SELECT o.customer_id, sum(l.quantity * p.price) AS total
  FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.sku = l.sku
  GROUP BY o.customer_id;

-- Writers that the guard lets through when called unqualified: the read-only transaction stops them.
-- A large object for the writes that would change or delete one.
SELECT lo_from_bytea(1, 'fixture');

CREATE FUNCTION bump_counter() RETURNS int LANGUAGE sql
  AS $$ UPDATE counters SET n = n + 1 WHERE name = 'hits' RETURNING n $$;
CREATE PROCEDURE bump() LANGUAGE sql AS $$ UPDATE counters SET n = n + 1 $$;
