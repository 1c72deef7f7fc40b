/**
 * The business terms the demo database ships with, accepted: the words Larkspur's people use for
 * their figures and their rows, defined once over the demo's own tables.
 */
export interface DemoTerm {
  name: string;
  synonyms: string[];
  kind: 'measure' | 'dimension' | 'filter' | 'entity';
  expression: string;
  table: string;
  description: string;
}

export const demoTerms: DemoTerm[] = [
  {
    name: 'revenue',
    synonyms: ['sales', 'turnover', 'net sales'],
    kind: 'measure',
    expression: 'sum(order_items.quantity * order_items.unit_price * (1 - order_items.discount))',
    table: 'order_items',
    description:
      'What the order lines brought in after their discounts, in US dollars (orders.total_amount is the same per order, rounded).',
  },
  {
    name: 'average order value',
    synonyms: ['AOV', 'average basket', 'average order size'],
    kind: 'measure',
    expression: 'avg(orders.total_amount)',
    table: 'orders',
    description: 'The average order total after discounts, in US dollars.',
  },
  {
    name: 'units sold',
    synonyms: ['items sold', 'quantity sold'],
    kind: 'measure',
    expression: 'sum(order_items.quantity)',
    table: 'order_items',
    description: 'How many units the order lines hold.',
  },
  {
    name: 'return rate',
    synonyms: ['returns rate', 'share of orders returned'],
    kind: 'measure',
    expression: "round(100.0 * count(*) FILTER (WHERE orders.status = 'returned') / count(*), 2)",
    table: 'orders',
    description: 'The percentage of orders that were returned.',
  },
  {
    name: 'failed payments',
    synonyms: ['failed payment attempts', 'declined payments'],
    kind: 'filter',
    expression: "payments.status = 'failed'",
    table: 'payments',
    description: 'Payment attempts that failed (a captured attempt may follow).',
  },
  {
    name: 'cancelled orders',
    synonyms: ['canceled orders'],
    kind: 'filter',
    expression: "orders.status = 'cancelled'",
    table: 'orders',
    description: 'Orders cancelled before they shipped.',
  },
  {
    name: 'head-office staff',
    synonyms: [
      'head office',
      'head office employees',
      'staff at head office',
      'people at head office',
      'people who work at head office',
      'people work at head office',
    ],
    kind: 'filter',
    expression: 'employees.store_id IS NULL',
    table: 'employees',
    description: 'Employees of the head office: they belong to no store.',
  },
  {
    name: 'staff',
    synonyms: ['workers', 'personnel'],
    kind: 'entity',
    expression: 'employees',
    table: 'employees',
    description: 'Everyone employed by the company, in the stores and at the head office.',
  },
];
