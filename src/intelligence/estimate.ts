export interface SampleCounts {
  /** Non-null values in the sample. */
  sampledValues: number;
  distinctInSample: number;
  /** Distinct values seen exactly once in the sample. */
  singletons: number;
  /** Non-null values in the whole table (an estimate). */
  totalValues: number;
}

/**
 * Distinct values in a table from a sample, as ANALYZE estimates them (Haas & Stokes' Duj1):
 * no value seen twice → the column is unique; every value seen at least twice → the sample saw
 * them all; otherwise n·d / (n − f1 + f1·n/N).
 */
export function estimateDistinct({
  sampledValues: n,
  distinctInSample: d,
  singletons: f1,
  totalValues: N,
}: SampleCounts): number {
  if (n === 0 || d === 0) return 0;
  if (n >= N) return d;
  if (f1 === 0) return d;
  if (f1 === d) return Math.round(N);
  const estimate = (n * d) / (n - f1 + (f1 * n) / N);
  return Math.round(Math.min(Math.max(estimate, d), N));
}
