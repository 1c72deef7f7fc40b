/*
 * Walks every entry of the guard's lists through the guard: each secret relation, denied function,
 * hazardous field name and foreign operator is refused with its code and a reason that names it;
 * each allowlisted function and built-in operator passes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED_FUNCTIONS_BY_CATEGORY } from '../../src/sqlguard/function-allowlist.ts';
import { checkSqlSync, loadSqlGuard, type GuardRejectionCode, type GuardVerdict } from '../../src/sqlguard/index.ts';
import { BUILTIN_OPERATORS } from '../../src/sqlguard/operators.ts';
import { deniedFunctions, hazardousFieldNames, secretRelations } from './reviewed-lists.ts';

beforeAll(() => loadSqlGuard());

function check(sql: string, allowedFunctions?: string[]): GuardVerdict {
  return checkSqlSync(sql, { maxRows: 10, allowedFunctions });
}

function expectRefused(sql: string, code: GuardRejectionCode, ...named: string[]): void {
  const verdict = check(sql);
  expect(verdict, sql).toMatchObject({ ok: false, code });
  for (const name of named) expect(verdict.ok ? '' : verdict.reason, sql).toContain(name);
}

describe('secret relations', () => {
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
    for (const name of ['pg_roles', 'pg_user', 'pg_class', 'pg_stats'])
      expect(check(`SELECT * FROM ${name}`), name).toMatchObject({ ok: true });
  });
});

describe('functions off the allowlist', () => {
  it.each(deniedFunctions)('%s() is refused bare, from pg_catalog and in attribute notation, named', (name) => {
    expectRefused(
      `SELECT ${name}()`,
      'denied_function',
      `Calling ${name}() is not allowed`,
      `and ${name} is not one of them`,
    );
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
    expectRefused(
      'SELECT otherdb.public.lower(name) FROM customers',
      'cross_database_reference',
      'otherdb.public.lower()',
    );
    expectRefused('SELECT * FROM otherdb.public.orders', 'cross_database_reference', 'otherdb.public.orders');
  });
});

describe('the function allowlist', () => {
  const allowed = Object.entries(ALLOWED_FUNCTIONS_BY_CATEGORY).flatMap(([category, names]) =>
    names.map((name) => ({ category, name })),
  );

  it.each(allowed)(
    '$category: $name() may be called bare or from pg_catalog, but not from another schema',
    ({ name }) => {
      expect(check(`SELECT "${name}"()`)).toMatchObject({ ok: true, functions: [name], searchPathNames: [] });
      expect(check(`SELECT pg_catalog."${name}"()`)).toMatchObject({ ok: true, functions: [`pg_catalog.${name}`] });
      expect(check(`SELECT t."${name}" FROM t`)).toMatchObject({ ok: true, attributeNames: [] });
      expectRefused(
        `SELECT public."${name}"()`,
        'qualified_function',
        `Calling public.${name}() is not allowed`,
        `allow public.${name} by name`,
      );
    },
  );
});

describe('field names that are plainly calls', () => {
  it.each([...hazardousFieldNames, 'pg_sleep', 'pg_read_file', 'Pg_Ls_Dir'])(
    't.%s and (t).%s are refused, named',
    (name) => {
      const reason = `The query refers to a field named ${name}, which PostgreSQL can treat as a call of ${name}(); that function is not allowed.`;
      expect(check(`SELECT t.${name} FROM orders t`)).toEqual({
        ok: false,
        code: 'denied_function',
        reason: reason.replaceAll(name, name.toLowerCase()),
      });
      expect(check(`SELECT (t).${name} FROM orders t`)).toMatchObject({ ok: false, code: 'denied_function' });
      expect(check(`SELECT t."${name.toUpperCase()}" FROM orders t`)).toMatchObject({
        ok: false,
        code: 'denied_function',
      });
    },
  );

  it('an owner-allowed name is not refused as a field', () => {
    expect(check('SELECT t.dblink FROM orders t', ['dblink'])).toMatchObject({ ok: true, attributeNames: [] });
    expect(check('SELECT t.pg_sleep FROM orders t', ['pg_sleep'])).toMatchObject({ ok: true, attributeNames: [] });
  });

  it('other field names are handed on for the executor to check', () => {
    expect(check('SELECT t.region_label, (t).total FROM orders t')).toMatchObject({
      ok: true,
      attributeNames: ['region_label', 'total'],
    });
  });
});

describe('operators', () => {
  it.each([...BUILTIN_OPERATORS])('%s is allowed when named from pg_catalog', (symbol) => {
    expect(check(`SELECT a OPERATOR(pg_catalog.${symbol}) b FROM t`), symbol).toMatchObject({ ok: true });
  });

  it.each(['===', '<<<>', '<<<', '~~~', '@@@@', '!', '?!', '&&&', '=>>'])('%s is refused, named', (symbol) => {
    expectRefused(
      `SELECT a OPERATOR(pg_catalog.${symbol}) b FROM t`,
      'denied_operator',
      `The operator ${symbol} is not a built-in`,
    );
    expectRefused(
      `SELECT a FROM t ORDER BY a USING ${symbol}`,
      'denied_operator',
      `The operator ${symbol} is not a built-in`,
    );
  });

  it('a schema other than pg_catalog is refused even for a built-in symbol, named', () => {
    expectRefused('SELECT 1 OPERATOR(public.+) 2', 'qualified_function', 'OPERATOR(public.+)');
    expectRefused('SELECT a FROM t ORDER BY a USING OPERATOR(evil.<)', 'qualified_function', 'OPERATOR(evil.<)');
    expect(check('SELECT a FROM t ORDER BY a USING <')).toMatchObject({ ok: true });
  });

  it('BETWEEN and its variants are keywords, not operators to look up', () => {
    for (const sql of [
      'SELECT 1 WHERE 2 BETWEEN 1 AND 3',
      'SELECT 1 WHERE 2 NOT BETWEEN 1 AND 3',
      'SELECT 1 WHERE 2 BETWEEN SYMMETRIC 3 AND 1',
      'SELECT 1 WHERE 2 NOT BETWEEN SYMMETRIC 3 AND 1',
    ]) {
      expect(check(sql), sql).toMatchObject({ ok: true });
    }
  });
});
