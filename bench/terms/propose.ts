/**
 * Prints the business terms analysis proposes for a database, with their reasons.
 * Usage: npx tsx bench/terms/propose.ts postgres://…/bench_car_dealership
 */
import pg from 'pg';
import { analyzeDatabase } from '../../src/intelligence/analyze.ts';
import { queryFnForPool } from '../../src/intelligence/query.ts';
import { proposeTerms } from '../../src/intelligence/terms/propose.ts';
import { checkTermShape } from '../../src/intelligence/terms/validate.ts';

const url = process.argv[2];
if (!url) throw new Error('Usage: npx tsx bench/terms/propose.ts <database url>');
const pool = new pg.Pool({ connectionString: url, max: 2 });
try {
  const model = await analyzeDatabase(queryFnForPool(pool), {});
  for (const t of proposeTerms(model)) {
    const shape = await checkTermShape(model, t);
    const ran =
      shape.ok && shape.testSql
        ? await pool.query(shape.testSql).then(
            () => 'ok',
            (e: Error) => e.message,
          )
        : shape.ok
          ? 'ok'
          : shape.message;
    console.log(
      `${t.kind.padEnd(9)} ${t.name.padEnd(30)} ${t.table.padEnd(18)} ${t.expression}${ran === 'ok' ? '' : `   !! ${ran}`}\n          ${t.reason}`,
    );
  }
} finally {
  await pool.end();
}
