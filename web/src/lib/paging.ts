export interface Page<T> {
  rows: T[];
  page: number;
  pages: number;
  from: number;
  to: number;
}

/** One page of rows (pages count from 0; out-of-range pages are clamped). */
export function pageOf<T>(rows: T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  const from = current * size;
  const slice = rows.slice(from, from + size);
  return { rows: slice, page: current, pages, from: rows.length ? from + 1 : 0, to: from + slice.length };
}
