/**
 * The demo company's tables. Keys and checks are declared with the tables; foreign keys and
 * secondary indexes come after the data is loaded (`constraintsSql`), which is much faster than
 * checking every copied row.
 */
export const tablesSql = /* sql */ `
CREATE TABLE categories (
  category_id integer PRIMARY KEY,
  name text NOT NULL UNIQUE,
  department text NOT NULL,
  description text
);
COMMENT ON TABLE categories IS 'Product categories, grouped into departments (Kitchen, Home, Outdoor, Garden).';

CREATE TABLE products (
  product_id integer PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  name text NOT NULL,
  category_id integer NOT NULL,
  price numeric(10,2) NOT NULL CHECK (price > 0),
  cost numeric(10,2) NOT NULL CHECK (cost >= 0),
  active boolean NOT NULL,
  launched_on date NOT NULL,
  discontinued_on date
);
COMMENT ON TABLE products IS 'Everything the company sells, with its current list price.';
COMMENT ON COLUMN products.price IS 'Current list price in US dollars; order_items.unit_price keeps the price actually charged.';
COMMENT ON COLUMN products.cost IS 'What one unit costs the company to buy, in US dollars.';
COMMENT ON COLUMN products.active IS 'False once the product is discontinued.';
COMMENT ON COLUMN products.discontinued_on IS 'Null while the product is still sold.';

CREATE TABLE stores (
  store_id integer PRIMARY KEY,
  name text NOT NULL,
  city text NOT NULL,
  state text NOT NULL,
  country text NOT NULL,
  region text NOT NULL,
  opened_on date NOT NULL,
  square_feet integer NOT NULL
);
COMMENT ON TABLE stores IS 'Physical shops. Online and phone orders have no store.';
COMMENT ON COLUMN stores.state IS 'US state or Canadian province code.';

CREATE TABLE employees (
  employee_id integer PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text NOT NULL UNIQUE,
  store_id integer,
  role text NOT NULL,
  hire_date date NOT NULL,
  manager_id integer,
  salary numeric(10,2) NOT NULL
);
COMMENT ON TABLE employees IS 'Staff of the stores and of the head office.';
COMMENT ON COLUMN employees.store_id IS 'Null for head-office staff.';
COMMENT ON COLUMN employees.manager_id IS 'The employee this person reports to; null for the chief executive.';
COMMENT ON COLUMN employees.salary IS 'Yearly gross salary in US dollars.';

CREATE TABLE customers (
  customer_id integer PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text NOT NULL UNIQUE,
  phone text,
  city text,
  state text NOT NULL,
  country text NOT NULL,
  segment text NOT NULL CHECK (segment IN ('Consumer', 'Small Business', 'Corporate')),
  signup_date date NOT NULL,
  marketing_opt_in boolean NOT NULL
);
COMMENT ON TABLE customers IS 'People and businesses who signed up to buy from the company.';
COMMENT ON COLUMN customers.segment IS 'Consumer, Small Business or Corporate.';
COMMENT ON COLUMN customers.marketing_opt_in IS 'Whether the customer agreed to receive marketing e-mail.';

CREATE TABLE orders (
  order_id integer PRIMARY KEY,
  customer_id integer NOT NULL,
  store_id integer,
  employee_id integer,
  order_date date NOT NULL,
  channel text NOT NULL CHECK (channel IN ('online', 'in-store', 'phone')),
  status text NOT NULL CHECK (status IN ('pending', 'processing', 'shipped', 'delivered', 'completed', 'cancelled', 'returned')),
  shipped_date date,
  total_amount numeric(12,2) NOT NULL
);
COMMENT ON TABLE orders IS 'Customer orders from January 2023 to December 2025, online, by phone and in the stores.';
COMMENT ON COLUMN orders.store_id IS 'The store of an in-store sale; null for online and phone orders.';
COMMENT ON COLUMN orders.employee_id IS 'Who took the order; null for online orders.';
COMMENT ON COLUMN orders.status IS 'In-store sales are completed (or returned); online and phone orders go pending, processing, shipped, delivered, or end cancelled or returned.';
COMMENT ON COLUMN orders.total_amount IS 'Sum of the order lines after discounts, in US dollars.';

CREATE TABLE order_items (
  order_id integer NOT NULL,
  line_number smallint NOT NULL,
  product_id integer NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price numeric(10,2) NOT NULL,
  discount numeric(4,2) NOT NULL DEFAULT 0 CHECK (discount >= 0 AND discount < 1),
  PRIMARY KEY (order_id, line_number)
);
COMMENT ON TABLE order_items IS 'The lines of each order: which product, how many, at what price.';
COMMENT ON COLUMN order_items.unit_price IS 'Price of one unit when ordered, before the discount, in US dollars.';
COMMENT ON COLUMN order_items.discount IS 'Fraction taken off the line, e.g. 0.10 for 10 %.';

CREATE TABLE payments (
  payment_id integer PRIMARY KEY,
  order_id integer NOT NULL,
  method text,
  amount numeric(12,2) NOT NULL,
  status text NOT NULL CHECK (status IN ('captured', 'pending', 'failed', 'refunded')),
  paid_at timestamptz
);
COMMENT ON TABLE payments IS 'Payment attempts for orders; a failed attempt may be followed by a captured one.';
COMMENT ON COLUMN payments.method IS 'card, cash, paypal, gift_card, mobile_wallet or bank_transfer; null for some 2023 in-store payments the old tills did not record.';
COMMENT ON COLUMN payments.paid_at IS 'Null while the payment is pending.';
`;

export const constraintsSql = /* sql */ `
ALTER TABLE products ADD FOREIGN KEY (category_id) REFERENCES categories (category_id);
ALTER TABLE employees ADD FOREIGN KEY (store_id) REFERENCES stores (store_id);
ALTER TABLE employees ADD FOREIGN KEY (manager_id) REFERENCES employees (employee_id);
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (customer_id);
ALTER TABLE orders ADD FOREIGN KEY (store_id) REFERENCES stores (store_id);
ALTER TABLE orders ADD FOREIGN KEY (employee_id) REFERENCES employees (employee_id);
ALTER TABLE order_items ADD FOREIGN KEY (order_id) REFERENCES orders (order_id);
ALTER TABLE order_items ADD FOREIGN KEY (product_id) REFERENCES products (product_id);
ALTER TABLE payments ADD FOREIGN KEY (order_id) REFERENCES orders (order_id);

CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX orders_order_date_idx ON orders (order_date);
CREATE INDEX order_items_product_id_idx ON order_items (product_id);
CREATE INDEX payments_order_id_idx ON payments (order_id);
`;
