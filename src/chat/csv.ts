import type { JsonValue, ResultColumn } from '../targets/types.ts';

function cell(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Quote when needed; a leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a header line. */
export function toCsv(columns: ResultColumn[], rows: JsonValue[][]): string {
  return [columns.map((c) => cell(c.name)), ...rows.map((row) => row.map(cell))].map((line) => line.join(',')).join('\r\n') + '\r\n';
}
