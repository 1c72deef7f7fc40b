/** RFC 4180 CSV of rows the browser already holds (the SQL workbench's result), like the server's CSV. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: { name: string }[], rows: unknown[][]): string {
  return [columns.map((c) => cell(c.name)), ...rows.map((row) => row.map(cell))].map((line) => line.join(',')).join('\r\n') + '\r\n';
}
