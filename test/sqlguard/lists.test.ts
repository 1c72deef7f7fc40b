/*
 * Walks every list the guard decides by: each denied function, secret relation, hazardous field name
 * and foreign operator is refused with its own code and a reason that names it; each allowlisted
 * function and built-in operator passes. The lists here are the reviewed copies: dropping an entry
 * from a list in src/sqlguard (or adding one) fails a test until this file agrees.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED_FUNCTIONS_BY_CATEGORY } from '../../src/sqlguard/function-allowlist.ts';
import { checkSqlSync, loadSqlGuard, type GuardRejectionCode, type GuardVerdict } from '../../src/sqlguard/index.ts';
import { HAZARDOUS_FIELD_NAMES } from '../../src/sqlguard/inspect.ts';
import { BUILTIN_OPERATORS } from '../../src/sqlguard/operators.ts';
import { SENSITIVE_RELATIONS } from '../../src/sqlguard/sensitive-relations.ts';

beforeAll(() => loadSqlGuard());

function check(sql: string, allowedFunctions?: string[]): GuardVerdict {
  return checkSqlSync(sql, { maxRows: 10, allowedFunctions });
}

function expectRefused(sql: string, code: GuardRejectionCode, ...named: string[]): void {
  const verdict = check(sql);
  expect(verdict, sql).toMatchObject({ ok: false, code });
  for (const name of named) expect(verdict.ok ? '' : verdict.reason, sql).toContain(name);
}

/** What each relation holds, as the refusal says it. */
const secretRelations: Record<string, string> = {
  pg_authid: 'password hashes',
  pg_shadow: 'password hashes',
  pg_user_mapping: 'foreign-server credentials',
  pg_user_mappings: 'foreign-server credentials',
  _pg_user_mappings: 'foreign-server credentials',
  user_mappings: 'foreign-server credentials',
  user_mapping_options: 'foreign-server credentials',
  _pg_foreign_servers: 'foreign-server options',
  foreign_server_options: 'foreign-server options',
  pg_foreign_server: 'foreign-server options',
  pg_subscription: 'replication connection strings with passwords',
  pg_stat_subscription: 'replication connection state',
  pg_stat_wal_receiver: 'the replication connection string',
  pg_stat_replication: 'replication clients',
  pg_largeobject: 'large object contents',
  pg_largeobject_metadata: 'large object metadata',
  pg_statistic: 'raw values of columns the role may not read',
  pg_statistic_ext_data: 'raw values of columns the role may not read',
  pg_stat_activity: "other sessions' query text",
  pg_stat_statements: "other sessions' query text",
  pg_stat_statements_info: "other sessions' query statistics",
  pg_stat_ssl: "other sessions' connection details",
  pg_stat_gssapi: "other sessions' connection details",
  pg_locks: "other sessions' locks",
  pg_settings: "the server's configuration",
  pg_file_settings: "the server's configuration files",
  pg_hba_file_rules: 'the authentication configuration',
  pg_ident_file_mappings: 'the authentication configuration',
  pg_config: "the server's build and paths",
  pg_db_role_setting: 'per-role settings, which can carry secrets',
  pg_backend_memory_contexts: "the server's memory state",
  pg_shmem_allocations: "the server's memory state",
};

describe('secret relations', () => {
  it('the guard refuses exactly the reviewed list', () => {
    expect(Object.keys(SENSITIVE_RELATIONS).sort()).toEqual(Object.keys(secretRelations).sort());
  });

  describe.each(Object.entries(secretRelations))('%s', (name, holds) => {
    it('is refused bare, schema-qualified and in any case, naming the relation and what it holds', () => {
      const reason = `Reading ${name} is not allowed: it holds ${holds}.`;
      for (const sql of [
        `SELECT * FROM ${name}`,
        `SELECT * FROM pg_catalog.${name}`,
        `SELECT * FROM information_schema.${name}`,
        `SELECT count(*) FROM ${name.toUpperCase()}`,
        `SELECT 1 FROM orders WHERE EXISTS (SELECT 1 FROM ${name})`,
      ]) {
        expect(check(sql), sql).toEqual({ ok: false, code: 'secret_catalog', reason });
      }
      expectRefused(`SELECT * FROM "${name.toUpperCase()}"`, 'secret_catalog', name.toUpperCase(), holds);
    });

    it('cannot be laundered through a CTE of the same name', () => {
      expectRefused(`WITH ${name} AS (SELECT 1 AS x) SELECT * FROM ${name}`, 'secret_catalog', name);
    });
  });

  it('leaves the masked catalog views readable', () => {
    for (const name of ['pg_roles', 'pg_user', 'pg_class', 'pg_stats']) expect(check(`SELECT * FROM ${name}`), name).toMatchObject({ ok: true });
  });
});

