import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSql, type GuardAccepted } from '../../src/sqlguard/index.ts';
import { executeReadOnly } from '../../src/targets/execute.ts';
import type { ExecuteOptions } from '../../src/targets/types.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';

/*
 * What a hostile database can do to the queries run on it: shadow built-ins through its default
 * search_path, offer functions that write through dblink or take session locks, or hand back huge
 * values. The guard and the executor together must leave it unchanged and return bounded results.
 */

let db: ScratchDatabase;
let pool: pg.Pool;
let admin: pg.Client;

beforeAll(async () => {
  db = await createScratchDatabase('askdb_harden');
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const self = `dbname=${db.name} host=127.0.0.1 user=postgres`;
  await admin.query(`
    CREATE EXTENSION dblink;
    CREATE TABLE canary (note text);
    CREATE TABLE customers (id int PRIMARY KEY, name text);
    INSERT INTO customers VALUES (1, 'ada'), (2, 'brendan');
    CREATE SCHEMA sales;
    CREATE TABLE sales.deals (id int, amount numeric);
    INSERT INTO sales.deals VALUES (1, 10.5);
    CREATE SCHEMA evil;
    CREATE FUNCTION evil.upper(text) RETURNS text LANGUAGE plpgsql AS $$
      BEGIN PERFORM public.dblink_exec('${self}', 'INSERT INTO canary VALUES (''evil.upper'')'); RETURN 'EVIL'; END $$;
    CREATE FUNCTION public.write_through_dblink() RETURNS int LANGUAGE plpgsql AS $$
      BEGIN PERFORM public.dblink_exec('${self}', 'INSERT INTO canary VALUES (''dblink'')'); RETURN 1; END $$;
    CREATE FUNCTION public.take_lock() RETURNS boolean LANGUAGE sql AS $$ SELECT pg_advisory_lock(4242) IS NOT NULL $$;
    CREATE FUNCTION public.with_tax(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT round($1 * 1.2, 2) $$;
    CREATE FUNCTION public.shout(customers) RETURNS text LANGUAGE plpgsql AS $$
      BEGIN PERFORM public.dblink_exec('${self}', 'INSERT INTO canary VALUES (''attribute'')'); RETURN 'x'; END $$;
    ALTER DATABASE "${db.name}" SET search_path = evil, pg_catalog, public, sales;
  `);
  pool = new pg.Pool({ connectionString: db.url, max: 1 });
});

afterAll(async () => {
  await pool?.end();
  await admin?.end();
  await db?.drop();
});

async function canary(): Promise<string[]> {
  return (await admin.query<{ note: string }>('SELECT note FROM canary ORDER BY note')).rows.map((r) => r.note);
}

async function guarded(sql: string, allowedFunctions: string[] = []): Promise<GuardAccepted> {
  const verdict = await checkSql(sql, { maxRows: 100, allowedFunctions });
  if (!verdict.ok) throw new Error(`${verdict.code}: ${verdict.reason}`);
  return verdict;
}

function run(verdict: GuardAccepted, options: Partial<ExecuteOptions> = {}) {
  return executeReadOnly(pool, verdict.sql, {
    timeoutMs: 5000,
    maxRows: 100,
    searchPathNames: verdict.searchPathNames,
    attributeNames: verdict.attributeNames,
    ...options,
  });
}

describe('search_path shadowing', () => {
  it('a database default search_path = evil, pg_catalog, public no longer makes upper() mean evil.upper', async () => {
    const result = await run(await guarded('SELECT upper(name) FROM customers ORDER BY id'));
    expect(result.rows).toEqual([['ADA'], ['BRENDAN']]);
    // Even without the guard's names, pg_catalog comes first.
    const plain = await executeReadOnly(pool, 'SELECT upper(name) FROM customers ORDER BY id', {
      timeoutMs: 5000,
      maxRows: 10,
    });
    expect(plain.rows).toEqual([['ADA'], ['BRENDAN']]);
    expect(await canary()).toEqual([]);
  });

  it('keeps unqualified tables in non-public schemas of the path readable, and leaves unused schemas out', async () => {
    const result = await run(
      await guarded("SELECT amount, current_setting('search_path') FROM deals", ['current_setting']),
    );
    expect(result.rows).toEqual([['10.5', 'pg_catalog, sales']]);
  });

  it('pins a schema whose table name holds a quote, a backslash and $ signs, even with standard_conforming_strings off', async () => {
    const name = "it's \\ $2 $& $1";
    await admin.query(`CREATE SCHEMA odd; CREATE TABLE odd."${name}" (n int); INSERT INTO odd."${name}" VALUES (7)`);
    const odd = new pg.Pool({
      connectionString: db.url,
      max: 1,
      options: '-c standard_conforming_strings=off -c search_path=odd,public',
    });
    try {
      const verdict = await guarded(`SELECT n, current_setting('search_path') FROM "${name}"`, ['current_setting']);
      const result = await executeReadOnly(odd, verdict.sql, {
        timeoutMs: 5000,
        maxRows: 10,
        searchPathNames: verdict.searchPathNames,
        attributeNames: verdict.attributeNames,
      });
      expect(result.rows).toEqual([[7, 'pg_catalog, odd']]);
    } finally {
      await odd.end();
    }
  });
});

