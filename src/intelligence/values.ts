import type { ColumnFamily } from './model.ts';

/** Cuts a value to `max` characters, marking the cut. */
export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, Math.max(0, max - 1))}…`;
}

/** Booleans read from array text ("t", "f") spelled as a cast to text spells them ("true", "false"). */
export function normalizeValue(value: string, family: ColumnFamily): string {
  if (family !== 'boolean') return value;
  if (value === 't') return 'true';
  if (value === 'f') return 'false';
  return value;
}

/**
 * Orders values the way the column's type does, for min and max: numerically for numbers; ISO text
 * order for dates, times and timestamps (PostgreSQL's default output, for years 1 to 9999).
 */
function compareValues(a: string, b: string, family: ColumnFamily): number {
  if (family === 'number') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The smallest and largest of `values` for families with a meaningful order; null otherwise. */
export function rangeOf(values: readonly string[], family: ColumnFamily): { min: string | null; max: string | null } {
  const ordered = family === 'number' || family === 'date' || family === 'timestamp' || family === 'time';
  const usable = family === 'number' ? values.filter((v) => Number.isFinite(Number(v))) : values;
  if (!ordered || usable.length === 0) return { min: null, max: null };
  let min = usable[0]!;
  let max = usable[0]!;
  for (const value of usable) {
    if (compareValues(value, min, family) < 0) min = value;
    if (compareValues(value, max, family) > 0) max = value;
  }
  return { min, max };
}

/** Up to `count` items spread evenly over `items` (first and last included). */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  if (count <= 1) return items.slice(0, count);
  const step = (items.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, i) => items[Math.round(i * step)]!);
}