/*
 * Functions that read files, the network, large objects, other sessions or server settings; sleep,
 * signal, lock or write; assign ids or advance sequences; or run SQL given as text. None may be called.
 */
const deniedFunctions = [
  'pg_sleep', 'pg_sleep_for', 'pg_sleep_until', 'pg_read_file', 'pg_read_binary_file', 'pg_ls_dir', 'pg_stat_file',
  'pg_ls_logdir', 'pg_ls_waldir', 'pg_ls_tmpdir', 'pg_ls_archive_statusdir', 'pg_terminate_backend', 'pg_cancel_backend',
  'pg_reload_conf', 'pg_rotate_logfile', 'pg_advisory_lock', 'pg_advisory_xact_lock', 'pg_try_advisory_lock',
  'pg_advisory_lock_shared', 'pg_advisory_unlock_all', 'pg_notify', 'pg_logical_emit_message', 'pg_switch_wal',
  'pg_create_restore_point', 'pg_backup_start', 'pg_backup_stop', 'pg_promote', 'gin_clean_pending_list',
  'brin_summarize_new_values', 'brin_summarize_range', 'brin_desummarize_range', 'pg_import_system_collations',
  'lo_import', 'lo_export', 'lo_get', 'lo_open', 'lo_create', 'lo_creat', 'lo_unlink', 'lo_from_bytea', 'lo_put', 'loread',
  'lowrite', 'dblink', 'dblink_exec', 'dblink_connect', 'dblink_send_query', 'query_to_xml', 'query_to_xml_and_xmlschema',
  'table_to_xml', 'cursor_to_xml', 'schema_to_xml', 'database_to_xml', 'ts_stat', 'ts_rewrite', 'crosstab', 'crosstab2',
  'connectby', 'xpath_table', 'current_setting', 'set_config', 'setseed', 'nextval', 'setval', 'txid_current',
  'pg_current_xact_id', 'pg_current_wal_lsn', 'pg_database_size', 'pg_relation_size', 'pg_total_relation_size',
  'pg_stat_get_activity', 'pg_stat_get_backend_activity', 'pg_stat_reset', 'pg_stat_statements_reset', 'pg_backend_pid',
  'pg_blocking_pids', 'pg_postmaster_start_time', 'pg_conf_load_time', 'inet_client_addr', 'inet_server_addr',
  'pg_export_snapshot', 'pg_create_logical_replication_slot', 'pg_drop_replication_slot', 'pg_replication_origin_create',
  'pg_file_write', 'pg_file_unlink', 'pg_file_rename', 'get_raw_page', 'heap_page_items', 'pgstattuple',
  'pg_buffercache_pages', 'pg_get_keywords', 'pg_settings_get_flags', 'pg_show_all_settings', 'pg_hba_file_rules',
  'pg_get_backend_memory_contexts', 'pg_log_backend_memory_contexts', 'pg_walfile_name', 'amcheck', 'bt_index_check',
  'pg_prewarm', 'pg_visibility', 'pg_stat_get_wal_receiver', 'has_table_privilege', 'pg_has_role', 'pg_get_userbyid',
  'similarity', 'uuid_generate_v4', 'make_tsvector', 'bump_counter',
];

