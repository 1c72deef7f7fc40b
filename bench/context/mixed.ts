/**
 * The 1,000-table database: a few benchmark databases' tables (held out from tuning, names that do
 * not collide) loaded side by side into one database among generated business tables. Built once on
 * the local server and kept (a marker table records what it holds); REBUILD=1 builds it again.
 */
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { distractorTables } from './distractors.ts';

export const mixedDatabase = 'askdb_bench_context_1000';
const buildVersion = 1;
const marker = 'bench_context_build';

export interface MixedPlan {
  /** The benchmark databases whose tables it holds. */
  sources: string[];
  distractors: number;
}

/** Benchmark databases, in order, whose table names collide neither with each other nor with those before, up to `maxTables` tables. */
export async function chooseSources(base: string, candidates: string[], maxTables: number): Promise<string[]> {
  const chosen: string[] = [];
  const names = new Set<string>();
  for (const db of candidates) {
    const client = new pg.Client({ connectionString: `${base}/bench_${db}` });
    await client.connect();
    const tables = (
      await client.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public'")
    ).rows.map((r) => r.name);
    await client.end();
    if (tables.some((t) => names.has(t)) || names.size + tables.length > maxTables) continue;
    for (const t of tables) names.add(t);
    chosen.push(db);
    if (names.size >= maxTables - 3) break;
  }
  return chosen;
}

/** Builds the database when it is missing or holds something else; returns its URL. */
export async function ensureMixedDatabase(base: string, plan: MixedPlan): Promise<string> {
  const url = `${base}/${mixedDatabase}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [mixedDatabase])).rowCount! > 0;
    const wanted = JSON.stringify({ buildVersion, ...plan });
    if (exists && !process.env.REBUILD) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const built = await client.query(`select plan from ${marker}`).catch(() => null);
      await client.end();
      if (built?.rows[0]?.plan === wanted) return url;
    }
    console.log(
      `building ${mixedDatabase}: ${plan.sources.length} benchmark databases among ${plan.distractors} generated tables…`,
    );
    await admin.query(`DROP DATABASE IF EXISTS ${mixedDatabase} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${mixedDatabase}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const avoid = new Set<string>();
      for (const db of plan.sources) {
        // pg_dump keeps each database's keys and types exactly; names were chosen not to collide.
        execFileSync(
          'bash',
          [
            '-o',
            'pipefail',
            '-c',
            'pg_dump --no-owner --no-acl "$1" | psql -q -v ON_ERROR_STOP=1 "$2" >/dev/null',
            'copy',
            `${base}/bench_${db}`,
            url,
          ],
          {
            stdio: ['ignore', 'inherit', 'inherit'],
          },
        );
        for (const r of (
          await client.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public'")
        ).rows)
          avoid.add(r.name);
      }
      const tables = distractorTables(plan.distractors, avoid);
      for (let i = 0; i < tables.length; i += 50)
        await client.query(
          tables
            .slice(i, i + 50)
            .map((t) => t.sql)
            .join('\n'),
        );
      await client.query('ANALYZE');
      await client.query(`CREATE TABLE ${marker} (plan text)`);
      await client.query(`INSERT INTO ${marker} VALUES ($1)`, [wanted]);
    } finally {
      await client.end();
    }
    return url;
  } finally {
    await admin.end();
  }
}
