import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSql } from '../../src/sqlguard/index.ts';
import { executeReadOnly } from '../../src/targets/execute.ts';
import { adminQuery, createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';
import { loadShop } from '../targets/shop.ts';
import { caseName, hostileCases } from './corpus.ts';

/*
 * The whole hostile corpus against a real target that has the dangerous extensions installed
 * (tablefunc, dblink, xml2, pageinspect, pgstattuple, pg_buffercache, adminpack), user functions
 * that write through dblink or keep advisory locks, and a database default search_path that
 * shadows built-ins. Every case goes the way a user's SQL goes (guard, then the read-only executor
 * with the guard's names); every one must be refused, and the target must be unchanged afterwards.
 */

const EXTENSIONS = ['tablefunc', 'dblink', 'xml2', 'pageinspect', 'pgstattuple', 'pg_buffercache', 'adminpack'];

let db: ScratchDatabase;
let pool: pg.Pool;
let admin: pg.Client;

beforeAll(async () => {
  db = await createScratchDatabase('askdb_hostile_target');
  await loadShop(db.url);
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const self = `dbname=${db.name} host=127.0.0.1 user=postgres`;
  for (const extension of EXTENSIONS) await admin.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
  await admin.query(`
    CREATE TABLE canary (note text);
    CREATE SCHEMA evil;
    CREATE FUNCTION evil.upper(text) RETURNS text LANGUAGE plpgsql AS $$
      BEGIN PERFORM public.dblink_exec('${self}', 'INSERT INTO canary VALUES (''evil.upper'')'); RETURN 'EVIL'; END $$;
    CREATE FUNCTION public.write_through_dblink() RETURNS int LANGUAGE plpgsql AS $$
      BEGIN PERFORM public.dblink_exec('${self}', 'INSERT INTO canary VALUES (''dblink'')'); RETURN 1; END $$;
    CREATE FUNCTION public.take_lock() RETURNS boolean LANGUAGE sql AS $$ SELECT pg_advisory_lock(4242) IS NOT NULL $$;
    CREATE OPERATOR public.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);
    ALTER DATABASE "${db.name}" SET search_path = evil, pg_catalog, public;
  `);
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
});

afterAll(async () => {
  await pool?.end();
  await admin?.end();
  await db?.drop();
});

/** Every row of every user table, the user functions, and the schemas: any write changes it. */
async function fingerprint(): Promise<string> {
  const tables = await admin.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'm') AND n.nspname IN ('public', 'evil') ORDER BY 1`,
  );
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const { rows } = await admin.query(
      `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS md5 FROM ${name} t`,
    );
    parts.push(`${name} ${rows[0].md5}`);
  }
  const catalog = await admin.query(`
    SELECT md5(string_agg(x, ',' ORDER BY x)) AS md5 FROM (
      SELECT format('%s %s', c.oid::regclass, c.relkind) FROM pg_class c WHERE c.relnamespace IN ('public'::regnamespace, 'evil'::regnamespace)
      UNION ALL SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace IN ('public'::regnamespace, 'evil'::regnamespace)
      UNION ALL SELECT nspname FROM pg_namespace
      UNION ALL SELECT (SELECT last_value::text FROM order_ids)
    ) s(x)`);
  return `${parts.join('\n')}\ncatalog ${catalog.rows[0].md5}`;
}

describe('hostile corpus against a target with dangerous extensions', () => {
  let before: string;
  const reachedServer: string[] = [];

  beforeAll(async () => {
    before = await fingerprint();
  });

  it('has the extensions installed', async () => {
    const { rows } = await admin.query<{ extname: string }>('SELECT extname FROM pg_extension');
    expect(rows.map((r) => r.extname)).toEqual(expect.arrayContaining(EXTENSIONS));
  });

  it.each(hostileCases.map((c, i) => ({ ...c, name: caseName(i, c.sql, c.why) })))('$name', async (c) => {
    const verdict = await checkSql(c.sql, { maxRows: 100, allowedFunctions: [] });
    if (verdict.ok) {
      // Never expected: run it the way the service would, so the checks below see any effect.
      reachedServer.push(c.sql);
      await executeReadOnly(pool, verdict.sql, {
        timeoutMs: 2000,
        maxRows: 100,
        searchPathNames: verdict.searchPathNames,
        attributeNames: verdict.attributeNames,
      }).catch(() => undefined);
    }
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.code).toBe(c.code);
  });

  it('left the target unchanged: rows, functions, schemas, sequence; no canary, no advisory lock, no dblink table', async () => {
    expect(reachedServer).toEqual([]);
    expect(await fingerprint()).toBe(before);
    expect((await admin.query('SELECT count(*)::int AS n FROM canary')).rows[0].n).toBe(0);
    // Only this database's locks: other test files run hostile SQL of their own at the same time.
    expect(
      (
        await admin.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        )
      ).rows[0].n,
    ).toBe(0);
    const dblinkTables = await adminQuery(
      `SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'askdb_hostile%'`,
    );
    expect(dblinkTables.rows[0].n).toBe(0);
  });

  it('still answers ordinary queries through the same path, with built-ins resolving to pg_catalog', async () => {
    const verdict = await checkSql('SELECT upper(name), count(*) FROM customers GROUP BY 1 ORDER BY 1 LIMIT 2', {
      maxRows: 10,
    });
    if (!verdict.ok) throw new Error(verdict.reason);
    const result = await executeReadOnly(pool, verdict.sql, {
      timeoutMs: 5000,
      maxRows: 10,
      searchPathNames: verdict.searchPathNames,
      attributeNames: verdict.attributeNames,
    });
    expect(result.rows).toEqual([
      ['ADA', 1],
      ['BRENDAN', 1],
    ]);
    expect((await admin.query('SELECT count(*)::int AS n FROM canary')).rows[0].n).toBe(0);
  });
});
