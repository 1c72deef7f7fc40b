/** Tables whose content must come out identical on every generation, with the key that orders them. */
const orderedTables: Record<string, string> = {
  categories: 'category_id',
  products: 'product_id',
  employees: 'employee_id',
  customers: 'customer_id',
  orders: 'order_id',
  order_items: 'order_id, line_number',
  payments: 'payment_id',
};

export const checksumSql = Object.entries(orderedTables)
  .map(
    ([table, key]) =>
      `SELECT '${table}' AS table_name, md5(string_agg(t::text, E'\\n' ORDER BY ${key})) AS checksum FROM ${table} t`,
  )
  .join('\nUNION ALL\n');

export function checksumsOf(rows: { table_name: string; checksum: string }[]): Record<string, string> {
  return Object.fromEntries(rows.map((row) => [row.table_name, row.checksum]));
}