describe('user-defined functions', () => {
  it('are refused unless the owner allows them by name, and then work', async () => {
    expect(await checkSql('SELECT with_tax(10)', { maxRows: 10 })).toMatchObject({
      ok: false,
      code: 'denied_function',
    });
    const result = await run(await guarded('SELECT with_tax(10)', ['with_tax']));
    expect(result.rows).toEqual([['12.00']]);
  });

  it('a function writing through dblink is refused, by name or qualified', async () => {
    for (const sql of [
      'SELECT write_through_dblink()',
      'SELECT public.write_through_dblink()',
      "SELECT dblink_exec('dbname=x', 'DROP TABLE canary')",
    ]) {
      expect((await checkSql(sql, { maxRows: 10 })).ok, sql).toBe(false);
    }
    expect(await canary()).toEqual([]);
  });

  it('a function reached through attribute notation (c.shout meaning shout(c)) is refused on the server', async () => {
    const verdict = await guarded('SELECT c.shout FROM customers c');
    expect(verdict.attributeNames).toEqual(['shout']);
    await expect(run(verdict)).rejects.toMatchObject({
      name: 'TargetQueryError',
      code: '42501',
      message: expect.stringContaining('public.shout(customers)'),
    });
    expect(await canary()).toEqual([]);
    // Ordinary qualified columns are not mistaken for calls.
    expect((await run(await guarded('SELECT c.id, c.name FROM customers c ORDER BY c.id'))).rows).toEqual([
      [1, 'ada'],
      [2, 'brendan'],
    ]);
  });
});

describe('session reset', () => {
  it('no advisory lock is held after a request, and the pooled backend is reused', async () => {
    const result = await run(await guarded('SELECT take_lock()', ['take_lock']));
    expect(result.rows).toEqual([[true]]);
    // pg_locks is server-wide: count only this database's advisory locks (other test files run beside this one).
    const locks = await admin.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(locks.rows[0].n).toBe(0);
    expect(pool.totalCount).toBe(1);
  });

  it('settings changed by a query do not outlive it', async () => {
    await executeReadOnly(pool, "SELECT set_config('work_mem', '1234kB', false)", { timeoutMs: 5000, maxRows: 1 });
    const after = await executeReadOnly(pool, "SELECT current_setting('work_mem')", { timeoutMs: 5000, maxRows: 1 });
    expect(after.rows).not.toEqual([['1234kB']]);
  });
});

describe('byte caps', () => {
  it('cuts a 100 MB value to the cell cap with a visible marker', async () => {
    // 100 MB for the server to build: on a shared, busy machine that can take longer than 5 s.
    const result = await run(await guarded("SELECT repeat('x', 100000000) AS big, 1 AS n"), { timeoutMs: 60_000 });
    expect(result.truncated).toBe(true);
    expect(result.truncated_reason).toBe('1 value was longer than 64 kB and cut.');
    const cell = result.rows[0]![0] as string;
    expect(cell.startsWith('x'.repeat(65536))).toBe(true);
    expect(cell.endsWith(`… [truncated ${100000000 - 65536} bytes]`)).toBe(true);
    expect(result.rows[0]![1]).toBe(1);
  });

  it('stops at the result byte cap, keeping memory bounded, and says why', async () => {
    const before = process.memoryUsage().rss;
    const result = await run(await guarded("SELECT g, repeat('y', 50000000) FROM generate_series(1, 8) AS g"), {
      maxResultBytes: 200_000,
      maxCellBytes: 60_000,
      // Each row is 50 MB for the server to build: on a shared, busy machine that can take seconds.
      timeoutMs: 60_000,
    });
    expect(result.rows.length).toBe(3);
    expect(result.truncated).toBe(true);
    expect(result.truncated_reason).toMatch(
      /^The result passed 195.3 kB, so only the first 3 rows are shown; 4 values were longer than 58.6 kB and cut\.$/,
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(600 * 1024 * 1024);
  });

  it('cuts multi-byte text on a character boundary and never cuts JSON into invalid values', async () => {
    const result = await run(await guarded("SELECT repeat('é', 40), jsonb_build_object('k', repeat('z', 100))"), {
      maxCellBytes: 64,
    });
    expect(result.rows[0]![0]).toBe(`${'é'.repeat(32)}… [truncated 16 bytes]`);
    expect(result.rows[0]![1]).toMatch(/^\{"k": "z+… \[truncated \d+ bytes\]$/);
  });
});
