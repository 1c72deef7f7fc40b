import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDatabase } from '../../src/intelligence/analyze.ts';
import type { DatabaseModel } from '../../src/intelligence/model.ts';
import type { QueryFn } from '../../src/intelligence/query.ts';

// The same analysis on PGlite: a different build of PostgreSQL, and the demo target's engine. No
// catalog or function outside the ones every PostgreSQL has may be needed.
const fixture = readFileSync(new URL('./fixtures/shop.sql', import.meta.url), 'utf8');

let db: PGlite;
let model: DatabaseModel;

beforeAll(async () => {
  db = await PGlite.create();
  await db.exec(fixture);
  const query: QueryFn = async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows;
  model = await analyzeDatabase(query, { fullScanLimit: 50_000, sampleSize: 20 });
}, 60_000);

afterAll(async () => {
  await db?.close();
});

describe('analysis on PGlite', () => {
  it('reads the catalog, profiles and decides as on the server', () => {
    const find = (schema: string, name: string) => model.tables.find((t) => t.schema === schema && t.name === name)!;
    expect(model.tables).toHaveLength(13);
    expect(
      find('sales', 'Order Items')
        .foreignKeys.map((fk) => fk.referencedTable)
        .sort(),
    ).toEqual(['orders', 'products']);
    expect(find('public', 'customers')).toMatchObject({ rowCount: 2000, rowCountAccuracy: 'exact' });
    const kind = find('public', 'events').columns.find((c) => c.name === 'kind')!;
    expect(kind.profile).toMatchObject({ source: 'pg_stats', distinctCount: 5 });
    expect(kind.strategy).toBe('categorical');
    const sampled = find('public', 'events_unanalysed').columns.find((c) => c.name === 'kind')!;
    expect(sampled.profile).toMatchObject({ source: 'sample', distinctCount: 5 });
    expect(find('public', 'readings').columns[0]!.profile).toMatchObject({
      distinctCount: 90,
      distinctAccuracy: 'exact',
    });
    expect(find('public', 'support_tickets').foreignKeys).toEqual([
      expect.objectContaining({ referencedTable: 'customers', referencedColumns: ['id'], origin: 'inferred' }),
    ]);
  });
});
