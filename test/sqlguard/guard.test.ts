import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSql, checkSqlSync, loadSqlGuard, MAX_SQL_BYTES, type GuardVerdict } from '../../src/sqlguard/index.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';
import { loadShop } from '../targets/shop.ts';
import { allowedCases, caseName, hostileCases } from './corpus.ts';

const MAX_ROWS = 1000;

function accepted(verdict: GuardVerdict) {
  if (!verdict.ok) throw new Error(`expected the query to pass, got ${verdict.code}: ${verdict.reason}`);
  return verdict;
}

describe('corpora', () => {
  it('are large enough and cover writes', () => {
    expect(hostileCases.length).toBeGreaterThanOrEqual(500);
    expect(hostileCases.filter((c) => c.writes).length).toBeGreaterThanOrEqual(100);
    expect(allowedCases.length).toBeGreaterThanOrEqual(40);
  });
});

describe('hostile corpus: every case is rejected with a reason', () => {
  it.each(hostileCases.map((c, i) => ({ ...c, name: caseName(i, c.sql, c.why) })))('$name', async (c) => {
    const verdict = await checkSql(c.sql, { maxRows: MAX_ROWS });
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.code).toBe(c.code);
    expect(verdict.reason.length).toBeGreaterThan(15);
    expect(verdict.reason).toMatch(/[.)]$/);
    if (verdict.code === 'parse_error') expect(verdict.position).toBeGreaterThan(0);
  });
});

describe('allowed corpus: every case passes and lists what it reads', () => {
  it.each(allowedCases.map((c, i) => ({ ...c, name: caseName(i, c.sql, c.why) })))('$name', async (c) => {
    const verdict = accepted(await checkSql(c.sql, { maxRows: MAX_ROWS }));
    expect(verdict.relations).toEqual(c.relations);
    if (c.functions) expect(verdict.functions).toEqual(c.functions);
    // The rendered SQL is itself acceptable and reads the same relations.
    const again = accepted(await checkSql(verdict.sql, { maxRows: MAX_ROWS }));
    expect(again.relations).toEqual(c.relations);
  });
});

describe('input limits', () => {
  it(`rejects text over ${MAX_SQL_BYTES / 1024} kB`, async () => {
    const sql = `SELECT 1 -- ${'x'.repeat(MAX_SQL_BYTES)}`;
    expect(await checkSql(sql, { maxRows: 10 })).toMatchObject({ ok: false, code: 'too_long' });
  });

  it('counts the limit in UTF-8 bytes', async () => {
    const sql = `SELECT '${'é'.repeat(MAX_SQL_BYTES / 2)}'`;
    expect(await checkSql(sql, { maxRows: 10 })).toMatchObject({ ok: false, code: 'too_long' });
  });

  it('accepts a long query under the limit', async () => {
    const sql = `SELECT ${Array.from({ length: 4000 }, (_, i) => `${i} AS c${i}`).join(', ')}`;
    expect(Buffer.byteLength(sql)).toBeGreaterThan(40_000);
    const verdict = accepted(await checkSql(sql, { maxRows: 10 }));
    expect(verdict.sql.endsWith('LIMIT 10')).toBe(true);
  });

  it('survives input that exhausts the parser and keeps working afterwards', async () => {
    for (const depth of [20_000, 40_000]) {
      const sql = `SELECT ${'('.repeat(depth)}1${')'.repeat(depth)}`;
      const verdict = await checkSql(sql, { maxRows: 10 });
      expect(verdict).toMatchObject({ ok: false });
      expect(['too_complex', 'too_long']).toContain((verdict as { code: string }).code);
    }
    let nested = 'SELECT 1';
    for (let i = 0; i < 1500; i++) nested = `SELECT * FROM (${nested}) s${i}`;
    expect(await checkSql(nested, { maxRows: 10 })).toMatchObject({ ok: false, code: 'too_complex' });
    accepted(await checkSql('SELECT 1', { maxRows: 10 }));
  });

  it("gives PostgreSQL's own message and position for syntax errors", async () => {
    const verdict = await checkSql('SELECT id FORM customers', { maxRows: 10 });
    expect(verdict).toMatchObject({ ok: false, code: 'parse_error', position: 16 });
    expect((verdict as { reason: string }).reason).toContain('syntax error at or near "customers"');
  });
});