describe('functions off the allowlist', () => {
  it('none of the denied names is on the allowlist', () => {
    const allowed = new Set(Object.values(ALLOWED_FUNCTIONS_BY_CATEGORY).flat());
    expect(deniedFunctions.filter((name) => allowed.has(name))).toEqual([]);
  });

  it.each(deniedFunctions)('%s() is refused bare, from pg_catalog and in attribute notation, named', (name) => {
    expectRefused(`SELECT ${name}()`, 'denied_function', `Calling ${name}() is not allowed`, `and ${name} is not one of them`);
    expectRefused(`SELECT ${name}(1, 'x')`, 'denied_function', `${name}()`);
    expectRefused(`SELECT pg_catalog.${name}()`, 'denied_function', `Calling pg_catalog.${name}() is not allowed`);
    expectRefused(`SELECT * FROM ${name}() AS f`, 'denied_function', `${name}()`);
    expectRefused(`SELECT 1 FROM orders WHERE id IN (SELECT ${name}())`, 'denied_function', `${name}()`);
    expectRefused(`SELECT upper(${name}()::text)`, 'denied_function', `${name}()`);
  });

  it('refuses a quoted name that differs from a built-in only in case: it is another function', () => {
    expectRefused('SELECT "LOWER"(name) FROM customers', 'denied_function', 'LOWER()');
    expectRefused('SELECT "Count"(*) FROM orders', 'denied_function', 'Count()');
    expectRefused('SELECT "BUMP_COUNTER"()', 'denied_function', 'BUMP_COUNTER()');
    expect(check('SELECT "BUMP_COUNTER"()', ['bump_counter'])).toMatchObject({ ok: false, code: 'denied_function' });
    expect(check('SELECT Bump_Counter()', ['BUMP_COUNTER'])).toMatchObject({ ok: true, functions: ['bump_counter'] });
    expect(check('SELECT LOWER(name) FROM customers')).toMatchObject({ ok: true, functions: ['lower'] });
  });

  it('names a call through another database as a cross-database reference', () => {
    expectRefused('SELECT otherdb.public.lower(name) FROM customers', 'cross_database_reference', 'otherdb.public.lower()');
    expectRefused('SELECT * FROM otherdb.public.orders', 'cross_database_reference', 'otherdb.public.orders');
  });
});

