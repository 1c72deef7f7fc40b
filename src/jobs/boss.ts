import PgBoss from 'pg-boss';
import type { AppDatabase } from '../db/client.ts';

/**
 * pg-boss on the app database. On PostgreSQL it shares the app's pool; on embedded PGlite it goes
 * through a small adapter: pg-boss sends its schema and maintenance scripts as multi-statement text
 * without parameters, which PGlite runs with `exec`, and everything else with `query`.
 */
export function createBoss(database: AppDatabase, options: { pollingIntervalSeconds?: number } = {}): PgBoss {
  const executeSql =
    database.driver.kind === 'server'
      ? (
          (pool) => (text: string, values?: unknown[]) =>
            pool.query(text, values as unknown[])
        )(database.driver.pool)
      : ((pglite) => async (text: string, values?: unknown[]) => {
          if (values && values.length > 0) return pglite.query(text, values);
          const results = await pglite.exec(text);
          return results[results.length - 1] ?? { rows: [] };
        })(database.driver.pglite);
  return new PgBoss({
    db: { executeSql: executeSql as PgBoss.Db['executeSql'] },
    schema: 'pgboss',
    monitorStateIntervalSeconds: 60,
    maintenanceIntervalSeconds: 120,
    ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
  } as PgBoss.ConstructorOptions);
}