describe('options', () => {
  it('rejects a bad maxRows as a programming error', async () => {
    await expect(checkSql('SELECT 1', { maxRows: 0 })).rejects.toThrow(RangeError);
    await expect(checkSql('SELECT 1', { maxRows: 1.5 })).rejects.toThrow(RangeError);
  });

  it('refuses functions off the allowlist unless the owner allows them by name', async () => {
    expect(await checkSql('SELECT ext.similarity(name, $$x$$) FROM customers', { maxRows: 10 })).toMatchObject({
      ok: false,
      code: 'qualified_function',
    });
    expect(await checkSql('SELECT bump_counter()', { maxRows: 10 })).toMatchObject({
      ok: false,
      code: 'denied_function',
    });
    const qualified = accepted(
      await checkSql('SELECT ext.similarity(name, $$x$$) FROM customers', {
        maxRows: 10,
        allowedFunctions: ['ext.similarity'],
      }),
    );
    expect(qualified.functions).toEqual(['ext.similarity']);
    expect(qualified.searchPathNames).toEqual(['customers']);
    const bare = accepted(
      await checkSql('SELECT Bump_Counter(), upper(name) FROM customers', {
        maxRows: 10,
        allowedFunctions: ['BUMP_COUNTER'],
      }),
    );
    expect(bare.searchPathNames).toEqual(['bump_counter', 'customers']);
    // A bare name does not allow the same name under another schema, nor the other way round.
    expect(
      await checkSql('SELECT evil.bump_counter()', { maxRows: 10, allowedFunctions: ['bump_counter'] }),
    ).toMatchObject({ ok: false });
    expect(
      await checkSql('SELECT bump_counter()', { maxRows: 10, allowedFunctions: ['public.bump_counter'] }),
    ).toMatchObject({ ok: false });
    // pg_catalog functions off the allowlist stay refused qualified or not.
    expect(await checkSql('SELECT pg_catalog.current_setting($$data_directory$$)', { maxRows: 10 })).toMatchObject({
      ok: false,
      code: 'denied_function',
    });
  });

  it('names the function it refuses', async () => {
    const verdict = await checkSql("SELECT * FROM crosstab('select 1') AS t(a int)", { maxRows: 10 });
    expect(verdict).toMatchObject({ ok: false, code: 'denied_function' });
    expect((verdict as { reason: string }).reason).toContain('crosstab()');
  });

  it('lists the names the search path must resolve and the fields that could be calls', async () => {
    const verdict = accepted(
      await checkSql(
        "SELECT c.name, 'happy'::mood, x::public.t2, c.region_label FROM customers c JOIN public.orders o ON o.id = c.id",
        { maxRows: 10 },
      ),
    );
    expect(verdict.searchPathNames).toEqual(['customers', 'mood']);
    // `name` is an allowlisted built-in (a type conversion), so it is not listed.
    expect(verdict.attributeNames).toEqual(['id', 'region_label']);
  });

  it('refuses operators no built-in has, and schema-qualified ones outside pg_catalog', async () => {
    expect(await checkSql('SELECT 1 === 2', { maxRows: 10 })).toMatchObject({ ok: false, code: 'denied_operator' });
    expect(await checkSql('SELECT 1 OPERATOR(public.+) 2', { maxRows: 10 })).toMatchObject({
      ok: false,
      code: 'qualified_function',
    });
    accepted(await checkSql('SELECT 1 OPERATOR(pg_catalog.+) 2 WHERE 2 BETWEEN 1 AND 3', { maxRows: 10 }));
  });

  it('has a sync variant once loaded', async () => {
    await loadSqlGuard();
    expect(checkSqlSync('SELECT * FROM orders', { maxRows: 7 })).toMatchObject({
      ok: true,
      sql: 'SELECT * FROM orders LIMIT 7',
    });
  });

  it('lists each relation and function once, in the order they appear', async () => {
    const verdict = accepted(
      await checkSql(
        'SELECT lower(a.name), lower(b.name), upper(a.name) FROM customers a JOIN customers b ON a.id <> b.id JOIN public.customers c ON true',
        {
          maxRows: 10,
        },
      ),
    );
    expect(verdict.relations).toEqual([
      { schema: null, name: 'customers' },
      { schema: 'public', name: 'customers' },
    ]);
    expect(verdict.functions).toEqual(['lower', 'upper']);
  });
});

describe('rendering', () => {
  it('falls back to the original text, wrapped, when the deparser cannot render a node', async () => {
    const sql = "SELECT * FROM json_table(jsonb '[1, 2]', '$[*]' COLUMNS (v int PATH '$')) AS jt";
    const verdict = accepted(await checkSql(sql, { maxRows: 5 }));
    expect(verdict.sql).toBe(`SELECT * FROM (\n${sql}\n) AS askdb_q LIMIT 5`);
  });

  it('keeps the original text when it already has a small enough LIMIT', async () => {
    const sql = "SELECT JSON_VALUE(jsonb '{\"a\": 1}', '$.a') LIMIT 3";
    expect(accepted(await checkSql(`${sql};`, { maxRows: 5 })).sql).toBe(sql);
  });

  it('keeps a trailing line comment from swallowing the wrapper', async () => {
    const sql = "SELECT * FROM json_table(jsonb '[1]', '$[*]' COLUMNS (v int PATH '$')) AS jt -- the end";
    const verdict = accepted(await checkSql(sql, { maxRows: 5 }));
    expect(verdict.sql.endsWith('\n) AS askdb_q LIMIT 5')).toBe(true);
  });
});