describe('the function allowlist', () => {
  const allowed = Object.entries(ALLOWED_FUNCTIONS_BY_CATEGORY).flatMap(([category, names]) => names.map((name) => ({ category, name })));

  it('is the reviewed list', () => {
    expect(Object.fromEntries(Object.entries(ALLOWED_FUNCTIONS_BY_CATEGORY).map(([category, names]) => [category, [...names].sort()]))).toMatchSnapshot();
  });

  it('holds only lower-case names, each once', () => {
    const names = allowed.map((a) => a.name);
    expect(names.filter((name) => name !== name.toLowerCase() || name === '')).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(allowed)('$category: $name() may be called bare or from pg_catalog, but not from another schema', ({ name }) => {
    expect(check(`SELECT "${name}"()`)).toMatchObject({ ok: true, functions: [name], searchPathNames: [] });
    expect(check(`SELECT pg_catalog."${name}"()`)).toMatchObject({ ok: true, functions: [`pg_catalog.${name}`] });
    expect(check(`SELECT t."${name}" FROM t`)).toMatchObject({ ok: true, attributeNames: [] });
    expectRefused(`SELECT public."${name}"()`, 'qualified_function', `Calling public.${name}() is not allowed`, `allow public.${name} by name`);
  });
});

describe('field names that are plainly calls', () => {
  const hazardous = ['dblink', 'dblink_exec', 'crosstab', 'connectby', 'xpath_table', 'query_to_xml', 'table_to_xml', 'set_config', 'nextval', 'setval'];

  it('the guard refuses exactly the reviewed list (and every pg_ name)', () => {
    expect([...HAZARDOUS_FIELD_NAMES].sort()).toEqual([...hazardous].sort());
  });

  it.each([...hazardous, 'pg_sleep', 'pg_read_file', 'Pg_Ls_Dir'])('t.%s and (t).%s are refused, named', (name) => {
    const reason = `The query refers to a field named ${name}, which PostgreSQL can treat as a call of ${name}(); that function is not allowed.`;
    expect(check(`SELECT t.${name} FROM orders t`)).toEqual({ ok: false, code: 'denied_function', reason: reason.replaceAll(name, name.toLowerCase()) });
    expect(check(`SELECT (t).${name} FROM orders t`)).toMatchObject({ ok: false, code: 'denied_function' });
    expect(check(`SELECT t."${name.toUpperCase()}" FROM orders t`)).toMatchObject({ ok: false, code: 'denied_function' });
  });

  it('an owner-allowed name is not refused as a field', () => {
    expect(check('SELECT t.dblink FROM orders t', ['dblink'])).toMatchObject({ ok: true, attributeNames: [] });
    expect(check('SELECT t.pg_sleep FROM orders t', ['pg_sleep'])).toMatchObject({ ok: true, attributeNames: [] });
  });

  it('other field names are handed on for the executor to check', () => {
    expect(check('SELECT t.region_label, (t).total FROM orders t')).toMatchObject({ ok: true, attributeNames: ['region_label', 'total'] });
  });
});

describe('operators', () => {
  it('the built-in set is the reviewed one', () => {
    expect([...BUILTIN_OPERATORS].sort()).toMatchSnapshot();
  });

  it.each([...BUILTIN_OPERATORS])('%s is allowed when named from pg_catalog', (symbol) => {
    expect(check(`SELECT a OPERATOR(pg_catalog.${symbol}) b FROM t`), symbol).toMatchObject({ ok: true });
  });

  it.each(['===', '<<<>', '<<<', '~~~', '@@@@', '!', '?!', '&&&', '=>>'])('%s is refused, named', (symbol) => {
    expectRefused(`SELECT a OPERATOR(pg_catalog.${symbol}) b FROM t`, 'denied_operator', `The operator ${symbol} is not a built-in`);
    expectRefused(`SELECT a FROM t ORDER BY a USING ${symbol}`, 'denied_operator', `The operator ${symbol} is not a built-in`);
  });

  it('a schema other than pg_catalog is refused even for a built-in symbol, named', () => {
    expectRefused('SELECT 1 OPERATOR(public.+) 2', 'qualified_function', 'OPERATOR(public.+)');
    expectRefused('SELECT a FROM t ORDER BY a USING OPERATOR(evil.<)', 'qualified_function', 'OPERATOR(evil.<)');
    expect(check('SELECT a FROM t ORDER BY a USING <')).toMatchObject({ ok: true });
  });

  it('BETWEEN and its variants are keywords, not operators to look up', () => {
    for (const sql of ['SELECT 1 WHERE 2 BETWEEN 1 AND 3', 'SELECT 1 WHERE 2 NOT BETWEEN 1 AND 3', 'SELECT 1 WHERE 2 BETWEEN SYMMETRIC 3 AND 1', 'SELECT 1 WHERE 2 NOT BETWEEN SYMMETRIC 3 AND 1']) {
      expect(check(sql), sql).toMatchObject({ ok: true });
    }
  });
});

/** Statements that are not a SELECT, and how the refusal names them. */
const statementKinds: [string, string][] = [
  ["INSERT INTO t VALUES (1)", 'INSERT'],
  ["UPDATE t SET a = 1", 'UPDATE'],
  ['DELETE FROM t', 'DELETE'],
  ['MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE', 'MERGE'],
  ['TRUNCATE t', 'TRUNCATE'],
  ['CREATE TABLE t (a int)', 'CREATE TABLE'],
  ['CREATE TABLE t AS SELECT 1', 'CREATE TABLE AS'],
  ['CREATE MATERIALIZED VIEW m AS SELECT 1', 'CREATE MATERIALIZED VIEW'],
  ['CREATE SEQUENCE s', 'CREATE SEQUENCE'],
  ['CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()', 'CREATE TRIGGER'],
  ["CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", 'CREATE FUNCTION'],
  ['CREATE ROLE r', 'CREATE ROLE'],
  ['CREATE INDEX i ON t (a)', 'CREATE INDEX'],
  ['CREATE VIEW v AS SELECT 1', 'CREATE VIEW'],
  ['CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING', 'CREATE RULE'],
  ['CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int)', 'CREATE'],
  ['CREATE TYPE ty AS (a int)', 'CREATE TYPE'],
  ["CREATE TYPE e AS ENUM ('a')", 'CREATE TYPE'],
  ['CREATE DATABASE d', 'CREATE DATABASE'],
  ['DROP DATABASE d', 'DROP DATABASE'],
  ['DROP TABLE t', 'DROP'],
  ['ALTER TABLE t ADD COLUMN b int', 'ALTER'],
  ['GRANT SELECT ON t TO r', 'GRANT or REVOKE'],
  ['GRANT r TO s', 'GRANT or REVOKE'],
  ['VACUUM t', 'VACUUM or ANALYZE'],
  ['EXPLAIN SELECT 1', 'EXPLAIN'],
  ['EXPLAIN (ANALYZE) SELECT 1', 'EXPLAIN ANALYZE'],
  ['EXPLAIN (VERBOSE, ANALYZE) DELETE FROM t', 'EXPLAIN ANALYZE'],
  ["COPY t TO '/tmp/x'", 'COPY'],
  ["DO 'BEGIN END'", 'DO'],
  ['CALL p()', 'CALL'],
  ['SET work_mem = 1', 'SET or RESET'],
  ['SHOW work_mem', 'SHOW'],
  ['BEGIN', 'transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT)'],
  ['CHECKPOINT', 'CHECKPOINT'],
  ["SECURITY LABEL ON TABLE t IS 'x'", 'SECURITY LABEL'],
  ["COMMENT ON TABLE t IS 'x'", 'COMMENT'],
  ['DECLARE c CURSOR FOR SELECT 1', 'DECLARE CURSOR'],
  ['CLOSE c', 'CLOSE'],
  ['REFRESH MATERIALIZED VIEW m', 'REFRESH MATERIALIZED VIEW'],
  ['ALTER SYSTEM SET work_mem = 1', 'ALTER SYSTEM'],
  ['LISTEN chan', 'LISTEN'],
  ['NOTIFY chan', 'NOTIFY'],
  ['CREATE EXTENSION dblink', 'CREATE EXTENSION'],
  ['LOCK TABLE t', 'LOCK'],
  ['CREATE SCHEMA s', 'CREATE SCHEMA'],
  ['DISCARD ALL', 'DISCARD'],
  ['PREPARE p AS SELECT 1', 'PREPARE'],
];

describe('statements other than SELECT', () => {
  it.each(statementKinds)('%s is refused as %s', (sql, kind) => {
    expect(check(sql)).toEqual({ ok: false, code: 'not_select', reason: `${kind} statements cannot be run; only a single SELECT query can.` });
  });

  it.each([
    ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', 'a DELETE'],
    ['WITH u AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM u', 'an UPDATE'],
    ['WITH i AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM i', 'an INSERT'],
    ['WITH m AS (MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE RETURNING *) SELECT * FROM m', 'a MERGE'],
  ])('%s is refused as a modifying CTE naming %s', (sql, label) => {
    expect(check(sql)).toEqual({
      ok: false,
      code: 'modifying_cte',
      reason: `The query contains ${label} inside a WITH clause; only read-only queries can be run.`,
    });
  });

  it.each([
    ['SELECT * FROM t FOR UPDATE', 'FOR UPDATE'],
    ['SELECT * FROM t FOR NO KEY UPDATE', 'FOR NO KEY UPDATE'],
    ['SELECT * FROM t FOR SHARE', 'FOR SHARE'],
    ['SELECT * FROM t FOR KEY SHARE', 'FOR KEY SHARE'],
    ['SELECT * FROM (SELECT * FROM t FOR UPDATE) s', 'FOR UPDATE'],
  ])('%s is refused as row locking, named', (sql, lock) => {
    expect(check(sql)).toEqual({ ok: false, code: 'row_locking', reason: `${lock} locks rows; only plain SELECT queries can be run.` });
  });

  it('SELECT INTO and placeholders are refused, the placeholder named', () => {
    expect(check('SELECT 1 INTO t2')).toMatchObject({ ok: false, code: 'select_into' });
    expectRefused('SELECT * FROM t WHERE a = $2', 'parameter_placeholder', '($2)');
  });
});
