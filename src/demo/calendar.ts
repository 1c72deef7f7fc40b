/** Dates as whole days since 1970-01-01 (UTC): integer arithmetic keeps the generator exact. */
export type Day = number;

const msPerDay = 86_400_000;

export function dayOf(isoDate: string): Day {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / msPerDay);
}

export function isoDate(day: Day): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** A timestamptz literal in UTC, e.g. `2024-03-05 14:22:10+00`. */
export function isoTimestamp(day: Day, secondOfDay: number): string {
  return new Date(day * msPerDay + secondOfDay * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '+00');
}

export function yearOf(day: Day): number {
  return new Date(day * msPerDay).getUTCFullYear();
}

/** 1 = January … 12 = December. */
export function monthOf(day: Day): number {
  return new Date(day * msPerDay).getUTCMonth() + 1;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: Day): number {
  return new Date(day * msPerDay).getUTCDay();
}

export function dayOfMonth(day: Day): number {
  return new Date(day * msPerDay).getUTCDate();
}
