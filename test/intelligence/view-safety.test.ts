import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDatabase } from '../../src/intelligence/analyze.ts';
import { queryFnForPool } from '../../src/intelligence/query.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';

let scratch: ScratchDatabase;
let admin: pg.Client;

beforeAll(async () => {
  scratch = await createScratchDatabase('askdb_views');
  admin = new pg.Client({ connectionString: scratch.url });
  await admin.connect();
  const self = `dbname=${scratch.name} host=127.0.0.1 user=postgres`;
  await admin.query(`
    CREATE EXTENSION dblink;
    CREATE TABLE canary (note text);
    CREATE TABLE items (id int PRIMARY KEY, label text);
    INSERT INTO items SELECT g, 'item ' || (g % 5) FROM generate_series(1, 50) g;
    CREATE FUNCTION noisy(int) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN PERFORM public.dblink_exec('${self}', 'INSERT INTO canary VALUES (''view ran'')'); RETURN $1; END $$;
    CREATE VIEW noisy_items AS SELECT noisy(id) AS id, label FROM items;
  `);
});

afterAll(async () => {
  await admin?.end();
  await scratch?.drop();
});

describe('analysis of a database with a view that calls a writing function', () => {
  it('reads the view from the catalog only and writes nothing', async () => {
    const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
    // A backend still closing when the database is dropped (WITH FORCE) reports 57P01 to the pool:
    // expected at teardown, not an error of the test.
    pool.on('error', () => {});
    try {
      const model = await analyzeDatabase(queryFnForPool(pool), { concurrency: 2, statementTimeoutMs: 10_000 });
      const view = model.tables.find((t) => t.name === 'noisy_items');
      expect(view?.kind).toBe('view');
      expect(view?.columns.map((c) => c.name)).toEqual(['id', 'label']);
      expect(model.tables.find((t) => t.name === 'items')?.rowCount).toBe(50);
    } finally {
      await pool.end();
    }
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM canary');
    expect(rows[0].n).toBe(0);
  });
});
