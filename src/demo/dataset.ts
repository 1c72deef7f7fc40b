import { makeCategories, makeProducts, type Category, type Product } from './catalog.ts';
import { makeCustomers, type Customer } from './customers.ts';
import { makeEmployees, type Employee } from './employees.ts';
import { SeededRandom } from './random.ts';
import { makeSales, type Order, type OrderItem, type Payment } from './sales.ts';
import { makeStores, type Store } from './stores.ts';

export interface DemoDataset {
  categories: Category[];
  products: Product[];
  stores: Store[];
  employees: Employee[];
  customers: Customer[];
  orders: Order[];
  orderItems: OrderItem[];
  payments: Payment[];
}

export interface DemoSize {
  customers: number;
  orders: number;
}

/** About 125k rows: 6k customers, 24k orders with ~64k lines and ~24k payments. */
export const fullSize: DemoSize = { customers: 6_000, orders: 24_000 };

/** Builds the whole company in memory. Each part draws from its own stream, so changing one part leaves the others as they were. */
export function buildDemoDataset(seed: number, size: DemoSize = fullSize): DemoDataset {
  const stream = (part: number) => new SeededRandom(seed + part * 7919);
  const categories = makeCategories();
  const products = makeProducts(stream(1), categories);
  const stores = makeStores();
  const employees = makeEmployees(stream(2), stores);
  const customers = makeCustomers(stream(3), stores, size.customers);
  const sales = makeSales(stream(4), { customers, stores, employees, products }, size.orders);
  return { categories, products, stores, employees, customers, ...sales };
}
