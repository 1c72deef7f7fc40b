import type { PGlite, Transaction } from '@electric-sql/pglite';
import { ident } from '../sql/quote.ts';
import type { Cell, TableRows } from './rows.ts';

/** A value in COPY's text format: backslash escapes, \N for null. */
function copyText(cell: Cell): string {
  if (cell === null) return '\\N';
  if (typeof cell === 'boolean') return cell ? 't' : 'f';
  return String(cell).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

/** Loads rows with one COPY from an in-memory file: far faster in PGlite than INSERT statements. */
export async function copyRows(db: PGlite | Transaction, { table, columns, rows }: TableRows): Promise<void> {
  const text = rows.map((row) => `${row.map(copyText).join('\t')}\n`).join('');
  await db.query(`COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM '/dev/blob'`, [], {
    blob: new Blob([text]),
  });
}
