import type { JsonValue, ResultColumn } from '../targets/types.ts';

// A spreadsheet reads a cell starting with one of these as a formula (tab and CR: some strip them first).
const FORMULA_START = /^[=+\-@\t\r]/;
// A negative number as a spreadsheet reads it (the only plain number that starts like a formula).
const NEGATIVE_NUMBER = /^-(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The text a spreadsheet shows as typed: a leading `'` keeps formula-like text from being run. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !NEGATIVE_NUMBER.test(text) ? `'${text}` : text;
}

function cell(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const safe = neutraliseFormula(text);
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a header line. */
export function toCsv(columns: ResultColumn[], rows: JsonValue[][]): string {
  return [columns.map((c) => cell(c.name)), ...rows.map((row) => row.map(cell))]
    .map((line) => `${line.join(',')}\r\n`)
    .join('');
}
