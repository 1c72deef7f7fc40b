/** RFC 4180 CSV of rows the browser already holds (the SQL workbench's result), like the server's CSV (src/chat/csv.ts). */

// A spreadsheet reads a cell starting with one of these as a formula (tab and CR: some strip them first).
const FORMULA_START = /^[=+\-@\t\r]/;
// A negative number as a spreadsheet reads it (the only plain number that starts like a formula).
const NEGATIVE_NUMBER = /^-(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const safe = FORMULA_START.test(text) && !NEGATIVE_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: { name: string }[], rows: unknown[][]): string {
  return [columns.map((c) => cell(c.name)), ...rows.map((row) => row.map(cell))]
    .map((line) => `${line.join(',')}\r\n`)
    .join('');
}
