import type { PGlite } from '@electric-sql/pglite';
import { literal } from '../sql/quote.ts';
import { isoDate } from './calendar.ts';
import { copyRows } from './copy.ts';
import { buildDemoDataset, fullSize, type DemoSize } from './dataset.ts';
import { metaSchema, metaTableSql, writeMeta } from './meta.ts';
import { tableRows } from './rows.ts';
import { constraintsSql, tablesSql } from './schema.ts';
import { companyName } from './vocabulary.ts';
import { lastTradingDay } from './window.ts';

/** Bump whenever the generated content changes: stored demo databases of another version are rebuilt. */
export const DEMO_VERSION = '1';
export const DEMO_SEED = 20_251_231;

export interface GenerationReport {
  rowsByTable: Record<string, number>;
  totalRows: number;
  milliseconds: number;
}

/**
 * Replaces whatever the database holds with the demo company, then ANALYZEs it so pg_stats and
 * pg_class.reltuples are filled as on a live server. All or nothing: the version row is written in
 * the same transaction as the data, so an interrupted run is redone on the next start.
 */
export async function generateDemo(db: PGlite, size: DemoSize = fullSize): Promise<GenerationReport> {
  const started = performance.now();
  const tables = tableRows(buildDemoDataset(DEMO_SEED, size));
  await db.transaction(async (tx) => {
    await tx.exec(`
      DROP SCHEMA IF EXISTS ${metaSchema} CASCADE;
      DROP SCHEMA IF EXISTS public CASCADE;
      CREATE SCHEMA public;
      COMMENT ON SCHEMA public IS ${literal(`The sales of ${companyName}, a fictional retailer (AskDB demo data).`)};
      ${tablesSql}
      ${metaTableSql}
    `);
    for (const table of tables) await copyRows(tx, table);
    await tx.exec(constraintsSql);
    await writeMeta(tx, {
      version: DEMO_VERSION,
      seed: String(DEMO_SEED),
      company: companyName,
      last_trading_day: isoDate(lastTradingDay),
    });
  });
  await db.exec('ANALYZE');
  const rowsByTable = Object.fromEntries(tables.map(({ table, rows }) => [table, rows.length]));
  return {
    rowsByTable,
    totalRows: tables.reduce((sum, { rows }) => sum + rows.length, 0),
    milliseconds: Math.round(performance.now() - started),
  };
}
