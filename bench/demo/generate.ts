/**
 * Times a full demo generation into an in-memory PGlite and prints rows per second.
 * Baseline, measured in the same run: creating an empty PGlite, which every first start also pays.
 *   npx tsx bench/demo/generate.ts
 */
import { PGlite } from '@electric-sql/pglite';
import { buildDemoDataset } from '../../src/demo/dataset.ts';
import { DEMO_SEED, generateDemo } from '../../src/demo/generate.ts';

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

const [db, createSeconds] = await timed(() => PGlite.create('memory://'));
// Measured first, while the generator's code is still cold, as on a real first start.
const [report, generationSeconds] = await timed(() => generateDemo(db));
await db.close();
const [, buildSeconds] = await timed(() => buildDemoDataset(DEMO_SEED));

console.log('demo generation (in-memory PGlite, this thread)');
for (const [table, rows] of Object.entries(report.rowsByTable))
  console.log(`  ${table.padEnd(12)} ${String(rows).padStart(7)} rows`);
console.log(`  total        ${String(report.totalRows).padStart(7)} rows`);
console.log(`baseline: empty PGlite created in ${createSeconds.toFixed(2)} s`);
console.log(
  `generation: ${generationSeconds.toFixed(2)} s, ${Math.round(report.totalRows / generationSeconds).toLocaleString('en-US')} rows/s ` +
    `(of which ${buildSeconds.toFixed(2)} s builds the rows in memory, warm; the rest is COPY, keys, indexes and ANALYZE)`,
);
