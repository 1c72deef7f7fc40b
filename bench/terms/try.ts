/** Asks the engine a question on a database with terms (dev helper). Usage: npx tsx bench/terms/try.ts URL "question" [--demo-terms] */
import pg from 'pg';
import { answerQuestion, memoryValueLookup } from '../../src/engine/index.ts';
import { analyzeDatabase } from '../../src/intelligence/analyze.ts';
import { queryFnForPool } from '../../src/intelligence/query.ts';
import { demoTerms } from '../../src/demo/terms.ts';
const [url, ...questions] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const pool = new pg.Pool({ connectionString: url, max: 2 });
const model = await analyzeDatabase(queryFnForPool(pool), {});
for (const q of questions) {
  const r = await answerQuestion(q, model, {
    values: memoryValueLookup(model),
    terms: process.argv.includes('--demo-terms') ? demoTerms : [],
  });
  console.log(
    `Q: ${q}\n  ${r.kind} ${r.confidence}`,
    r.kind === 'sql'
      ? `${r.sql}\n  ${r.explanation}\n  terms ${JSON.stringify(r.terms)}`
      : r.kind === 'clarify'
        ? r.options.map((o) => o.sql).join('\n   ')
        : r.message,
  );
}
await pool.end();
