import { isoDate } from './calendar.ts';
import type { DemoDataset } from './dataset.ts';

export type Cell = string | number | boolean | null;

export interface TableRows {
  table: string;
  columns: readonly string[];
  rows: Cell[][];
}

/** 1234 → "12.34". */
function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const whole = Math.abs(cents);
  return `${sign}${Math.trunc(whole / 100)}.${String(whole % 100).padStart(2, '0')}`;
}

const dateOrNull = (day: number | null) => (day === null ? null : isoDate(day));

/** The dataset as rows of the tables in schema.ts, parents before children. */
export function tableRows(data: DemoDataset): TableRows[] {
  return [
    {
      table: 'categories',
      columns: ['category_id', 'name', 'department', 'description'],
      rows: data.categories.map((c) => [c.categoryId, c.name, c.department, c.description]),
    },
    {
      table: 'products',
      columns: [
        'product_id',
        'sku',
        'name',
        'category_id',
        'price',
        'cost',
        'active',
        'launched_on',
        'discontinued_on',
      ],
      rows: data.products.map((p) => [
        p.productId,
        p.sku,
        p.name,
        p.categoryId,
        dollars(p.priceCents),
        dollars(p.costCents),
        p.discontinuedOn === null,
        isoDate(p.launchedOn),
        dateOrNull(p.discontinuedOn),
      ]),
    },
    {
      table: 'stores',
      columns: ['store_id', 'name', 'city', 'state', 'country', 'region', 'opened_on', 'square_feet'],
      rows: data.stores.map((s) => [
        s.storeId,
        s.name,
        s.city,
        s.state,
        s.country,
        s.region,
        isoDate(s.openedOn),
        s.squareFeet,
      ]),
    },
    {
      table: 'employees',
      columns: [
        'employee_id',
        'first_name',
        'last_name',
        'email',
        'store_id',
        'role',
        'hire_date',
        'manager_id',
        'salary',
      ],
      rows: data.employees.map((e) => [
        e.employeeId,
        e.firstName,
        e.lastName,
        e.email,
        e.storeId,
        e.role,
        isoDate(e.hireDate),
        e.managerId,
        dollars(e.salaryCents),
      ]),
    },
    {
      table: 'customers',
      columns: [
        'customer_id',
        'first_name',
        'last_name',
        'email',
        'phone',
        'city',
        'state',
        'country',
        'segment',
        'signup_date',
        'marketing_opt_in',
      ],
      rows: data.customers.map((c) => [
        c.customerId,
        c.firstName,
        c.lastName,
        c.email,
        c.phone,
        c.city,
        c.state,
        c.country,
        c.segment,
        isoDate(c.signupDate),
        c.marketingOptIn,
      ]),
    },
    {
      table: 'orders',
      columns: [
        'order_id',
        'customer_id',
        'store_id',
        'employee_id',
        'order_date',
        'channel',
        'status',
        'shipped_date',
        'total_amount',
      ],
      rows: data.orders.map((o) => [
        o.orderId,
        o.customerId,
        o.storeId,
        o.employeeId,
        isoDate(o.orderDate),
        o.channel,
        o.status,
        dateOrNull(o.shippedDate),
        dollars(o.totalCents),
      ]),
    },
    {
      table: 'order_items',
      columns: ['order_id', 'line_number', 'product_id', 'quantity', 'unit_price', 'discount'],
      rows: data.orderItems.map((i) => [
        i.orderId,
        i.lineNumber,
        i.productId,
        i.quantity,
        dollars(i.unitPriceCents),
        (i.discountPercent / 100).toFixed(2),
      ]),
    },
    {
      table: 'payments',
      columns: ['payment_id', 'order_id', 'method', 'amount', 'status', 'paid_at'],
      rows: data.payments.map((p) => [p.paymentId, p.orderId, p.method, dollars(p.amountCents), p.status, p.paidAt]),
    },
  ];
}
