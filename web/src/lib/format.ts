/** How values and names read in tables, charts and titles: the browser's locale, words not identifiers. */

const numberTypes = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'money', 'oid']);
const acronyms = new Set(['id', 'url', 'sku', 'vat', 'iso', 'ip', 'api']);

/** "number_of_orders" → "Number of orders", "totalAmount" → "Total amount", "customer_id" → "Customer ID". */
export function humanLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => (acronyms.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  if (words.length === 0) return name;
  const [first, ...rest] = words;
  return [first!.charAt(0).toUpperCase() + first!.slice(1), ...rest].join(' ');
}

function asDate(value: unknown): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Years and identifiers are numbers read as labels: "2024", not "2,024". */
const labelNumber = /(^|_|\b)(year|yr|id|code|zip|postcode)$|Id$/i;

/** A cell as a person reads it: grouped numbers, local dates, "—" for nothing. */
export function formatValue(value: unknown, column: { name: string; type: string }, locale?: string): string {
  const { type } = column;
  if (value === null || value === undefined) return '—';
  if (numberTypes.has(type) || typeof value === 'number') {
    const n = typeof value === 'number' ? value : Number(value);
    if (Number.isFinite(n))
      return new Intl.NumberFormat(locale, {
        maximumFractionDigits: 2,
        useGrouping: !labelNumber.test(column.name),
      }).format(n);
  }
  if (type === 'date') {
    const date = asDate(value);
    if (date) return date.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
  }
  if (type === 'timestamp' || type === 'timestamptz') {
    const date = asDate(value);
    if (date) return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A date and time of an event in the app (a session, an analysis), short and local. */
export function formatWhen(iso: string, locale?: string, now = new Date()): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(locale, {
        day: 'numeric',
        month: 'short',
        ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
      });
}

/** The d3 number locale Vega formats chart axes with, taken from the browser's Intl. */
export function chartNumberLocale(locale?: string): {
  decimal: string;
  thousands: string;
  grouping: number[];
  currency: [string, string];
} {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    thousands: parts.find((p) => p.type === 'group')?.value ?? ',',
    grouping: [3],
    currency: ['', ''],
  };
}
