import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkSql, checkSqlSync, loadSqlGuard } from '../../src/sqlguard/index.ts';
import {
  QueryCancelledError,
  QueryTimeoutError,
  TargetQueryError,
  TargetUnavailableError,
} from '../../src/targets/errors.ts';
import { executeReadOnly } from '../../src/targets/execute.ts';
import type { ExecuteOptions } from '../../src/targets/types.ts';
import { adminQuery, createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';
import { caseName, hostileCases } from '../sqlguard/corpus.ts';
import { loadShop } from './shop.ts';

const POOL_SIZE = 3;
let db: ScratchDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createScratchDatabase();
  await loadShop(db.url);
  // xml2's xpath_table runs SQL pasted from its arguments, inside the query's transaction.
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query('CREATE EXTENSION IF NOT EXISTS xml2');
  await admin.end();
  pool = new pg.Pool({ connectionString: db.url, max: POOL_SIZE });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const run = (sql: string, options: Partial<ExecuteOptions> = {}) =>
  executeReadOnly(pool, sql, { timeoutMs: 5000, maxRows: 100, ...options });

/** A fingerprint of everything a write could touch: every table's rows, sequences, schema, comments, grants. */
async function fingerprint(): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const result: Record<string, string> = {};
    const tables = await client.query<{ name: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'm') AND n.nspname = 'public' ORDER BY 1`,
    );
    for (const { name } of tables.rows) {
      const rows = await client.query<{ md5: string; n: string }>(
        `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS md5, count(*) AS n FROM ${name} t`,
      );
      result[`table ${name}`] = `${rows.rows[0]!.n} rows ${rows.rows[0]!.md5}`;
    }
    const sequence = await client.query('SELECT last_value, is_called FROM order_ids');
    result['sequence order_ids'] = JSON.stringify(sequence.rows[0]);
    const catalog = await client.query<{ part: string; md5: string }>(`
      SELECT part, md5(coalesce(string_agg(x, E'\\n' ORDER BY x), '')) AS md5 FROM (
        SELECT 'relations', format('%s %s %s %s', c.oid::regclass, c.relkind, c.relacl, obj_description(c.oid)) FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
        UNION ALL SELECT 'columns', format('%s.%s %s %s', a.attrelid::regclass, a.attname, a.atttypid::regtype, col_description(a.attrelid, a.attnum))
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
        UNION ALL SELECT 'functions', format('%s %s %s', p.oid::regprocedure, md5(p.prosrc), p.prosecdef) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
        UNION ALL SELECT 'types', t.typname FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace
        UNION ALL SELECT 'enum labels', e.enumlabel FROM pg_enum e
        UNION ALL SELECT 'schemas', format('%s %s', nspname, nspacl) FROM pg_namespace
        UNION ALL SELECT 'extensions', extname FROM pg_extension
        UNION ALL SELECT 'triggers', tgname FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL SELECT 'policies', polname FROM pg_policy
        UNION ALL SELECT 'rules', rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = 'public'::regnamespace
        UNION ALL SELECT 'statistics objects', stxname FROM pg_statistic_ext
        UNION ALL SELECT 'publications', pubname FROM pg_publication
        UNION ALL SELECT 'large objects', oid::text FROM pg_largeobject_metadata
        UNION ALL SELECT 'replication origins', roname FROM pg_replication_origin
        UNION ALL SELECT 'collations', count(*)::text FROM pg_collation
        UNION ALL SELECT 'default privileges', defaclacl::text FROM pg_default_acl
        UNION ALL SELECT 'database settings', array_to_string(s.setconfig, ',') FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname IN ('postgres', current_database())
        UNION ALL SELECT 'hostile roles', rolname FROM pg_roles WHERE rolname LIKE 'askdb_hostile%'
        UNION ALL SELECT 'hostile databases', datname FROM pg_database WHERE datname LIKE 'askdb_hostile%'
        UNION ALL SELECT 'hostile slots', slot_name::text FROM pg_replication_slots WHERE slot_name LIKE 'askdb_hostile%'
        UNION ALL SELECT 'tablespaces', spcname FROM pg_tablespace
        UNION ALL SELECT 'auto.conf', format('%s=%s', name, setting) FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf'
      ) AS s(part, x) GROUP BY part ORDER BY part`);
    for (const row of catalog.rows) result[`catalog ${row.part}`] = row.md5;
    return result;
  } finally {
    await client.end();
  }
}

async function outcome(promise: Promise<unknown>): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    await promise;
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A PostgreSQL refusal: its SQLSTATE and words from its message. */
interface Refusal {
  code: string;
  message: RegExp;
  /** Why PostgreSQL refuses this write with something other than the read-only error. */
  why?: string;
}

const READ_ONLY: Refusal = { code: '25006', message: /in a read-only transaction/ };

/**
 * The error a write forced past the guard must get. The read-only error unless PostgreSQL refuses
 * the statement earlier for a reason of its own that also keeps it from writing; each such reason is
 * named here, so a case that fails for an unrelated reason (a missing table, a typo) fails this test.
 */
function expectedRefusal(sql: string, serverVersion: number): Refusal {
  const verdict = checkSqlSync(sql, { maxRows: 10 });
  if (!verdict.ok && verdict.code === 'multiple_statements') {
    return {
      code: '42601',
      message: /^cannot insert multiple commands into a prepared statement$/,
      why: 'the extended protocol runs one statement',
    };
  }
  if (!verdict.ok && verdict.code === 'invalid_character')
    return { code: '42601', message: /NUL character/, why: 'the executor refuses NUL before sending' };
  if (!verdict.ok && verdict.code === 'parse_error')
    return { code: '42601', message: /^syntax error at or near/, why: "PostgreSQL's grammar refuses it too" };
  if (/^(VACUUM|ALTER SYSTEM)\b/.test(sql))
    return {
      code: '25001',
      message: /cannot run inside a transaction block/,
      why: 'it cannot run in a transaction at all',
    };
  if (/\(\s*WITH\b.*\b(DELETE|UPDATE|INSERT)\b/s.test(sql)) {
    return {
      code: '0A000',
      message: /WITH clause containing a data-modifying statement must be at the top level/,
      why: 'a nested data-modifying WITH is refused by the planner',
    };
  }
  if (/^WITH m AS \(MERGE .* RETURNING/.test(sql) && serverVersion < 170000) {
    return {
      code: '42601',
      message: /syntax error at or near "RETURNING"/,
      why: 'MERGE ... RETURNING is PostgreSQL 17 syntax',
    };
  }
  if (sql.startsWith('SELECT lo_get(lo_import(')) {
    return {
      code: '42704',
      message: /large object \d+ does not exist/,
      why: "the import runs, but lo_get reads with the statement's snapshot, taken before it",
    };
  }
  if (sql === 'EXECUTE p')
    return {
      code: '26000',
      message: /prepared statement "p" does not exist/,
      why: 'sessions are reset (DISCARD ALL), so no prepared statement survives',
    };
  if (sql.startsWith('SELECT query_to_xml('))
    return {
      code: '0A000',
      message: /DELETE is not allowed in a non-volatile function/,
      why: 'query_to_xml runs its SQL read-only',
    };
  if (sql.startsWith('EXPLAIN ANALYZE CREATE TABLE')) {
    return {
      code: '42501',
      message: /permission denied to create "pg_catalog.stolen"/,
      why: 'the pinned search path puts pg_catalog first',
    };
  }
  return READ_ONLY;
}

describe('writes forced past the guard fail in the read-only transaction', () => {
  let before: Record<string, string>;
  let serverVersion: number;
  const writers = hostileCases.map((c, i) => ({ ...c, name: caseName(i, c.sql, c.why) })).filter((c) => c.writes);

  beforeAll(async () => {
    await loadSqlGuard();
    before = await fingerprint();
    serverVersion = Number((await pool.query('SHOW server_version_num')).rows[0].server_version_num);
  });

  // Runs after every case, whatever their order: any write that got through shows here.
  afterAll(async () => {
    expect(await fingerprint()).toEqual(before);
  });

  it('has writers to try', () => {
    expect(writers.length).toBeGreaterThanOrEqual(100);
    expect(
      writers.filter(
        (c) => !c.readOnlyAllows && !c.outsideTransaction && expectedRefusal(c.sql, serverVersion) === READ_ONLY,
      ).length,
    ).toBeGreaterThanOrEqual(120);
  });

  it.each(writers.filter((c) => c.outsideTransaction))(
    '$name: acts outside the transaction, so the guard refuses it',
    async (c) => {
      expect(await checkSql(c.sql, { maxRows: 10 })).toMatchObject({ ok: false, code: c.code });
    },
  );

  it.each(writers.filter((c) => !c.outsideTransaction))('$name', async (c) => {
    const result = await outcome(run(c.sql, { maxRows: 10 }));
    const expected = expectedRefusal(c.sql, serverVersion);
    // PostgreSQL runs these (a newer one may refuse them); the ROLLBACK must undo them, as afterAll checks.
    if (c.readOnlyAllows && result.ok) return;
    expect(result.ok, 'the statement ran').toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(TargetQueryError);
    const error = result.error as TargetQueryError;
    expect({ code: error.code, message: error.message }, expected.why).toEqual({
      code: expected.code,
      message: expect.stringMatching(expected.message),
    });
  });

  it('user functions are refused unless allowed by name; allowed writers still fail in the read-only transaction', async () => {
    for (const sql of [
      'SELECT bump_counter()',
      'SELECT c.name, x.n FROM customers c CROSS JOIN LATERAL (SELECT bump_counter() AS n) x',
    ]) {
      expect(await checkSql(sql, { maxRows: 10 })).toMatchObject({ ok: false, code: 'denied_function' });
      const verdict = await checkSql(sql, { maxRows: 10, allowedFunctions: ['bump_counter'] });
      expect(verdict.ok).toBe(true);
      if (!verdict.ok) continue;
      await expect(run(verdict.sql, { searchPathNames: verdict.searchPathNames })).rejects.toMatchObject({
        name: 'TargetQueryError',
        code: '25006',
      });
    }
  });

  it('returns clean connections to the pool', async () => {
    const client = await pool.connect();
    try {
      const settings = await client.query(
        "SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout, now() = statement_timestamp() AS fresh",
      );
      expect(settings.rows[0]).toEqual({ ro: 'off', timeout: '0', fresh: true });
      expect(client.getTransactionStatus()).toBe('I');
    } finally {
      client.release();
    }
    expect(pool.totalCount).toBeLessThanOrEqual(POOL_SIZE);
  });
});

describe('results', () => {
  it('reads rows as arrays, keeps duplicate column names, reports truncation', async () => {
    const result = await run('SELECT 1 AS a, 2 AS a');
    expect(result.columns).toEqual([
      { name: 'a', type: 'int4' },
      { name: 'a', type: 'int4' },
    ]);
    expect(result.rows).toEqual([[1, 2]]);

    const cut = await run('SELECT g FROM generate_series(1, 10) AS g', { maxRows: 3 });
    expect(cut).toMatchObject({
      rows: [[1], [2], [3]],
      row_count: 3,
      truncated: true,
      truncated_reason: 'The query returned more than 3 rows, so only the first 3 are shown.',
    });
    expect(cut.execution_ms).toBeGreaterThanOrEqual(0);
    expect(await run('SELECT g FROM generate_series(1, 10) AS g', { maxRows: 10 })).toMatchObject({
      row_count: 10,
      truncated: false,
      truncated_reason: null,
    });
    expect(await run('SELECT g FROM generate_series(1, 10) AS g', { maxRows: 11 })).toMatchObject({
      row_count: 10,
      truncated: false,
    });
    expect(await run('SELECT 1 WHERE false')).toMatchObject({ rows: [], row_count: 0, truncated: false });
  });

  it('stops reading at maxRows + 1 even when the SQL has no LIMIT', async () => {
    // A trillion rows (streamed: the set-returning call is in the select list) cannot be read within the
    // 5 s statement timeout: only stopping early returns rows.
    const result = await run("SELECT generate_series(1, 1e12) AS g, repeat('x', 1000), 'askdb-capped-probe'", {
      maxRows: 5,
    });
    expect(result).toMatchObject({ row_count: 5, truncated: true });
    expect(result.rows.map((row) => row[0])).toEqual(['1', '2', '3', '4', '5']);
    await vi.waitFor(async () => expect(await activeBackends('askdb-capped-probe')).toBe(0), {
      timeout: 10_000,
      interval: 50,
    });
  });

  it('names every common type and returns JSON-safe values', async () => {
    const nyPool = new pg.Pool({ connectionString: db.url, max: 1, options: '-c TimeZone=America/New_York' });
    try {
      const result = await executeReadOnly(
        nyPool,
        `SELECT 1::int2 AS i2, 2::int4 AS i4, 42::int8 AS i8, 9007199254740993::int8 AS i8_big, (-9223372036854775808)::int8 AS i8_min,
           12345678901234567890.123456789::numeric AS num, 'NaN'::numeric AS num_nan,
           1.5::float4 AS f4, 0.1::float8 AS f8, 'Infinity'::float8 AS f8_inf,
           true AS yes, false AS no, 'text'::text AS t, 'var'::varchar(10) AS vc, 'ab'::char(3) AS ch,
           date '2024-02-29' AS d, timestamp '2024-03-10 02:30:00.123456' AS ts, timestamptz '2024-01-01 05:00:00+00' AS tstz,
           time '13:45:10.5' AS tm, interval '1 year 2 months 3 days 04:05:06' AS iv,
           'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id,
           '{"a": [1, 2, {"b": null}], "big": 1.5}'::json AS js, '{"z": 1, "a": "x"}'::jsonb AS jb,
           '\\xdeadbeef'::bytea AS bin,
           ARRAY[1, NULL, 3] AS ints, ARRAY['a', 'b,c', 'd"e', NULL, 'NULL'] AS texts, '{{1,2},{3,4}}'::int[] AS grid,
           ARRAY[9007199254740993]::int8[] AS bigs, '[2:3]={7,8}'::int[] AS bounded,
           ARRAY[date '2024-01-01'] AS dates, ARRAY[timestamptz '2024-01-01 00:00+00'] AS stamps, ARRAY['{"k": 1}'::jsonb] AS docs,
           '10.0.0.1/8'::inet AS ip, '192.168.0.0/16'::cidr AS net, '1234.5'::money AS cash,
           'happy'::mood AS feeling, ARRAY['sad', 'ok']::mood[] AS feelings, NULL::int AS nothing, NULL::text[] AS no_list`,
        { timeoutMs: 5000, maxRows: 10 },
      );
      const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
      expect(types).toEqual({
        i2: 'int2',
        i4: 'int4',
        i8: 'int8',
        i8_big: 'int8',
        i8_min: 'int8',
        num: 'numeric',
        num_nan: 'numeric',
        f4: 'float4',
        f8: 'float8',
        f8_inf: 'float8',
        yes: 'bool',
        no: 'bool',
        t: 'text',
        vc: 'varchar',
        ch: 'bpchar',
        d: 'date',
        ts: 'timestamp',
        tstz: 'timestamptz',
        tm: 'time',
        iv: 'interval',
        id: 'uuid',
        js: 'json',
        jb: 'jsonb',
        bin: 'bytea',
        ints: 'int4[]',
        texts: 'text[]',
        grid: 'int4[]',
        bigs: 'int8[]',
        bounded: 'int4[]',
        dates: 'date[]',
        stamps: 'timestamptz[]',
        docs: 'jsonb[]',
        ip: 'inet',
        net: 'cidr',
        cash: 'money',
        feeling: 'mood',
        feelings: 'mood[]',
        nothing: 'int4',
        no_list: 'text[]',
      });
      const row = Object.fromEntries(result.columns.map((c, i) => [c.name, result.rows[0]![i]]));
      expect(row).toEqual({
        i2: 1,
        i4: 2,
        i8: 42,
        i8_big: '9007199254740993',
        i8_min: '-9223372036854775808',
        num: '12345678901234567890.123456789',
        num_nan: 'NaN',
        f4: 1.5,
        f8: 0.1,
        f8_inf: 'Infinity',
        yes: true,
        no: false,
        t: 'text',
        vc: 'var',
        ch: 'ab ',
        d: '2024-02-29',
        ts: '2024-03-10T02:30:00.123456',
        tstz: '2024-01-01T00:00:00-05:00',
        tm: '13:45:10.5',
        iv: '1 year 2 mons 3 days 04:05:06',
        id: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
        js: { a: [1, 2, { b: null }], big: 1.5 },
        jb: { a: 'x', z: 1 },
        bin: '\\xdeadbeef',
        ints: [1, null, 3],
        texts: ['a', 'b,c', 'd"e', null, 'NULL'],
        grid: [
          [1, 2],
          [3, 4],
        ],
        bigs: ['9007199254740993'],
        bounded: [7, 8],
        dates: ['2024-01-01'],
        stamps: ['2023-12-31T19:00:00-05:00'],
        docs: [{ k: 1 }],
        ip: '10.0.0.1/8',
        net: '192.168.0.0/16',
        cash: expect.stringMatching(/1,?234\.50/),
        feeling: 'happy',
        feelings: ['sad', 'ok'],
        nothing: null,
        no_list: null,
      });
      expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
    } finally {
      await nyPool.end();
    }
  });

  it('reads fixture columns with their declared types', async () => {
    const result = await run(
      'SELECT id, name, mood, country, created_at, tags, price FROM customers, products ORDER BY id, sku LIMIT 1',
    );
    expect(result.columns.map((c) => c.type)).toEqual([
      'int4',
      'text',
      'mood',
      'bpchar',
      'timestamptz',
      'text[]',
      'numeric',
    ]);
    expect(result.rows[0]).toEqual([
      1,
      'Ada',
      'happy',
      'GB',
      '2024-01-05T10:00:00+00:00',
      ['food', 'sweet, crunchy'],
      '2.75',
    ]);
  });
});

describe('errors', () => {
  it('surfaces PostgreSQL errors with their SQLSTATE', async () => {
    await expect(run('SELECT 1 / 0')).rejects.toMatchObject({
      name: 'TargetQueryError',
      code: '22012',
      message: 'division by zero',
    });
    await expect(run('SELECT * FROM no_such_table')).rejects.toMatchObject({ code: '42P01', position: 15 });
    await expect(run('SELECT 1; SELECT 2')).rejects.toMatchObject({ code: '42601' });
    await expect(run('SELECT 1\u0000; DELETE FROM orders')).rejects.toBeInstanceOf(TargetQueryError);
    expect((await run('SELECT 42 AS answer')).rows).toEqual([[42]]);
  });

  it('never repeats the password of a connection that fails', async () => {
    const password = 'S3cret-Pa55word!';
    const badPool = new pg.Pool({
      connectionString: `postgres://askdb:${encodeURIComponent(password)}@127.0.0.1:1/none`,
      connectionTimeoutMillis: 2000,
    });
    try {
      const result = await outcome(executeReadOnly(badPool, 'SELECT 1', { timeoutMs: 1000, maxRows: 1 }));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(TargetUnavailableError);
      const error = result.error as Error;
      expect(`${error.message} ${JSON.stringify(error)} ${String(error.stack)}`).not.toContain(password);
      expect(`${error.message}`).not.toContain(encodeURIComponent(password));
    } finally {
      await badPool.end();
    }
  });

  it('rejects bad options as programming errors', async () => {
    await expect(run('SELECT 1', { timeoutMs: 0 })).rejects.toThrow(RangeError);
    await expect(run('SELECT 1', { maxRows: -1 })).rejects.toThrow(RangeError);
  });
});

