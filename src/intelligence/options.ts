export interface AnalysisOptions {
  /** A column with at most this many distinct values is categorical: all its values are kept. */
  categoryThreshold: number;
  /** Example values kept per column. */
  sampleSize: number;
  /** Tables with fewer rows are counted (and profiled) exactly. */
  exactCountLimit: number;
  /** No query reads more rows than this: completing a category list scans whole tables only below it. */
  fullScanLimit: number;
  /** Queries in flight at once against the target. */
  concurrency: number;
  /** Server-side timeout of each data-reading query. */
  statementTimeoutMs: number;
  /** Rows read to profile a table without planner statistics (ANALYZE reads 30,000): smaller tables whole, larger ones by TABLESAMPLE. */
  sampleRows: number;
  /** Sample values longer than this are cut, with an ellipsis. */
  maxValueLength: number;
  onProgress?: (percent: number, message: string) => void;
}

const defaultAnalysisOptions: Omit<AnalysisOptions, 'onProgress'> = {
  categoryThreshold: 100,
  sampleSize: 50,
  exactCountLimit: 10_000,
  fullScanLimit: 200_000,
  concurrency: 4,
  statementTimeoutMs: 15_000,
  sampleRows: 30_000,
  maxValueLength: 200,
};

export function withDefaults(options: Partial<AnalysisOptions> = {}): AnalysisOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...defaultAnalysisOptions, ...defined };
}
