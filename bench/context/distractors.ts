/**
 * About 1,000 plausible business tables (sales, finance, people, stock, support, marketing…) with
 * keys, references, categories, amounts and dates, a few dozen rows each: the crowd a benchmark's
 * tables hide in for the 1,000-table measurement. Deterministic (seeded).
 */

import { literal } from '../../src/sql/quote.ts';

function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

const areas = [
  'crm',
  'erp',
  'fin',
  'hr',
  'inv',
  'mkt',
  'ops',
  'sales',
  'supp',
  'wh',
  'proc',
  'bi',
  'pay',
  'it',
  'legal',
  'fleet',
  'mfg',
  'qa',
  'ecom',
  'loy',
];
const entities = [
  'customer',
  'account',
  'contact',
  'lead',
  'opportunity',
  'quote',
  'order',
  'order_line',
  'invoice',
  'invoice_line',
  'payment',
  'refund',
  'credit_note',
  'product',
  'product_category',
  'price_list',
  'discount',
  'coupon',
  'supplier',
  'purchase_order',
  'receipt',
  'shipment',
  'carrier',
  'warehouse',
  'bin',
  'stock_level',
  'stock_move',
  'employee',
  'department',
  'position',
  'salary',
  'timesheet',
  'leave_request',
  'review',
  'training',
  'candidate',
  'interview',
  'ticket',
  'ticket_comment',
  'sla_policy',
  'campaign',
  'email_send',
  'segment',
  'survey',
  'survey_answer',
  'web_session',
  'page_view',
  'subscription',
  'plan',
  'usage_record',
  'budget',
  'ledger_entry',
  'journal',
  'tax_rate',
  'currency_rate',
  'asset',
  'vehicle',
  'trip',
  'fuel_log',
  'maintenance_job',
  'work_order',
  'machine',
  'defect',
  'inspection',
  'contract',
  'vendor_rating',
  'store',
  'region',
  'territory',
  'sales_target',
  'commission',
];
const variants = [
  '',
  '_history',
  '_archive',
  '_daily',
  '_monthly',
  '_snapshot',
  '_audit',
  '_staging',
  '_summary',
  '_v2',
  '_backup',
  '_log',
];
const categoryValues = [
  ['Active', 'Inactive', 'Pending', 'Closed'],
  ['North', 'South', 'East', 'West', 'Central'],
  ['Gold', 'Silver', 'Bronze', 'Platinum'],
  ['Online', 'Retail', 'Partner', 'Direct'],
  ['Low', 'Medium', 'High', 'Critical'],
  ['USA', 'Canada', 'Germany', 'France', 'Japan', 'Brazil', 'India', 'UK'],
  ['Open', 'In Progress', 'Resolved', 'Escalated'],
  ['Email', 'Phone', 'Chat', 'Web'],
  ['Draft', 'Approved', 'Rejected', 'Paid'],
  ['Electronics', 'Furniture', 'Clothing', 'Food', 'Toys', 'Books'],
  ['Full-time', 'Part-time', 'Contractor', 'Intern'],
];
const categoryColumns = [
  'status',
  'region',
  'tier',
  'channel',
  'priority',
  'country',
  'stage',
  'source',
  'state',
  'category',
  'type',
];
const amountColumns = ['amount', 'total', 'price', 'cost', 'balance', 'quantity', 'score', 'rate', 'weight', 'hours'];
const dateColumns = ['created_at', 'updated_at', 'due_date', 'start_date', 'end_date', 'closed_at', 'issued_on'];
const textColumns = ['name', 'title', 'description', 'notes', 'code', 'email', 'city', 'reference', 'label'];

export interface Distractor {
  name: string;
  sql: string;
}

/** `count` tables, none named like `avoid`; each with an id, references to earlier tables, and a mix of columns. */
export function distractorTables(count: number, avoid: Set<string>, seed = 20251): Distractor[] {
  const random = generator(seed);
  const out: Distractor[] = [];
  const names = new Set<string>();
  while (out.length < count) {
    const name = `${random.pick(areas)}_${random.pick(entities)}${random.pick(variants)}`;
    if (names.has(name) || avoid.has(name)) continue;
    names.add(name);
    const columns = [`id integer PRIMARY KEY`];
    const selects = ['g'];
    const used = new Set(['id']);
    const add = (column: string, type: string, expression: string) => {
      if (used.has(column)) return;
      used.add(column);
      columns.push(`${column} ${type}`);
      selects.push(expression);
    };
    const earlier = out.length > 0 ? out[random.int(0, out.length - 1)]! : null;
    if (earlier && random.next() < 0.6)
      add(`${earlier.name.replace(/^[a-z]+_/, '')}_id`, `integer REFERENCES ${earlier.name}(id)`, `1 + g % 20`);
    const width = random.int(4, 14);
    for (let i = 0; i < width; i++) {
      const kind = random.int(0, 3);
      if (kind === 0) {
        const values = random.pick(categoryValues);
        add(
          random.pick(categoryColumns),
          'text',
          `(ARRAY[${values.map(literal).join(', ')}])[1 + abs(hashint4(g + ${i}))  % ${values.length}]`,
        );
      } else if (kind === 1)
        add(random.pick(amountColumns), 'numeric(12,2)', `round((abs(hashint4(g * ${i + 3})) % 100000) / 100.0, 2)`);
      else if (kind === 2)
        add(random.pick(dateColumns), 'date', `date '2020-01-01' + abs(hashint4(g + ${i * 7})) % 1500`);
      else {
        const column = random.pick(textColumns);
        add(column, 'text', `initcap(${literal(column)}) || ' ' || g`);
      }
    }
    const rows = random.int(20, 60);
    out.push({
      name,
      sql: `CREATE TABLE ${name} (${columns.join(', ')});\nINSERT INTO ${name} SELECT ${selects.join(', ')} FROM generate_series(1, ${rows}) g;`,
    });
  }
  return out;
}