interface LimitCase {
  sql: string;
  /** How the limit must be applied: kept as written, set/clamped in place, or by wrapping. */
  shape: 'keep' | 'set' | 'wrap';
}

const LIMIT_MAX = 5;
const limitCases: LimitCase[] = [
  { sql: 'SELECT id FROM orders ORDER BY id', shape: 'set' },
  { sql: 'SELECT id FROM orders ORDER BY id LIMIT 3', shape: 'keep' },
  { sql: 'SELECT id FROM orders ORDER BY id LIMIT 5', shape: 'keep' },
  { sql: 'SELECT id FROM orders ORDER BY id LIMIT 6', shape: 'set' },
  { sql: 'SELECT id FROM orders ORDER BY id LIMIT 50', shape: 'set' },
  { sql: 'SELECT id FROM orders ORDER BY id LIMIT 50 OFFSET 4', shape: 'set' },
  { sql: 'SELECT id FROM orders ORDER BY id OFFSET 3', shape: 'set' },
  { sql: 'SELECT id FROM orders ORDER BY id LIMIT 0', shape: 'keep' },
  { sql: 'SELECT id FROM orders ORDER BY id LIMIT ALL', shape: 'wrap' },
  { sql: 'SELECT id FROM orders ORDER BY id LIMIT NULL', shape: 'wrap' },
  { sql: 'SELECT id FROM orders ORDER BY id LIMIT 2 + 40', shape: 'wrap' },
  { sql: 'SELECT id FROM orders ORDER BY id LIMIT (SELECT count(*) FROM customers) OFFSET 1', shape: 'wrap' },
  { sql: 'SELECT id FROM orders ORDER BY id LIMIT 10000000000', shape: 'wrap' },
  { sql: 'SELECT id FROM orders ORDER BY id FETCH FIRST 10 ROWS ONLY', shape: 'set' },
  { sql: 'SELECT customer_id FROM orders ORDER BY customer_id FETCH FIRST 2 ROWS WITH TIES', shape: 'wrap' },
  { sql: 'SELECT customer_id FROM orders ORDER BY customer_id FETCH FIRST 7 ROWS WITH TIES', shape: 'wrap' },
  { sql: 'SELECT id FROM orders UNION SELECT id FROM customers ORDER BY 1', shape: 'set' },
  { sql: 'SELECT id FROM orders UNION ALL SELECT id FROM customers ORDER BY 1 DESC LIMIT 100', shape: 'set' },
  { sql: 'SELECT id FROM orders INTERSECT SELECT id + 1000 FROM customers ORDER BY 1', shape: 'set' },
  {
    sql: '(SELECT id FROM orders ORDER BY id LIMIT 2) UNION ALL (SELECT id FROM customers ORDER BY id DESC LIMIT 2)',
    shape: 'set',
  },
  { sql: 'VALUES (1), (2), (3), (4), (5), (6), (7)', shape: 'set' },
  { sql: 'VALUES (3), (1), (2), (9), (8), (7) ORDER BY 1 LIMIT 20', shape: 'set' },
  { sql: 'WITH x AS (SELECT id FROM orders) SELECT * FROM x ORDER BY id DESC', shape: 'set' },
  { sql: 'SELECT DISTINCT customer_id FROM orders ORDER BY 1', shape: 'set' },
  { sql: 'SELECT customer_id, count(*) FROM orders GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 9', shape: 'set' },
  { sql: 'SELECT * FROM (SELECT id FROM orders ORDER BY id) AS askdb_q ORDER BY id', shape: 'set' },
];

describe('row cap on a real database: same rows as the original, cut at maxRows', () => {
  let db: ScratchDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createScratchDatabase();
    await loadShop(db.url);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it.each(limitCases)('$shape: $sql', async ({ sql, shape }) => {
    const verdict = accepted(await checkSql(sql, { maxRows: LIMIT_MAX }));
    if (shape === 'wrap') expect(verdict.sql).toMatch(/\) AS askdb_q LIMIT 5$/);
    else expect(verdict.sql).not.toMatch(/\) AS askdb_q LIMIT 5$/);
    if (shape === 'set') expect(verdict.sql).toMatch(/LIMIT 5( OFFSET \d+)?$/);

    const original = await client.query({ text: sql, rowMode: 'array' });
    const guarded = await client.query({ text: verdict.sql, rowMode: 'array' });
    expect(guarded.rows).toEqual(original.rows.slice(0, LIMIT_MAX));
  });

  it('renders every allowed query so that it returns the same rows', async () => {
    await client.query('BEGIN');
    try {
      for (const c of allowedCases) {
        const verdict = accepted(await checkSql(c.sql, { maxRows: MAX_ROWS }));
        const original = await client.query({ text: c.sql, rowMode: 'array' });
        const guarded = await client.query({ text: verdict.sql, rowMode: 'array' });
        expect(guarded.rows, c.sql).toEqual(original.rows);
      }
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