/** Backends of the test database still running a query that contains `marker`. */
async function activeBackends(marker: string): Promise<number> {
  const result = await adminQuery(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${db.name}' AND state = 'active' AND query LIKE '%${marker}%' AND query NOT LIKE '%pg_stat_activity%'`,
  );
  return (result.rows[0] as { n: number }).n;
}

describe('timeouts and cancellation', () => {
  const heavy = "SELECT count(*), 'askdb-heavy-probe' AS marker FROM generate_series(1, 1e9) AS a";

  /** The server stopped running the heavy query: the cancel reached it (no leftover backend). */
  async function expectServerStopped(): Promise<void> {
    await vi.waitFor(async () => expect(await activeBackends('askdb-heavy-probe')).toBe(0), {
      timeout: 10_000,
      interval: 50,
    });
  }

  it('stops a query that runs past timeoutMs, on the server too', async () => {
    const verdict = await checkSql(heavy, { maxRows: 10 });
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    const result = await outcome(run(verdict.sql, { timeoutMs: 500 }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(QueryTimeoutError);
      expect((result.error as Error).message).toBe('Query took longer than 500 ms and was stopped');
    }
    await expectServerStopped();
    expect((await run('SELECT 1 AS still_fine')).rows).toEqual([[1]]);
  });

  it('cancels the query on the server when the signal aborts', async () => {
    const controller = new AbortController();
    const running = outcome(run(heavy, { timeoutMs: 30_000, signal: controller.signal }));
    // Abort once the server is seen running it, so the cancel has a query to stop.
    await vi.waitFor(async () => expect(await activeBackends('askdb-heavy-probe')).toBe(1), {
      timeout: 10_000,
      interval: 20,
    });
    controller.abort();
    const result = await running;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(QueryCancelledError);
      expect((result.error as Error).message).toBe('Query cancelled: the client went away');
    }
    await expectServerStopped();
    expect((await run('SELECT 2 AS still_fine')).rows).toEqual([[2]]);
  });

  it('does not even connect when the signal has already aborted', async () => {
    const before = pool.totalCount;
    await expect(run('SELECT 1', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(QueryCancelledError);
    expect(pool.totalCount).toBe(before);
  });

  it('gives up waiting for a busy pool when the signal aborts', async () => {
    const onePool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      let held = true;
      const holding = executeReadOnly(onePool, "SELECT pg_sleep(1), 'askdb-holding-probe'", {
        timeoutMs: 5000,
        maxRows: 1,
      }).finally(() => {
        held = false;
      });
      await vi.waitFor(async () => expect(await activeBackends('askdb-holding-probe')).toBe(1), {
        timeout: 10_000,
        interval: 20,
      });
      const controller = new AbortController();
      const waiting = executeReadOnly(onePool, 'SELECT 1', { timeoutMs: 5000, maxRows: 1, signal: controller.signal });
      await vi.waitFor(() => expect(onePool.waitingCount).toBe(1));
      controller.abort();
      await expect(waiting).rejects.toBeInstanceOf(QueryCancelledError);
      // It gave up while the only client was still busy, not after it came back.
      expect(held).toBe(true);
      await holding;
      expect((await executeReadOnly(onePool, 'SELECT 3', { timeoutMs: 5000, maxRows: 1 })).rows).toEqual([[3]]);
      expect(onePool.totalCount).toBe(1);
    } finally {
      await onePool.end();
    }
  });

  it('does not leak clients across many failures', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => outcome(run(i % 2 ? 'SELECT 1 / 0' : 'DELETE FROM orders'))),
    );
    expect(pool.totalCount).toBeLessThanOrEqual(POOL_SIZE);
    expect(pool.waitingCount).toBe(0);
    expect((await run('SELECT count(*) FROM orders')).rows).toEqual([[12]]);
  });
});
